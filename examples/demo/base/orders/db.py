import os
import sqlite3


def connect():
    """One connection per request; the path comes from the environment."""
    return sqlite3.connect(os.environ.get("ORDERS_DB", "orders.sqlite3"))


def order_by_id(conn, order_id):
    cursor = conn.cursor()
    cursor.execute("SELECT id, customer, total FROM orders WHERE id = ?", (order_id,))
    return cursor.fetchone()
