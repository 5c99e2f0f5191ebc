"""Shop views: product search, checkout callbacks, order admin."""
import json
import logging
import traceback

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .forms import OrderForm
from .models import Order, Product

logger = logging.getLogger(__name__)


def product_search(request):
    name = request.GET.get("name", "")
    # techlead-expect: python-sql-string-format
    products = Product.objects.raw("SELECT * FROM shop_product WHERE name = '%s'" % name)
    # techlead-safe
    more = Product.objects.raw("SELECT * FROM shop_product WHERE name = %s", [name])
    return render(request, "shop/search.html", {"products": list(products) + list(more)})


def product_count(request):
    category = request.GET.get("category", "")
    with connection.cursor() as cursor:
        # techlead-expect: python-sql-string-format
        cursor.execute("SELECT COUNT(*) FROM shop_product WHERE category = '{}'".format(category))
        total = cursor.fetchone()[0]
        # techlead-safe
        cursor.execute("SELECT COUNT(*) FROM shop_product WHERE category = %s", [category])
    return JsonResponse({"total": total})


def search_page(request):
    q = request.GET.get("q", "")
    # techlead-expect: python-reflected-xss-response
    return HttpResponse("<h2>Results for " + request.GET["q"] + "</h2>")


def search_page_safe(request):
    # techlead-safe
    return HttpResponse("<h2>Results for " + escape(request.GET.get("q", "")) + "</h2>")


# techlead-expect: python-django-csrf-exempt
@csrf_exempt
@require_POST
def payment_webhook(request):
    event = json.loads(request.body)
    order = get_object_or_404(Order, pk=event["order_id"])
    order.paid = True
    order.save()
    return JsonResponse({"ok": True})


@login_required
def after_checkout(request):
    target = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # techlead-safe
        return redirect(request.GET.get("next"))
    # techlead-expect: python-open-redirect
    return HttpResponseRedirect(request.GET["next"])


@login_required
@require_POST
def update_order(request, pk):
    # techlead-expect: python-mass-assignment-request
    Order.objects.filter(pk=pk, owner=request.user).update(**request.POST.dict())
    # techlead-safe
    Order.objects.filter(pk=pk, owner=request.user).update(note=request.POST.get("note", ""))
    return redirect("orders")


def ranked_products(request):
    boost = request.GET.get("boost", "1")
    # techlead-expect: python-django-rawsql-built
    qs = Product.objects.annotate(score=RawSQL("price * " + boost, []))
    # techlead-safe
    qs = qs.annotate(rank=RawSQL("price * %s", [float(boost)]))
    return render(request, "shop/ranked.html", {"products": qs})


def report(request):
    try:
        data = build_report(request.user)
    except Exception:
        # techlead-safe
        logger.error("report failed: %s", traceback.format_exc())
        # techlead-expect: python-stacktrace-in-response
        return HttpResponse("<pre>" + traceback.format_exc() + "</pre>", status=500)
    return JsonResponse(data)


def download_invoice(request):
    response = HttpResponse(content_type="application/pdf")
    # techlead-expect: python-header-injection
    response["Content-Disposition"] = "attachment; filename=" + request.GET["name"]
    # techlead-safe
    response["Cache-Control"] = "no-store"
    return response


class OrderEditor:
    """Staff order editing: save, then come back to the same page."""

    template_name = "shop/order_edit.html"

    def response_saved(self, request, order):
        logger.info("order %s saved by %s", order.pk, request.user)
        return HttpResponseRedirect(request.path + "?saved=1")

    def edit(self, request, pk):
        form = OrderForm(request.POST or None, instance=get_object_or_404(Order, pk=pk))
        if request.method == "POST" and form.is_valid():
            form.save()
            # redirects to this page's own path, not to anything in the form
            # techlead-safe
            return self.response_saved(request, form.instance)
        return render(request, self.template_name, {"form": form})


def build_report(user):
    return {"orders": Order.objects.filter(owner=user).count()}
