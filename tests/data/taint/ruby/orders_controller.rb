class OrdersController < ApplicationController
  def index
    customer = params[:customer]
    # expect: interpolated into the where string
    @orders = Order.where("customer = '#{customer}'")
    # safe: a hash condition
    @mine = Order.where(customer: customer)
    page = params[:page].to_i
    # safe: to_i sanitizes
    @page = Order.where("page = #{page}")
    sort = "created_at"
    sort = params[:sort] if params[:sort].present?
    # expect: tainted on one branch
    @sorted = Order.find_by_sql("SELECT * FROM orders ORDER BY #{sort}")
    state = "open"
    # safe: a constant
    @open = Order.where("state = '#{state}'")
  end
end
