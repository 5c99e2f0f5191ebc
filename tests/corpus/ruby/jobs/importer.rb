# Nightly importer: pulls partner archives, unpacks them and loads the records.
require "json"
require "net/ftp"
require "net/http"
require "oj"
require "openssl"
require "tempfile"
require "yaml"
require "zip"

class PartnerImporter
  FEED = URI("https://partner.example.com/export.zip")

  def initialize(dest)
    @dest = dest
  end

  def download
    http = Net::HTTP.new(FEED.host, FEED.port)
    http.use_ssl = true
    # techlead-expect: ruby-ssl-verify-none
    http.verify_mode = OpenSSL::SSL::VERIFY_NONE
    # techlead-safe
    http.verify_mode = OpenSSL::SSL::VERIFY_PEER
    http.get(FEED.request_uri).body
  end

  def mirror(archive)
    # techlead-expect: ruby-cleartext-protocol
    Net::FTP.open("mirror.internal", username: "import", password: ENV.fetch("MIRROR_PASSWORD")) do |ftp|
      ftp.putbinaryfile(archive)
    end
    # techlead-safe
    Net::FTP.open("mirror2.internal", ssl: true, username: "import", password: ENV.fetch("MIRROR_PASSWORD")) do |ftps|
      ftps.putbinaryfile(archive)
    end
  end

  def unpack(path)
    Zip::File.open(path) do |zip|
      zip.each do |entry|
        # techlead-expect: ruby-archive-extract-traversal
        entry.extract(File.join(@dest, entry.name))
      end
    end
  end

  def load_manifest(path)
    # techlead-expect: ruby-yaml-unsafe-load
    manifest = YAML.load(File.read(path))
    # techlead-safe
    manifest = YAML.safe_load(File.read(path), permitted_classes: [Date, Symbol])
    # techlead-expect: ruby-yaml-unsafe-load-file
    extra = YAML.unsafe_load_file("#{@dest}/extra.yml")
    manifest.merge(extra)
  end

  def load_records(path)
    text = File.read(path)
    # techlead-expect: ruby-oj-unsafe-load
    records = Oj.load(text)
    # techlead-safe
    records = Oj.load(text, mode: :strict)
    # techlead-expect: ruby-json-create-additions
    more = JSON.load(File.read("#{@dest}/more.json"))
    # techlead-safe
    more = JSON.parse(File.read("#{@dest}/more.json"))
    records + more
  end

  def load_cache
    # techlead-expect: ruby-marshal-load
    Marshal.load(File.binread("#{@dest}/cache.bin"))
  end

  def scratch_file(csv)
    # techlead-expect: ruby-tmp-file-predictable
    File.write("/tmp/partner-import.csv", csv)
    # techlead-safe
    Tempfile.create(["partner-import", ".csv"]) { |f| f.write(csv) }
  end

  def prepare
    # techlead-expect: ruby-permissive-file-mode
    FileUtils.mkdir_p(@dest, mode: 0o777)
    # techlead-safe
    FileUtils.mkdir_p("#{@dest}/private", mode: 0o750)
  end

  def signing_key
    # techlead-expect: ruby-openssl-weak-rsa-key
    OpenSSL::PKey::RSA.new(1024)
  end

  def token_for(partner_id)
    # techlead-expect: ruby-jwt-hardcoded-secret
    JWT.encode({ sub: partner_id }, "partner-import-secret", "HS256")
  end

  def tls_context
    ctx = OpenSSL::SSL::SSLContext.new
    # techlead-expect: ruby-ssl-old-version
    ctx.min_version = OpenSSL::SSL::TLS1_VERSION
    # techlead-safe
    ctx.min_version = OpenSSL::SSL::TLS1_2_VERSION
    ctx
  end
end
