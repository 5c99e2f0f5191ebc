"""Directory lookups: LDAP login, the XML staff roster and the Mongo profile store."""
import importlib
import ldap
from flask import Flask, jsonify, request
from ldap.filter import escape_filter_chars, filter_format
from lxml import etree
from pymongo import MongoClient

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"
# techlead-safe
mongo = MongoClient("mongodb://mongo.internal:27017/")
profiles = mongo.accounts.profiles
ROSTER = etree.parse("/srv/staff/roster.xml")
PLUGINS = {"csv": "exporters.csv", "xlsx": "exporters.xlsx"}


def ldap_login(username: str, password: str) -> bool:
    conn = ldap.initialize("ldaps://ldap.example.com")
    # techlead-expect: python-ldap-filter-injection
    hits = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(uid={username})")
    # techlead-safe
    hits += conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, filter_format("(uid=%s)", [username]))
    # techlead-safe
    hits += conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + escape_filter_chars(username) + ")")
    if not hits:
        return False
    conn.simple_bind_s(hits[0][0], password)
    return True


@app.route("/staff")
def staff():
    name = request.args.get("name", "")
    # techlead-expect: python-xpath-injection
    nodes = ROSTER.xpath("//person[name='" + name + "']/email/text()")
    # techlead-safe
    nodes += ROSTER.xpath("//person[name=$n]/email/text()", n=name)
    return jsonify(emails=[str(n) for n in nodes])


@app.route("/profiles/find", methods=["POST"])
def find_profiles():
    # techlead-expect: python-mongo-where-injection
    docs = list(profiles.find(request.json))
    # techlead-safe
    docs += list(profiles.find({"team": str(request.json.get("team", ""))}))
    return jsonify([d["name"] for d in docs])


@app.route("/profiles/active")
def active_profiles():
    since = request.args.get("since", "0")
    # techlead-expect: python-mongo-where-injection
    docs = list(profiles.find({"$where": "this.last_login > " + since}))
    # techlead-safe
    docs += list(profiles.find({"last_login": {"$gt": int(since)}}))
    return jsonify(len(docs))


@app.route("/export/<fmt>")
def export(fmt):
    # techlead-expect: python-import-from-request
    module = importlib.import_module(request.args["plugin"])
    # techlead-safe
    module = importlib.import_module(PLUGINS[fmt]) if fmt in PLUGINS else module
    return module.render(profiles.find())
