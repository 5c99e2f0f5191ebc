# Orders: listing, search, exports and the payment callback.
class OrdersController < ApplicationController
  before_action :authenticate_user!
  # techlead-expect: ruby-rails-csrf-disabled
  skip_before_action :verify_authenticity_token

  SORTABLE = %w[created_at total status].freeze
  EXPORTERS = { "csv" => CsvExport, "pdf" => PdfExport }.freeze

  def index
    # techlead-expect: ruby-rails-order-params
    @orders = current_user.orders.order(params[:sort])
    sort = SORTABLE.include?(params[:sort]) ? params[:sort] : "created_at"
    # techlead-safe
    @orders = current_user.orders.order(sort).where(status: params[:status])
  end

  def search
    # techlead-expect: ruby-sql-interpolation
    @orders = Order.where("reference LIKE '%#{params[:q]}%'")
    # techlead-safe
    @orders = Order.where("reference LIKE ?", "%#{params[:q]}%")
    term = params[:q].to_s
    # techlead-expect: ruby-sql-interpolation
    @more = Order.where("note LIKE '%" + term + "%'")
  end

  def create
    # techlead-expect: ruby-rails-permit-all
    @order = current_user.orders.create(params[:order].permit!)
    # techlead-safe
    @order = current_user.orders.create(order_params)
    redirect_to @order
  end

  def update
    @order = current_user.orders.find(params[:id])
    # techlead-expect: ruby-rails-permit-sensitive
    @order.update(params.require(:order).permit(:note, :delivery_date, :user_id))
    redirect_to @order
  end

  def export
    # techlead-expect: ruby-rails-constantize-params
    exporter = "#{params[:format].camelize}Export".constantize
    # techlead-safe
    exporter = EXPORTERS.fetch(params[:format], CsvExport)
    send_data exporter.new(current_user.orders).render
  end

  def show_field
    order = current_user.orders.find(params[:id])
    # techlead-expect: ruby-send-params
    value = order.send(params[:field])
    # techlead-safe
    value = order.public_send(params[:field]) if %w[reference total].include?(params[:field])
    render plain: value.to_s
  end

  def receipt
    # techlead-expect: ruby-path-traversal-request
    send_file params[:path]
  end

  def page
    # techlead-expect: ruby-rails-render-params
    render params[:page]
  end

  def preview
    # techlead-expect: ruby-rails-render-inline
    render inline: "<h1>Order #{params[:reference]}</h1>"
  end

  def preview_safe
    # techlead-safe
    render plain: "Order #{params[:reference]}"
  end

  def thanks
    # techlead-expect: ruby-rails-render-html-params
    render html: "<p>Thanks, #{params[:name]}!</p>".html_safe
  end

  def done
    # techlead-expect: ruby-open-redirect
    redirect_to params[:return_to]
  end

  def done_safe
    # techlead-safe
    redirect_to orders_path
  end

  def download
    # techlead-expect: ruby-header-injection
    response.headers["Content-Disposition"] = "attachment; filename=#{params[:name]}"
    # techlead-safe
    response.headers["Cache-Control"] = "no-store"
    send_data current_user.orders.to_csv
  end

  def failed
    process_payment!
  rescue PaymentError => e
    # techlead-expect: ruby-stacktrace-in-response
    render json: { error: e.message, trace: e.backtrace }, status: 500
  end

  def webhook
    # techlead-expect: ruby-log-params
    logger.info(params.inspect)
    # techlead-safe
    logger.info("webhook for order #{params[:order_id]}")
    head :ok
  end

  private

  def order_params
    # techlead-safe
    params.require(:order).permit(:note, :delivery_date)
  end
end
