"""Order service handlers: each flow the taint engine must follow, both ways."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)
db = sqlite3.connect("orders.db")


def find_clause(column):
    return "WHERE name = '" + column + "'"


def run_query(cur, text):
    cur.execute("SELECT * FROM orders " + text)


def constant_clause(value):
    return "WHERE id = 1"


@app.route("/orders")
def list_orders():
    cur = db.cursor()
    name = request.args.get("name")
    query = "SELECT * FROM orders WHERE name = '%s'" % name
    # expect: concatenated through a variable
    cur.execute(query)
    # safe: parameterized
    cur.execute("SELECT * FROM orders WHERE name = ?", (name,))
    limit = int(request.args.get("limit"))
    # safe: sanitized by int()
    cur.execute("SELECT * FROM orders LIMIT " + str(limit))
    other = "shipped"
    # safe: a different variable
    cur.execute("SELECT * FROM orders WHERE state = '" + other + "'")
    status = request.args.get("status")
    status = "open"
    # safe: overwritten with a constant
    cur.execute("SELECT * FROM orders WHERE state = '" + status + "'")


@app.route("/search")
def search():
    cur = db.cursor()
    term = request.args["q"]
    if len(term) > 10:
        term = "default"
    # expect: cleaned on one path only
    cur.execute(f"SELECT * FROM items WHERE title LIKE '%{term}%'")
    parts = []
    for word in term.split():
        parts.append("title LIKE '%" + word + "%'")
    # expect: through a loop and a list
    cur.execute("SELECT * FROM items WHERE " + " OR ".join(parts))
    size = len(term)
    # safe: len() returns a clean value
    cur.execute("SELECT * FROM items LIMIT " + str(size))


@app.route("/by-name")
def by_name():
    cur = db.cursor()
    # expect: helper returns its parameter inside the SQL text
    cur.execute("SELECT * FROM users " + find_clause(request.args["name"]))
    # safe: helper ignores its parameter
    cur.execute("SELECT * FROM users " + constant_clause(request.args["name"]))
    # expect: helper passes its parameter to a sink
    run_query(cur, request.args["filter"])
    # safe: helper called with a constant
    run_query(cur, "WHERE id = 3")


@app.route("/users/<user_id>")
def user(user_id):
    cur = db.cursor()
    # expect: a route parameter is user input
    cur.execute("SELECT * FROM users WHERE id = " + user_id)
    # safe: int() of the parameter
    cur.execute("SELECT * FROM users WHERE id = " + str(int(user_id)))


def report():
    cur = db.cursor()
    table = "orders"
    # safe: no user input anywhere
    cur.execute("SELECT count(*) FROM " + table)
    (day := request.args.get("day"))
    # expect: walrus
    cur.execute("SELECT * FROM orders WHERE day = '" + day + "'")
    a, b = request.args.get("a"), "fixed"
    # safe: tuple assignment pairs b with a constant
    cur.execute("SELECT " + b)
    # expect: tuple assignment pairs a with the source
    cur.execute("SELECT " + a)
    # expect: a closure sees the taint of its enclosing scope
    cb = lambda: cur.execute("SELECT " + a)
    return cb


class Reports:
    def run(self, cur, clause, note):
        log.info(note)
        cur.execute("SELECT * FROM reports " + clause)

    def show(self):
        cur = db.cursor()
        # expect: a method called on `self` gets its arguments after `self`
        self.run(cur, request.args.get("where"), "listing")
        # safe: the request's value goes to `note`, not into the SQL
        self.run(cur, "WHERE public", request.args.get("note"))
