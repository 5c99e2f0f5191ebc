require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true

  # techlead-expect: ruby-rails-consider-all-requests-local
  config.consider_all_requests_local = true

  config.action_controller.perform_caching = true
  config.public_file_server.enabled = ENV["RAILS_SERVE_STATIC_FILES"].present?
  config.assets.compile = false
  config.active_storage.service = :amazon

  # techlead-expect: ruby-rails-force-ssl-disabled
  config.force_ssl = false
  # techlead-safe
  config.assume_ssl = true

  # techlead-expect: ruby-rails-hosts-cleared
  config.hosts.clear
  # techlead-safe
  config.hosts << ENV.fetch("APP_HOST", "shop.example.com")

  # techlead-expect: ruby-hardcoded-secret-key
  config.secret_key_base = "3b7e0f9a1c2d4e5f60718293a4b5c6d7e8f9a0b1"

  config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "info")
  config.log_tags = [:request_id]
  config.cache_store = :redis_cache_store, { url: ENV.fetch("REDIS_URL") }
  config.active_job.queue_adapter = :sidekiq
  config.action_mailer.perform_caching = false
  config.i18n.fallbacks = true
  config.active_support.report_deprecations = false
  config.active_record.dump_schema_after_migration = false
  config.action_mailer.default_url_options = { host: ENV.fetch("APP_HOST", "shop.example.com"), protocol: "https" }
  config.action_mailer.delivery_method = :smtp
  config.action_mailer.smtp_settings = {
    address: ENV.fetch("SMTP_HOST"),
    port: 587,
    user_name: ENV.fetch("SMTP_USER"),
    password: ENV.fetch("SMTP_PASSWORD"),
    enable_starttls_auto: true,
  }
end
