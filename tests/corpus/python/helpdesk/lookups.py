"""Helpdesk back office: agent directory, knowledge base, ticket search and reply previews."""
import json

import ldap
from flask import Flask, abort, jsonify, render_template_string, request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from ldap.filter import escape_filter_chars, filter_format
from lxml import etree
from mako.template import Template as MakoTemplate
from pymongo import MongoClient

app = Flask(__name__)
AGENTS_DN = "ou=agents,dc=helpdesk,dc=example"
KB = etree.parse("/srv/helpdesk/kb.xml")
tickets = MongoClient("mongodb://mongo.internal:27017/").helpdesk.tickets
env = Environment(loader=FileSystemLoader("/srv/helpdesk/templates"), autoescape=select_autoescape(["html"]))

TEAM_FILTERS = {
    "billing": "(&(objectClass=person)(ou=billing))",
    "support": "(&(objectClass=person)(ou=support))",
}
REPLY_TEMPLATES = {
    "thanks": "Hi {{ name }}, thanks for reaching out.",
    "closed": "Hi {{ name }}, your ticket {{ ref }} is closed.",
}
STATUS_VALUES = {"open", "pending", "closed"}


def directory():
    conn = ldap.initialize("ldaps://ldap.helpdesk.example")
    conn.simple_bind_s("cn=reader,dc=helpdesk,dc=example", "")
    return conn


def agent_filter(login):
    return "(&(objectClass=person)(uid=" + login + "))"


@app.route("/agents/lookup")
def agent_lookup():
    login = request.args.get("login", "")
    flt = agent_filter(login)
    # techlead-expect: python-ldap-filter-injection-taint
    hits = directory().search_s(AGENTS_DN, ldap.SCOPE_SUBTREE, flt, ["cn", "mail"])
    return jsonify([dn for dn, _ in hits])


@app.route("/agents/by-mail")
def agent_by_mail():
    mail = request.args.get("mail", "")
    query = f"(&(objectClass=person)(mail={mail}))"
    conn = directory()
    # techlead-expect: python-ldap-filter-injection-taint
    hits = conn.search_s(AGENTS_DN, ldap.SCOPE_SUBTREE, query)
    return jsonify(len(hits))


@app.route("/agents/by-mail-safe")
def agent_by_mail_safe():
    mail = escape_filter_chars(request.args.get("mail", ""))
    query = f"(&(objectClass=person)(mail={mail}))"
    # techlead-safe
    hits = directory().search_s(AGENTS_DN, ldap.SCOPE_SUBTREE, query)
    flt = filter_format("(uid=%s)", [request.args.get("login", "")])
    # techlead-safe
    hits += directory().search_s(AGENTS_DN, ldap.SCOPE_SUBTREE, flt)
    return jsonify(len(hits))


@app.route("/agents/team/<team>")
def agent_team(team):
    flt = TEAM_FILTERS.get(team, "(objectClass=person)")
    # techlead-safe
    hits = directory().search_s(AGENTS_DN, ldap.SCOPE_ONELEVEL, flt)
    return jsonify(len(hits))


@app.route("/agents/direct")
def agent_direct():
    # techlead-expect: python-ldap-filter-injection
    hits = directory().search_s(AGENTS_DN, ldap.SCOPE_SUBTREE, "(uid=" + request.args["uid"] + ")")
    return jsonify(len(hits))


@app.route("/kb/articles")
def kb_articles():
    tag = request.args.get("tag", "")
    expr = "//article[tag='%s']/title/text()" % tag
    # techlead-expect: python-xpath-injection-taint
    titles = KB.xpath(expr)
    # techlead-safe
    titles += KB.xpath("//article[tag=$t]/title/text()", t=tag)
    return jsonify([str(t) for t in titles])


@app.route("/kb/article/<article_id>")
def kb_article(article_id):
    expr = "//article[@id=%d]/body" % int(article_id)
    # techlead-safe
    body = KB.xpath(expr)
    return jsonify(body[0].text if body else "")


@app.route("/tickets/search", methods=["POST"])
def ticket_search():
    criteria = request.get_json(force=True)
    query = {"archived": False}
    query.update(criteria)
    # techlead-expect: python-mongo-where-injection-taint
    found = list(tickets.find(query, {"_id": 0}))
    return jsonify(found)


@app.route("/tickets/mine", methods=["POST"])
def my_tickets():
    body = request.get_json(force=True)
    owner = {"owner": body["owner"]}
    # techlead-expect: python-mongo-where-injection-taint
    found = list(tickets.find(owner))
    status = body.get("status")
    wanted = {"owner": str(body["owner"]), "status": status if status in STATUS_VALUES else "open"}
    # techlead-safe
    found += list(tickets.find({"owner": str(body["owner"]), "status": "open"}))
    return jsonify(found + [wanted])


@app.route("/tickets/stale")
def stale_tickets():
    days = request.args.get("days", "7")
    js = "this.updated_at < Date.now() - " + days + " * 86400000"
    # techlead-expect: python-mongo-where-injection-taint
    found = list(tickets.find({"$where": js}))
    limit = int(request.args.get("days", "7"))
    cutoff = "this.updated_at < Date.now() - %d * 86400000" % limit
    # techlead-safe
    found += list(tickets.find({"$where": cutoff}))
    return jsonify(len(found))


@app.route("/tickets/by-channel")
def tickets_by_channel():
    channel = request.args.get("channel", "email")
    query = {"channel": channel}
    # techlead-safe
    found = list(tickets.find(query))
    return jsonify(len(found))


def reply_layout(text):
    return "{% extends 'reply.html' %}{% block body %}" + text + "{% endblock %}"


@app.route("/replies/preview", methods=["POST"])
def reply_preview():
    draft = request.form["draft"]
    # techlead-expect: python-jinja2-template-from-string-taint
    tpl = env.from_string(reply_layout(draft))
    return tpl.render(agent="support")


@app.route("/replies/canned/<kind>")
def canned_reply(kind):
    source = REPLY_TEMPLATES.get(kind, REPLY_TEMPLATES["thanks"])
    # techlead-safe
    tpl = env.from_string(source)
    return tpl.render(name=request.args.get("name", ""), ref=request.args.get("ref", ""))


@app.route("/replies/signature")
def signature():
    agent = request.args.get("agent", "")
    text = "<p>--</p><p>" + agent + "</p>"
    # techlead-expect: python-jinja2-template-from-string-taint
    html = MakoTemplate(text).render()
    # techlead-safe
    html += MakoTemplate("<p>--</p><p>${agent | h}</p>").render(agent=agent)
    return html


@app.route("/replies/subject")
def reply_subject():
    subject = request.args.get("subject", "")
    page = "<title>" + subject + "</title>"
    # techlead-expect: python-flask-render-template-string-taint
    return render_template_string(page)


@app.route("/replies/subject-safe")
def reply_subject_safe():
    subject = request.args.get("subject", "")
    page = "<title>{{ subject }}</title>"
    # techlead-safe
    return render_template_string(page, subject=subject)


@app.route("/replies/import", methods=["POST"])
def import_reply():
    payload = json.loads(request.data)
    if not isinstance(payload.get("name"), str):
        abort(400)
    # techlead-safe
    return render_template_string(REPLY_TEMPLATES["thanks"], name=payload["name"])
