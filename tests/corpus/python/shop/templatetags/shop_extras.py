"""Template filters and tags for the shop's product and order pages."""
from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _, pgettext

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


@register.filter(is_safe=True)
def thousands(value):
    """Group the digits of a number with a thin space; leave anything else alone."""
    if value is None or value == "":
        # techlead-safe
        return mark_safe(value)
    if isinstance(value, int) and abs(value) < 1000:
        # techlead-safe
        return mark_safe(value)
    if not isinstance(value, int):
        return value
    return f"{value:,}".replace(",", "\u202f")


@register.filter(is_safe=True)
def bestseller_rank(value):
    """1 -> "#1 <sup>bestseller</sup>", translated."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        return value
    if value == 1:
        value = pgettext("bestseller rank", "#{} <sup>bestseller</sup>").format(value)
    else:
        value = pgettext("bestseller rank", "#{}").format(value)
    # techlead-safe
    return mark_safe(value)


@register.simple_tag
def compare_checkbox():
    label = _("Select this product for comparison")
    # techlead-safe
    return mark_safe(f'<input type="checkbox" class="compare" ' f'aria-label="{label}">')


@register.simple_tag
def field_with_errors(form, name):
    bound = form[name]
    # a bound field and its error list render through Django's escaping templates
    # techlead-safe
    return mark_safe(str(bound.errors) + str(bound))


@register.simple_tag
def all_errors(form):
    # techlead-safe
    return mark_safe("\n".join(form[name].errors.as_ul() for name in form.fields).strip("\n"))


class RepeatNode(template.Node):
    def __init__(self, nodelist, times):
        self.nodelist = nodelist
        self.times = times

    def render(self, context):
        parts = []
        for _i in range(self.times):
            for node in self.nodelist:
                parts.append(node.render_annotated(context))
        # techlead-safe
        return mark_safe("".join(parts))


@register.simple_tag
def order_lines(order):
    lines = []
    for line in order.lines.all():
        lines.append(line.product.name)
    # techlead-expect: python-mark-safe
    return mark_safe("<br>".join(lines))
