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


@app.post("/orders/quote")
def quote():
    body = request.get_json()
    return jsonify(total=order_total(body["items"], body["customer"]))
