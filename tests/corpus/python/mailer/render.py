"""Renders notification e-mails and the public status page."""
import jinja2
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

TEMPLATES = "/srv/mailer/templates"
FALLBACK_PAGE = """<!doctype html>
<title>%(title)s</title>
<h1>%(title)s</h1><p>{{ details }}</p>
"""

# techlead-expect: python-jinja2-autoescape-false
html_env = Environment(loader=FileSystemLoader(TEMPLATES))
# techlead-safe
safe_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
# techlead-safe
text_env = Environment(loader=FileSystemLoader(TEMPLATES + "/txt"), undefined=StrictUndefined)
# techlead-safe
sandbox = SandboxedEnvironment(autoescape=True)


def render_welcome(user) -> str:
    # techlead-safe
    return safe_env.get_template("welcome.html").render(user=user)


def render_custom(user, template_source: str) -> str:
    # techlead-expect: python-jinja2-template-from-string
    return safe_env.from_string("Dear " + user.name + ",\n" + template_source).render()


def render_fallback(details: str) -> str:
    # the template text is a constant filled with literals; `details` is a render variable
    # techlead-safe
    page = safe_env.from_string(FALLBACK_PAGE % {"title": "Service unavailable"})
    return page.render(details=details)


def render_custom_sandboxed(user, template_source: str) -> str:
    # techlead-safe
    return sandbox.from_string(template_source).render(name=user.name)


def render_legacy(body: str) -> str:
    # techlead-known-miss: python-jinja2-template-from-string the source arrives as a parameter; the rule only reports sources built in the call or read from the request
    return jinja2.Template(body).render()


def banner(message: str) -> str:
    # techlead-expect: python-mark-safe
    return mark_safe(f"<div class='banner'>{message}</div>")


def banner_safe(message: str) -> str:
    # techlead-safe
    return format_html("<div class='banner'>{}</div>", message)


def footer() -> Markup:
    # techlead-safe
    return Markup("<footer>&copy; Example Ltd</footer>")


def signature(name: str) -> Markup:
    # techlead-expect: python-mark-safe
    return Markup("<em>" + name + "</em>")
