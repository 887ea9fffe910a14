"""Keyset pagination for HTML lists: pages read by position, never by OFFSET.

`keyset_page(queryset, data=request.GET, ordering=("submitted_at", "pk"), per_page=50)`
orders the queryset by `ordering` (a tuple of fields, each ascending or `-` descending,
ending in a unique one such as `pk` or `id`) and reads `per_page + 1` rows after (or
before) the position in the query string's `cursor`. The extra row says whether there
is a next page; no `COUNT(*)` is run unless the caller asks for a capped count
(`count_cap`: "200+" past the cap, counted with `LIMIT cap + 1`).

A cursor is the ordering values of the row it starts after, and a direction, signed
(`django.core.signing`, salted with the ordering): it cannot be forged or moved to a
list with another ordering. A tampered, stale-format or garbage cursor reads the first
page (never a 500).

A page after a cursor is `(a > x) | (a = x & b > y) | ...` (with `<` for a descending
field), which PostgreSQL and SQLite answer from an index on the ordering: rows inserted
or deleted elsewhere in the list never move a page's start, so walking the pages never
repeats or skips a row that was there all along.

NULLs: a comparison with NULL is never true, so a row with NULL in an ordering field
could not be paged past. Rows with NULL in a nullable ordering model field are left out
(the paginator filters `field__isnull=False`): order lists by non-null columns. An
annotation in the ordering must never be NULL (wrap it in `Coalesce`).
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Q, QuerySet
from django.http import QueryDict

from .admin import capped_count, capped_label

CURSOR_PARAM = "cursor"
FORWARD = "n"
BACKWARD = "p"


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list, with the query strings of its neighbours
    (the list's other parameters, such as its filters, kept)."""

    rows: list
    has_next: bool
    has_previous: bool
    next_cursor: str | None
    previous_cursor: str | None
    next_query: str = ""
    previous_query: str = ""
    first_query: str = ""
    count: int | None = None
    count_capped: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def object_list(self) -> list:
        return self.rows

    @property
    def count_label(self) -> str:
        return "" if self.count is None else capped_label(self.count, self.count_capped)


def _parse(ordering: Sequence[str]) -> list[tuple[str, bool]]:
    """`("-issued_on", "-id")` → `[("issued_on", True), ("id", True)]` (name, descending)."""
    if not ordering:
        raise ValueError("A keyset ordering needs at least one field.")
    return [(name.removeprefix("-"), name.startswith("-")) for name in ordering]


def _path(queryset: QuerySet, name: str) -> list[Field]:
    """The model fields the lookup `name` walks through ("badge_class__issuer"), or an
    empty list when one of them is not a field."""
    model = queryset.model
    walked: list[Field] = []
    for part in name.split("__"):
        if model is None:
            return []
        try:
            found = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return []
        walked.append(found)
        model = getattr(found, "related_model", None)
    return walked


def _field_of(queryset: QuerySet, name: str) -> Field | None:
    """The model field (or annotation's output field) `name` reads, or None."""
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        return getattr(annotation, "output_field", None)
    walked = _path(queryset, name)
    found = walked[-1] if walked else None
    if found is not None and found.is_relation and found.many_to_one:
        return found.target_field
    return found


def _nullable(queryset: QuerySet, name: str) -> bool:
    if name in queryset.query.annotations:
        return False
    return any(getattr(f, "null", False) for f in _path(queryset, name))


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # full precision (DjangoJSONEncoder keeps milliseconds)
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def _value_of(row: Any, name: str) -> Any:
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
    if hasattr(value, "_meta"):  # a related object: its key
        value = value.pk
    return value


def _salt(ordering: Sequence[str]) -> str:
    return "core.pagination.keyset:" + ",".join(ordering)


def encode_cursor(ordering: Sequence[str], direction: str, values: Sequence[Any]) -> str:
    payload = {"d": direction, "v": [_encode_value(v) for v in values]}
    return signing.dumps(payload, salt=_salt(ordering), compress=False)


def decode_cursor(
    queryset: QuerySet, ordering: Sequence[str], token: str | None
) -> tuple[str, list[Any]] | None:
    """`(direction, values)` from a cursor, each value as its field's Python value; None
    for no cursor or one that is tampered with, garbage or for another ordering."""
    if not token or len(token) > 2000:
        return None
    try:
        payload = signing.loads(token, salt=_salt(ordering))
        direction, raw = payload["d"], payload["v"]
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None
    if direction not in (FORWARD, BACKWARD) or not isinstance(raw, list):
        return None
    parsed = _parse(ordering)
    if len(raw) != len(parsed):
        return None
    values = []
    for (name, _desc), value in zip(parsed, raw, strict=True):
        if value is None:
            return None
        model_field = _field_of(queryset, name)
        try:
            values.append(model_field.to_python(value) if model_field is not None else value)
        except (ValidationError, ValueError, TypeError):
            return None
    return direction, values


def position_q(ordering: Sequence[str], values: Sequence[Any], *, backward: bool = False) -> Q:
    """The rows after `values` in `ordering` (before them with `backward`):
    `(a > x) | (a = x & b > y) | ...`, `<` for a descending field."""
    parsed = _parse(ordering)
    clauses = []
    for k, (name, descending) in enumerate(parsed):
        lookup = "lt" if descending != backward else "gt"
        equal = {prefix: values[i] for i, (prefix, _d) in enumerate(parsed[:k])}
        clauses.append(Q(**equal, **{f"{name}__{lookup}": values[k]}))
    return reduce(or_, clauses)


def _reversed(ordering: Sequence[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]


def _query(data: QueryDict | None, param: str, cursor: str | None) -> str:
    query = data.copy() if data is not None else QueryDict(mutable=True)
    query.pop(param, None)
    query.pop("page", None)  # an offset page number from before: meaningless here
    if cursor:
        query[param] = cursor
    return query.urlencode()


def keyset_page(
    queryset: QuerySet,
    *,
    data: QueryDict | None,
    ordering: Sequence[str],
    per_page: int,
    param: str = CURSOR_PARAM,
    count_cap: int | None = None,
    rows_by_key: QuerySet | None = None,
) -> KeysetPage:
    """The page of `queryset` (in `ordering`) that `data[param]` points at, or the first
    (see the module's doc).

    `rows_by_key` (a queryset of the same model, unfiltered: what a row shows, its
    joins and annotations) splits the read in two: the page's primary keys from
    `queryset`, which holds the filters (who may see what), then those rows from
    `rows_by_key`. For a list whose rows join several tables, filtered to a set
    PostgreSQL underestimates, where the planner would join every row of the set
    before sorting and cutting the page (and compute the filter's UNION twice)."""
    ordering = tuple(ordering)
    parsed = _parse(ordering)
    for name, _desc in parsed:
        if _nullable(queryset, name):
            queryset = queryset.filter(**{f"{name}__isnull": False})
    count = capped = None
    if count_cap is not None:
        count, capped = capped_count(queryset, count_cap)
    token = data.get(param) if data is not None else None
    cursor = decode_cursor(queryset, ordering, token)
    forward = queryset.order_by(*ordering)

    # With `rows_by_key`: each row's ordering values as the page query read them (the
    # cursors are made from these, so a row changed between the two reads moves no page).
    positions: dict[Any, tuple] = {}

    def fetch(ordered: QuerySet) -> list:
        if rows_by_key is None:
            return list(ordered[: per_page + 1])
        found = list(ordered.values_list("pk", *(name for name, _ in parsed))[: per_page + 1])
        positions.update((key, tuple(values)) for key, *values in found)
        by_key = rows_by_key.in_bulk([key for key, *_ in found])
        # A row deleted between the two reads: None here (the page's size and whether
        # there is more are the page query's), left out below.
        return [by_key.get(key) for key, *_ in found]

    def first_page() -> tuple[list, bool, bool]:
        rows = fetch(forward)
        return rows[:per_page], len(rows) > per_page, False

    if cursor is None:
        rows, has_next, has_previous = first_page()
    elif cursor[0] == FORWARD:
        rows = fetch(forward.filter(position_q(ordering, cursor[1])))
        rows, has_next, has_previous = rows[:per_page], len(rows) > per_page, True
    else:
        before = queryset.order_by(*_reversed(ordering)).filter(
            position_q(ordering, cursor[1], backward=True)
        )
        rows = fetch(before)
        has_previous = len(rows) > per_page
        if has_previous:
            rows = rows[:per_page][::-1]
            has_next = True
        else:  # back at the start: the first page, full
            rows, has_next, has_previous = first_page()

    rows = [row for row in rows if row is not None]

    def values(row) -> list[Any]:
        if row.pk in positions:
            return list(positions[row.pk])
        return [_value_of(row, name) for name, _desc in parsed]

    next_cursor = encode_cursor(ordering, FORWARD, values(rows[-1])) if has_next and rows else None
    previous_cursor = (
        encode_cursor(ordering, BACKWARD, values(rows[0])) if has_previous and rows else None
    )
    return KeysetPage(
        rows=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        next_query=_query(data, param, next_cursor) if next_cursor else "",
        previous_query=_query(data, param, previous_cursor) if has_previous else "",
        first_query=_query(data, param, None),
        count=count,
        count_capped=bool(capped),
    )
