def order_total(items, customer, coupon=None):
    """The total of an order in cents, with discounts, coupons and shipping."""
    total = 0
    for item in items:
        price = item["price"] * item["quantity"]
        if item.get("category") == "books":
            if customer.get("country") in ("FR", "DE"):
                if item["quantity"] > 10:
                    price = price * 90 // 100
                else:
                    price = price * 95 // 100
            elif customer.get("student"):
                price = price * 85 // 100
        elif item.get("category") == "food":
            if customer.get("loyal") and not coupon:
                price = price * 97 // 100
        total += price
    if coupon:
        if coupon.startswith("WELCOME") and not customer.get("orders"):
            total = total - 500 if total > 2000 else total
        elif coupon.startswith("VIP"):
            if customer.get("loyal"):
                total = total * 80 // 100
            else:
                total = total * 90 // 100
    elif customer.get("loyal"):
        total = total * 95 // 100
    if total < 5000 and customer.get("country") != "FR":
        total += 499
    return total
