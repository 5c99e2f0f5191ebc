"""Template filters and tags for the shop's product and order pages."""
from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeData, mark_safe

register = template.Library()


@register.filter(needs_autoescape=True)
def highlight(text, term, autoescape=True):
    """Wrap every occurrence of the search term in <mark>."""
    esc = conditional_escape if autoescape else (lambda value: value)
    marked = esc(text).replace(esc(term), "<mark>%s</mark>" % esc(term))
    # techlead-expect: python-mark-safe
    return mark_safe(marked)


@register.filter(is_safe=True)
def stock_badge(product):
    # techlead-safe
    return mark_safe('<span class="badge sold-out">Sold out</span>' if product.stock == 0 else "")


@register.filter
def product_title(product):
    # techlead-safe
    return mark_safe(f"<strong>{escape(product.name)}</strong> <small>{escape(product.sku)}</small>")


@register.filter
def product_caption(product):
    # techlead-expect: python-mark-safe
    return mark_safe(f"<strong>{escape(product.name)}</strong> {product.description}")


@register.filter(is_safe=True)
def with_currency(value, symbol="EUR"):
    is_safe = isinstance(value, SafeData)
    text = f"{value} {symbol}"
    # techlead-safe
    return mark_safe(text) if is_safe else text


@register.simple_tag
def review_author(review):
    author = conditional_escape(review.author_name)
    # techlead-safe
    return format_html("<cite>{}</cite>", mark_safe(author))


@register.simple_tag
def review_signature(review):
    signature = conditional_escape(review.author_name)
    if review.verified:
        signature = signature + " &#10003; " + review.verified_by
    # techlead-expect: python-mark-safe
    return mark_safe(signature)


@register.filter(is_safe=True)
def shorten(value, length=80):
    """Truncate, keeping a safe value safe."""
    short = value[:length]
    if isinstance(value, SafeData):
        # techlead-safe
        return mark_safe(short)
    return short


@register.filter
def order_note(order, autoescape=True):
    if not autoescape:
        # techlead-expect: python-mark-safe
        return mark_safe(order.note)
    return escape(order.note)
