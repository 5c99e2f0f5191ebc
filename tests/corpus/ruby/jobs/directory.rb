# Staff directory lookups: LDAP login, the XML roster and the Mongo profile store.
require "mongo"
require "net/ldap"
require "nokogiri"

class Directory
  BASE = "ou=people,dc=example,dc=com".freeze

  def initialize(ldap, roster_path, mongo)
    @ldap = ldap
    @roster = Nokogiri::XML(File.read(roster_path))
    @profiles = mongo[:profiles]
  end

  def find_user(username)
    # techlead-expect: ruby-ldap-filter-injection
    filter = Net::LDAP::Filter.construct("(uid=#{username})")
    # techlead-safe
    filter = Net::LDAP::Filter.eq("uid", username)
    @ldap.search(base: BASE, filter: filter).first
  end

  def find_by_mail(email)
    # techlead-expect: ruby-ldap-filter-injection
    @ldap.search(base: BASE, filter: "(&(objectClass=person)(mail=#{email}))")
  end

  def emails_for(name)
    # techlead-expect: ruby-xpath-injection
    nodes = @roster.xpath("//person[name='#{name}']/email")
    # techlead-safe
    nodes += @roster.xpath("//person[name=$n]/email", nil, n: name)
    nodes.map(&:text)
  end

  def person(id)
    # techlead-safe
    @roster.at_xpath("//person[@id=#{id.to_i}]")
  end

  def search(params)
    # techlead-expect: ruby-mongo-where-injection
    docs = @profiles.find(params[:filter]).to_a
    # techlead-safe
    docs += @profiles.find(team: params[:team].to_s).to_a
    docs
  end

  def active_since(since)
    # techlead-expect: ruby-mongo-where-injection
    @profiles.find("$where" => "this.last_login > #{since}").to_a
  end

  def active_since_safe(since)
    # techlead-safe
    @profiles.find(last_login: { "$gt" => since.to_i }).to_a
  end

  def upload_avatar(upload)
    # techlead-expect: ruby-upload-original-filename
    path = File.join("/srv/avatars", upload.original_filename)
    # techlead-safe
    path = File.join("/srv/avatars", "#{SecureRandom.uuid}#{File.extname(upload.original_filename)}")
    File.binwrite(path, upload.read)
  end
end
