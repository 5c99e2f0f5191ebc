"""Maintenance jobs and admin views of the reporting app.

The jobs talk to the database directly for speed; table and column names
come from the models and are quoted by the backend.
"""
from django.db import connection, connections
from django.db.models.expressions import RawSQL
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.html import format_html

from .models import Report, ReportSnapshot

SNAPSHOT_BATCH = 500


class SnapshotPruner:
    # Comparison operators per lookup, fixed in the code.
    comparisons = {
        "before": "< %s",
        "after": "> %s",
    }

    def __init__(self, alias="default"):
        self.connection = connections[alias]

    def count(self):
        quote_name = self.connection.ops.quote_name
        table = quote_name(ReportSnapshot._meta.db_table)
        with self.connection.cursor() as cursor:
            # techlead-safe
            cursor.execute("SELECT COUNT(*) FROM %s" % table)
            return cursor.fetchone()[0]

    def prune(self, lookup, cutoff):
        qn = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            # techlead-safe
            cursor.execute(
                f"DELETE FROM {qn(ReportSnapshot._meta.db_table)} WHERE {qn('taken_at')} {self.comparisons[lookup]} LIMIT {SNAPSHOT_BATCH}",
                [cutoff],
            )
            return cursor.rowcount

    def find_by_label(self, label):
        table = self.connection.ops.quote_name(ReportSnapshot._meta.db_table)
        with self.connection.cursor() as cursor:
            # techlead-expect: python-sql-string-format
            cursor.execute("SELECT id FROM %s WHERE label = '%s'" % (table, label))
            return [row[0] for row in cursor.fetchall()]


def reports_with_owner(queryset):
    qn = connection.ops.quote_name
    owner = Report._meta.get_field("owner")
    # techlead-safe
    return queryset.extra(
        select={
            "owner_%s" % col.attname: "%s.%s" % (qn(owner.related_model._meta.db_table), qn(col.column))
            for col in owner.foreign_related_fields
        }
    )


def explain(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # the ORM compiled `sql` with %s placeholders; its values are in `params`
        # techlead-safe
        cursor.execute("EXPLAIN QUERY PLAN SELECT * FROM (%s) AS q" % sql, params)
        return cursor.fetchall()


def latest_per_owner(queryset, compiler):
    inner_sql, inner_params = compiler.compile(queryset.query.where)
    # techlead-safe
    return queryset.annotate(latest=RawSQL("SELECT MAX(id) FROM (%s) AS t" % inner_sql, inner_params))


def ordered_by(queryset, column):
    # `column` comes from the query string and is spliced in unquoted
    # techlead-expect: python-django-rawsql-built
    return queryset.order_by(RawSQL("%s.%s" % (connection.ops.quote_name("reporting_report"), column), []))


def saved_notice(request):
    details = request.GET.dict()
    # format_html escapes every value it formats in
    # techlead-safe
    notice = format_html("<strong>{title}</strong> saved for {owner}.", **details)
    messages.success(request, notice)
    return redirect("reports:index")


def create_report(request):
    # techlead-expect: python-mass-assignment-request
    Report.objects.create(owner=request.user, **request.POST.dict())
    return redirect("reports:index")
