# Exports: values from the request travel through variables and helpers first.
class ExportsController < ApplicationController
  before_action :authenticate_user!

  FORMATS = { "csv" => "text/csv", "json" => "application/json" }.freeze
  COLUMNS = %w[created_at total status].freeze
  FEEDS = { "rates" => "https://rates.example.com/today.json" }.freeze

  def index
    filter = "status = '#{params[:status]}'"
    # techlead-expect: ruby-sql-injection
    @orders = current_user.orders.where(filter)
    column = COLUMNS.include?(params[:sort]) ? params[:sort] : "created_at"
    # techlead-safe
    @orders = @orders.order(column)
    limit = params[:limit].to_i
    clause = "total > #{limit}"
    # techlead-safe
    @orders = @orders.where(clause)
  end

  def search
    term = params[:q].to_s.strip
    condition = "reference LIKE '%" + term + "%'"
    # techlead-expect: ruby-sql-injection
    @orders = Order.where(condition).limit(50)
    # techlead-safe
    @orders = Order.where("reference LIKE ?", "%#{term}%").limit(50)
  end

  def download
    name = params[:file]
    path = Rails.root.join("exports", current_user.id.to_s, name)
    # techlead-expect: ruby-path-traversal-request
    send_file path
  end

  def download_safe
    name = File.basename(params[:file].to_s)
    path = Rails.root.join("exports", current_user.id.to_s, name)
    # techlead-safe
    send_file path
  end

  def rates
    feed_url = params[:feed_url]
    uri = URI(feed_url)
    # techlead-expect: ruby-ssrf-request
    body = Net::HTTP.get(uri)
    # techlead-safe
    body += Net::HTTP.get(URI(FEEDS.fetch(params[:feed], FEEDS["rates"])))
    render json: body
  end

  def finish
    back = params[:back]
    # techlead-expect: ruby-open-redirect
    redirect_to back
  end

  def finish_safe
    # techlead-safe
    redirect_to export_path(params[:id])
  end

  def show
    @export = current_user.exports.find(params[:id])
    # techlead-safe
    redirect_to @export
  end

  def archive
    dir = params[:dir].to_s
    command = "zip -r /tmp/export.zip exports/" + dir
    # techlead-expect: ruby-command-injection-request
    system(command)
    # techlead-safe
    system("zip", "-r", "/tmp/export.zip", "exports/#{current_user.id}")
    send_file "/tmp/export.zip"
  end

  def content_type_for(format)
    # techlead-safe
    FORMATS.fetch(format, "text/csv")
  end
end
