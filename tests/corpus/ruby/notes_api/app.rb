# Notes API (Sinatra): notes, search, rendering and health checks.
require "sinatra/base"
require "json"
require "open3"
require "sqlite3"

class NotesApp < Sinatra::Base
  # techlead-expect: ruby-bind-all-interfaces
  set :bind, "0.0.0.0"
  # techlead-safe
  set :port, ENV.fetch("PORT", 4567)
  # techlead-expect: ruby-hardcoded-secret-key
  set :session_secret, "notes-session-secret-please-change"
  # techlead-expect: ruby-sinatra-protection-disabled
  set :protection, false
  # techlead-safe
  set :show_exceptions, false
  enable :sessions

  DB = SQLite3::Database.new(ENV.fetch("NOTES_DB", "notes.db"))
  VIEWS = { "list" => :list, "grid" => :grid }.freeze

  get "/notes" do
    # techlead-expect: ruby-sql-interpolation
    rows = DB.execute("SELECT id, title FROM notes WHERE owner = '#{params[:owner]}'")
    # techlead-safe
    rows += DB.execute("SELECT id, title FROM notes WHERE owner = ?", [params[:owner]])
    # techlead-safe
    erb VIEWS.fetch(params[:view], :list), locals: { rows: rows }
  end

  get "/notes/view" do
    # techlead-expect: ruby-rails-render-params
    erb params[:template].to_sym
  end

  get "/hello" do
    # techlead-expect: ruby-sinatra-reflected-xss
    "<h1>Hello #{params[:name]}</h1>"
  end

  get "/hello-safe" do
    # techlead-safe
    "<h1>Hello #{Rack::Utils.escape_html(params[:name])}</h1>"
  end

  get "/count" do
    # techlead-safe
    "<p>#{params[:n].to_i} notes</p>"
  end

  get "/grep" do
    # techlead-expect: ruby-regexp-from-params
    re = Regexp.new(params[:q])
    # techlead-safe
    literal = Regexp.new(Regexp.escape(params[:q].to_s), Regexp::IGNORECASE)
    DB.execute("SELECT title FROM notes").flatten.grep(re).grep(literal).to_json
  end

  post "/notes/:id/render" do
    format = params[:format]
    # techlead-expect: ruby-command-injection
    out, _status = Open3.capture2("pandoc -t #{format} notes/#{params[:id]}.md")
    # techlead-safe
    out, _status = Open3.capture2("pandoc", "-t", format, "notes/#{params[:id].to_i}.md")
    out
  end

  get "/feed" do
    # techlead-expect: ruby-kernel-open
    body open(params[:url]).read
  end

  get "/calc" do
    # techlead-expect: ruby-eval-used
    result = eval(params[:expr])
    result.to_s
  end

  get "/link" do
    # techlead-expect: ruby-rails-link-to-params
    link_to "Continue", params[:next]
  end

  get "/health" do
    content_type :json
    # techlead-safe
    { ok: true, time: Time.now.utc.iso8601 }.to_json
  end

  error do
    e = env["sinatra.error"]
    # techlead-expect: ruby-stacktrace-in-response
    halt 500, e.backtrace.join("<br>")
  end
end
