"""Report endpoints: values travel through helpers and variables before use."""
import os
import re
import sqlite3
import urllib.request

import requests
from flask import Blueprint, Response, redirect, request, send_file, url_for
from markupsafe import escape
from werkzeug.utils import safe_join, secure_filename

bp = Blueprint("reports", __name__)
REPORT_DIR = "/srv/reports"
PARTNERS = {"acme": "https://acme.example.com/api", "globex": "https://globex.example.com/api"}
STATUS_URL = "https://status.example.com/api/summary"


def db():
    return sqlite3.connect("/srv/reports/reports.db")


def where_owner(owner):
    return "SELECT id, title FROM reports WHERE owner = '" + owner + "'"


@bp.route("/reports")
def list_reports():
    cur = db().cursor()
    owner = request.args.get("owner", "")
    # techlead-expect: python-sql-injection
    cur.execute(where_owner(owner))
    rows = cur.fetchall()
    limit = int(request.args.get("limit", "20"))
    query = "SELECT id, title FROM reports LIMIT " + str(limit)
    # techlead-safe
    cur.execute(query)
    status = request.args.get("status", "open")
    status = "open" if status not in ("open", "closed") else status
    sql = "SELECT COUNT(*) FROM reports WHERE status = ?"
    # techlead-safe
    cur.execute(sql, (status,))
    return {"rows": rows + cur.fetchall()}


@bp.route("/reports/<name>/download")
def download(name):
    path = os.path.join(REPORT_DIR, name)
    # techlead-expect: python-path-traversal-request
    return send_file(path)


@bp.route("/reports/<name>/safe-download")
def safe_download(name):
    path = safe_join(REPORT_DIR, secure_filename(name))
    # techlead-safe
    return send_file(path)


@bp.route("/reports/partner")
def partner_status():
    base = request.args.get("partner_url", "")
    url = base.rstrip("/") + "/status"
    # techlead-expect: python-ssrf-request
    resp = requests.get(url, timeout=5)
    partner = PARTNERS.get(request.args.get("partner", "acme"))
    # techlead-safe
    resp2 = requests.get(partner + "/status", timeout=5)
    # techlead-safe
    resp3 = urllib.request.urlopen(STATUS_URL, timeout=5)
    return {"status": resp.json(), "partner": resp2.json(), "global": resp3.read().decode()}


@bp.route("/reports/done")
def done():
    target = request.form.get("next") or "/"
    # techlead-expect: python-open-redirect
    return redirect(target)


@bp.route("/reports/done-safe")
def done_safe():
    target = url_for("reports.list_reports")
    # techlead-safe
    return redirect(target)


@bp.route("/reports/title")
def title():
    name = request.args.get("title", "")
    heading = "<h1>" + name + "</h1>"
    # techlead-expect: python-reflected-xss-response
    return Response(heading)


@bp.route("/reports/title-safe")
def title_safe():
    name = escape(request.args.get("title", ""))
    # techlead-safe
    return Response("<h1>" + name + "</h1>")


@bp.route("/reports/grep")
def grep():
    term = request.args.get("q", "")
    # techlead-expect: python-regex-from-request
    matcher = re.compile(term)
    literal = re.escape(term)
    # techlead-safe
    safe_matcher = re.compile(literal, re.IGNORECASE)
    return {"hits": [t for t in ("a", "b") if matcher.search(t) or safe_matcher.search(t)]}


@bp.route("/reports/export")
def export():
    disposition = "attachment; filename=" + request.args.get("name", "report.csv")
    resp = Response("id,title\n", mimetype="text/csv")
    # techlead-expect: python-header-injection
    resp.headers["Content-Disposition"] = disposition
    # techlead-safe
    resp.headers["X-Report-Count"] = str(len(request.args))
    return resp
