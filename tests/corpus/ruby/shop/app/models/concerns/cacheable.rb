# frozen_string_literal: true

require "digest"
require "openssl"

# Cache keys, ETags and download links for catalogue records.
module Cacheable
  extend ActiveSupport::Concern

  def cache_key
    # techlead-safe
    "#{model_name.cache_key}/#{id}-#{Digest::MD5.hexdigest(attributes.to_s)}"
  end

  def fresh_etag(body)
    # techlead-safe
    etag = Digest::SHA1.hexdigest(body)
    %("#{etag}")
  end

  def export_metadata(format)
    {
      # techlead-safe
      filename: "#{Digest::MD5.hexdigest("#{id}-#{format}")}.#{format}",
      content_type: "text/#{format}"
    }
  end

  def self.digest_kind(klass)
    # techlead-safe
    return "md5" if klass == Digest::MD5

    "sha256"
  end

  def download_signature(expires_at)
    # techlead-expect: ruby-weak-crypto
    Digest::MD5.hexdigest("#{id}:#{expires_at.to_i}:#{Rails.application.secret_key_base}")
  end

  def webhook_signature(payload, secret)
    # techlead-expect: ruby-weak-crypto
    OpenSSL::HMAC.hexdigest(OpenSSL::Digest::SHA1.new, secret, payload)
  end

  def signed_cache_entry(value, secret)
    {
      value: value,
      # techlead-expect: ruby-weak-crypto
      sig: Digest::SHA1.hexdigest("#{value}:#{secret}")
    }
  end
end
