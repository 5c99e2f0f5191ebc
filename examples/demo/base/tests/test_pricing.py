from orders.pricing import order_total


def test_loyal_customers_get_five_percent_off():
    items = [{"price": 1000, "quantity": 2}]
    assert order_total(items, {"loyal": True}) == 1900
    assert order_total(items, {}) == 2000
