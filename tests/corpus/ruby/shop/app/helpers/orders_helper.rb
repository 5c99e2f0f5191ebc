# View helpers for orders: badges, links and rich text.
module OrdersHelper
  STATUS_CLASSES = { "paid" => "badge-green", "pending" => "badge-amber" }.freeze

  def status_badge(order)
    # techlead-safe
    content_tag(:span, order.status.humanize, class: STATUS_CLASSES.fetch(order.status, "badge"))
  end

  def order_note(order)
    # techlead-expect: ruby-rails-raw-helper
    raw(order.note)
  end

  def order_note_safe(order)
    # techlead-safe
    sanitize(order.note, tags: %w[p b i a], attributes: %w[href])
  end

  def separator
    # techlead-safe
    raw("<br>")
  end

  def summary(order)
    # techlead-expect: ruby-html-safe
    "<strong>#{order.customer_name}</strong>".html_safe
  end

  def summary_safe(order)
    # techlead-safe
    safe_join([tag.strong(order.customer_name), " ", order.reference])
  end

  def back_link
    # techlead-safe
    link_to "Back", orders_path
  end

  def back_link_to(params)
    # techlead-expect: ruby-rails-link-to-params
    link_to "Back", params[:return_to]
  end

  def tracking_link(order)
    # techlead-safe
    link_to order.tracking_number, "https://track.example.com/#{ERB::Util.url_encode(order.tracking_number)}"
  end

  def total(order)
    # techlead-safe
    number_to_currency(order.total_cents / 100.0)
  end
end
