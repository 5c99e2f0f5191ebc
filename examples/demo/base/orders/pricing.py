def order_total(items, customer):
    """The total of an order in cents, with the customer's loyalty discount."""
    total = sum(item["price"] * item["quantity"] for item in items)
    if customer.get("loyal"):
        total = total * 95 // 100
    return total
