from flask import Flask, jsonify, request

from . import db
from .pricing import order_total

app = Flask(__name__)


@app.get("/orders/<int:order_id>")
def get_order(order_id):
    row = db.order_by_id(db.connect(), order_id)
    if row is None:
        return jsonify(error="not found"), 404
    return jsonify(id=row[0], customer=row[1], total=row[2])


@app.get("/orders/search")
def search_orders():
    term = request.args.get("q", "")
    sort = request.args.get("sort", "id")
    query = "SELECT id, customer, total FROM orders WHERE customer LIKE '%" + term + "%' ORDER BY " + sort
    cursor = db.connect().cursor()
    cursor.execute(query)
    return jsonify(orders=[{"id": r[0], "customer": r[1], "total": r[2]} for r in cursor.fetchall()])


@app.post("/orders/quote")
def quote():
    body = request.get_json()
    return jsonify(total=order_total(body["items"], body["customer"], body.get("coupon")))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
