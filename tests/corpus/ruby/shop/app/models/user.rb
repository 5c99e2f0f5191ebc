# A shop customer with a password, an API token and a remember-me cookie.
class User < ApplicationRecord
  has_many :orders, dependent: :destroy
  has_secure_password

  # techlead-expect: ruby-regex-line-anchors
  validates :username, presence: true, format: { with: /^[a-z0-9_]{3,20}$/ }
  # techlead-safe
  validates :zip, format: { with: /\A\d{5}\z/ }, allow_blank: true
  # techlead-safe
  validates :email, presence: true, uniqueness: true

  # techlead-expect: ruby-hardcoded-password
  LEGACY_ADMIN_PASSWORD = "Sh0pAdm1n!"

  def self.legacy_digest(password, salt)
    # techlead-expect: ruby-password-fast-hash
    Digest::SHA256.hexdigest(salt + password)
  end

  def self.hash_password(password)
    # techlead-safe
    BCrypt::Password.create(password)
  end

  def self.fast_hash_for_tests(password)
    # techlead-expect: ruby-bcrypt-low-cost
    BCrypt::Password.create(password, cost: 4)
  end

  def regenerate_api_token!
    # techlead-expect: ruby-insecure-random-token
    self.api_token = Array.new(32) { rand(36).to_s(36) }.join
    # techlead-safe
    self.api_token = SecureRandom.hex(32)
    save!
  end

  def remember(cookies)
    # techlead-expect: ruby-rails-cookie-insecure
    cookies.permanent[:remember_token] = { value: remember_token, httponly: false }
    # techlead-safe
    cookies.encrypted[:remember_token] = { value: remember_token, httponly: true, secure: true, same_site: :lax }
    # techlead-safe
    cookies[:theme] = preferred_theme
  end

  def gravatar_hash
    # techlead-expect: ruby-weak-crypto
    Digest::MD5.hexdigest(email.downcase)
  end

  def encrypt_note(note, key)
    cipher = OpenSSL::Cipher.new("aes-256-cbc")
    cipher.encrypt
    cipher.key = key
    # techlead-expect: ruby-openssl-static-iv
    cipher.iv = "0000000000000000"
    # techlead-safe
    iv = cipher.random_iv
    iv + cipher.update(note) + cipher.final
  end
end
