"""Counting big tables without reading them.

`LargeTablePaginator` is the Django admin's paginator for tables of millions of rows
(assertions, submissions, the audit log): `COUNT(*)` over such a table reads every row.
Its count is

- unfiltered, on PostgreSQL: the planner's estimate (`pg_class.reltuples`, kept by
  ANALYZE / autovacuum), when that estimate is above `cap`: no rows are read;
- otherwise: an exact count that stops at `cap + 1` rows (`COUNT(*)` over a `LIMIT`
  subquery). Past `cap` the count is `cap` and the page says "10,000+".

`count_label` says which it is ("about 2,040,000", "10,000+", "37"); the admin's
pagination template (`templates/admin/pagination.html`) shows it.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000


def is_unfiltered(queryset: QuerySet) -> bool:
    """Does `queryset` select every row of its table (no WHERE, DISTINCT, GROUP BY,
    slice or UNION)? Joins that `select_related` adds do not change the number of rows."""
    query = queryset.query
    return not (
        query.where
        or query.distinct
        or query.group_by
        or query.combinator
        or query.low_mark
        or query.high_mark is not None
    )


def planner_estimate(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of the rows in `queryset`'s table, if the queryset is the
    whole table and the table has been analyzed; else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not is_unfiltered(queryset):
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    # -1: never analyzed (PostgreSQL 14+).
    if row is None or row[0] is None or row[0] < 0:
        return None
    return int(row[0])


def capped_count(queryset: QuerySet, cap: int = CAP) -> tuple[int, bool]:
    """The rows in `queryset`, counting no further than `cap + 1`: `(count, False)`, or
    `(cap, True)` when there are more than `cap` (the page says "10,000+")."""
    counted = queryset.order_by()[: cap + 1].count()
    if counted > cap:
        return cap, True
    return counted, False


def capped_label(count: int, capped: bool) -> str:
    return f"{count:,}+" if capped else f"{count:,}"


class LargeTablePaginator(Paginator):
    """A paginator whose count never reads a whole big table (see the module's doc)."""

    cap: int = CAP

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.count_is_estimate = False
        self.count_is_capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count
        estimate = planner_estimate(rows)
        if estimate is not None and estimate > self.cap:
            self.count_is_estimate = True
            return estimate
        counted, self.count_is_capped = capped_count(rows, self.cap)
        return counted

    @property
    def count_label(self) -> str:
        count = self.count
        if self.count_is_estimate:
            return f"about {count:,}"
        if self.count_is_capped:
            return f"{count:,}+"
        return f"{count:,}"
