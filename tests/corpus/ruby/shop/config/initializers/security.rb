# Security-related settings of the shop: CORS, cookies, sessions and routes.

Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    # techlead-expect: ruby-cors-wildcard-credentials
    origins "*"
    resource "/api/*", headers: :any, methods: %i[get post patch delete], credentials: true
  end

  allow do
    # techlead-safe
    origins "*"
    resource "/public/*", headers: :any, methods: [:get]
  end

  allow do
    # techlead-safe
    origins "https://app.example.com"
    resource "/account/*", headers: :any, methods: :any, credentials: true
  end
end

# techlead-expect: ruby-rails-cookie-serializer-marshal
Rails.application.config.action_dispatch.cookies_serializer = :marshal

# techlead-expect: ruby-rails-cookie-insecure
Rails.application.config.session_store :cookie_store, key: "_shop_session", secure: false
# techlead-safe
Rails.application.config.session_store :cookie_store, key: "_shop_session", secure: Rails.env.production?, same_site: :lax

# techlead-expect: ruby-rails-frame-options-removed
Rails.application.config.action_dispatch.default_headers.delete("X-Frame-Options")
# techlead-safe
Rails.application.config.action_dispatch.default_headers.merge!("X-Content-Type-Options" => "nosniff")

Rails.application.config.content_security_policy do |policy|
  policy.default_src :self
  # techlead-safe
  policy.frame_ancestors :self, "https://partner.example.com"
end

Rails.application.routes.draw do
  resources :orders
  # techlead-expect: ruby-rails-match-via-all
  match "/orders/:id/cancel", to: "orders#destroy", via: [:get, :post]
  # techlead-safe
  match "/search", to: "search#index", via: [:get, :post]
  post "/payments/webhook", to: "payments#webhook"
end

BCrypt::Engine.cost = 12
