# Reporting API for the back office: raw SQL against the reporting replica.
module Api
  class ReportsController < ActionController::API
    include ActionController::HttpAuthentication::Token::ControllerMethods

    before_action :authenticate

    COLUMNS = %w[day revenue orders].freeze

    def revenue
      conn = ActiveRecord::Base.connection.raw_connection
      # techlead-expect: ruby-sql-driver-interpolation
      rows = conn.exec("SELECT day, revenue FROM daily_revenue WHERE region = '#{params[:region]}'")
      # techlead-safe
      rows = conn.exec_params("SELECT day, revenue FROM daily_revenue WHERE region = $1", [params[:region]])
      render json: rows.to_a
    end

    def top
      column = COLUMNS.include?(params[:by]) ? params[:by] : "revenue"
      # techlead-safe
      rows = DailyRevenue.order(column => :desc).limit(10)
      # techlead-safe
      rows = rows.where(region: params[:region]) if params[:region].present?
      render json: rows
    end

    def customers
      # techlead-safe
      scope = Customer.where("created_at > ?", params[:since].to_s)
      # techlead-safe
      scope = scope.where(country: params[:country]).pluck(:id, :email)
      render json: scope
    end

    def export
      # techlead-safe
      data = DailyRevenue.where(day: params[:from]..params[:to]).to_csv
      # techlead-safe
      send_data data, filename: "revenue-#{Date.current}.csv", type: "text/csv"
    end

    def debug
      # techlead-safe
      logger.info("report requested by #{current_client.name} for #{params[:region]}")
      # techlead-safe
      render json: { error: "internal error", request_id: request.request_id }, status: 500
    end

    def lookup
      # techlead-safe
      klass = { "orders" => Order, "customers" => Customer }.fetch(params[:kind], Order)
      # techlead-safe
      render json: klass.find(params[:id])
    end

    private

    def authenticate
      authenticate_or_request_with_http_token do |token, _options|
        # techlead-safe
        ActiveSupport::SecurityUtils.secure_compare(token, ENV.fetch("REPORTS_TOKEN"))
      end
    end

    def current_client
      # techlead-safe
      @current_client ||= ApiClient.find_by!(token_digest: Digest::SHA256.hexdigest(request.authorization.to_s))
    end
  end
end
