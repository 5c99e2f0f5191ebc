# Back-office staff pages: directory lookups, the warehouse roster, badge logs and notice previews.
require "mongo"
require "net/ldap"
require "nokogiri"
require "slim"

class StaffController < ApplicationController
  before_action :authenticate_admin!

  PEOPLE = "ou=people,dc=shop,dc=example".freeze
  TEAM_FILTERS = {
    "warehouse" => "(&(objectClass=person)(ou=warehouse))",
    "support" => "(&(objectClass=person)(ou=support))"
  }.freeze
  NOTICE_TEMPLATES = {
    "closed" => "<p>The shop is closed today, <%= name %>.</p>",
    "stock" => "<p>Stock take on Friday, <%= name %>.</p>"
  }.freeze

  def lookup
    login = params[:login]
    filter = "(&(objectClass=person)(uid=#{login}))"
    # techlead-expect: ruby-ldap-filter-injection-taint
    @entries = directory.search(base: PEOPLE, filter: filter, attributes: %w[cn mail])
    # techlead-safe
    @entries += directory.search(base: PEOPLE, filter: Net::LDAP::Filter.equals("uid", login.to_s))
    render json: @entries.map(&:dn)
  end

  def team
    filter = TEAM_FILTERS.fetch(params[:team], "(objectClass=person)")
    # techlead-safe
    @entries = directory.search(base: PEOPLE, filter: filter)
    render json: @entries.size
  end

  def by_mail
    # techlead-expect: ruby-ldap-filter-injection
    @entries = directory.search(base: PEOPLE, filter: "(mail=#{params[:mail]})")
    render json: @entries.size
  end

  def shift_members
    shift = params[:shift]
    path = "//shift[@name='" + shift + "']/member/name"
    # techlead-expect: ruby-xpath-injection-taint
    names = roster.xpath(path).map(&:text)
    slot = params[:slot].to_i
    path = "//shift/member[#{slot}]/name"
    # techlead-safe
    names += roster.xpath(path).map(&:text)
    render json: names
  end

  def badge_log
    criteria = { employee: params[:employee], site: "main" }
    # techlead-expect: ruby-mongo-where-injection-taint
    @events = badges.find(criteria).limit(100).to_a
    criteria = { employee: params[:employee].to_s, site: "main" }
    # techlead-safe
    @events += badges.find(criteria).limit(100).to_a
    render json: @events
  end

  def late_badges
    hour = params[:hour]
    js = "this.swiped_at.getHours() >= " + hour
    # techlead-expect: ruby-mongo-where-injection-taint
    @late = badges.find("$where" => js).to_a
    hour = params[:hour].to_i
    js = "this.swiped_at.getHours() >= #{hour}"
    # techlead-safe
    @late += badges.find("$where" => js).to_a
    render json: @late.size
  end

  def notice_preview
    body = params[:body].to_s
    html = "<div class='notice'>" + body + "</div>"
    # techlead-expect: ruby-rails-render-inline-taint
    render inline: html, layout: "admin"
  end

  def notice
    template = NOTICE_TEMPLATES.fetch(params[:kind], NOTICE_TEMPLATES["closed"])
    # techlead-safe
    render inline: template, locals: { name: current_user.name }
  end

  def notice_direct
    # techlead-expect: ruby-rails-render-inline
    render inline: "<div class='notice'>#{params[:body]}</div>"
  end

  def banner
    headline = cookies[:headline]
    source = "div.banner\n  h2 #{headline}"
    # techlead-expect: ruby-rails-render-inline-taint
    html = Slim::Template.new { source }.render(self)
    # techlead-safe
    html += Slim::Template.new { "div.banner\n  h2 = headline" }.render(self, headline: headline)
    render plain: html, content_type: "text/html"
  end

  def signature
    name = params[:name].to_s
    # techlead-expect: ruby-rails-render-inline-taint (the helper returns its last expression implicitly)
    render inline: signature_template(name)
  end

  private

  def signature_template(name)
    "<p>--<br>#{name}</p>"
  end

  def directory
    @directory ||= Net::LDAP.new(host: "ldap.shop.example", port: 636, encryption: :simple_tls)
  end

  def roster
    @roster ||= Nokogiri::XML(File.read(Rails.root.join("config/roster.xml")))
  end

  def badges
    @badges ||= Mongo::Client.new(ENV.fetch("MONGO_URL"))[:badges]
  end
end
