"""The dashboard's tables: groups of people with their numbers, small groups withheld.

Every number on the dashboard is about some people (teachers who took modules,
earners of a badge, teachers coached). A group about fewer people than the district's
`small_group_threshold` shows none of its numbers: its people column reads "<N" and
every other cell "suppressed", on the page, in the chart and in the CSV alike, because
all three read these dataclasses. The cells carry their text, so the CSV is the page.

A section's district totals are withheld when they would give a withheld group away:
the total minus the groups shown is what the withheld groups add up to, so the totals
show only when the withheld groups together are about at least N people
(`combined_people`), and never when the total itself is about fewer than N.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

SUPPRESSED = "suppressed"


def fmt_int(value: Any) -> str:
    return str(int(value or 0))


def fmt_percent(value: float | None) -> str:
    return "—" if value is None else f"{round(100 * value)}%"


def fmt_days(value: timedelta | None) -> str:
    """A duration in days with one decimal ("2.5"); "—" when there is none."""
    if value is None:
        return "—"
    return f"{value.total_seconds() / 86400:.1f}"


@dataclass(frozen=True)
class Cell:
    text: str
    value: float | None = None  # what a chart draws; None when withheld or not a number


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    suppressed: bool = False


@dataclass(frozen=True)
class Table:
    """One breakdown: a caption, the group column's heading and the measure columns
    (the first is always the people the row is about)."""

    key: str
    caption: str
    group_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    empty: str = ""
    chart_column: int | None = None  # which column the section's chart draws

    @property
    def any_suppressed(self) -> bool:
        return any(r.suppressed for r in self.rows)

    @property
    def lines(self) -> list[tuple[Row, list[tuple[str, Cell]]]]:
        """Each row with its cells beside their column's heading (for the page)."""
        return [(row, list(zip(self.columns, row.cells, strict=True))) for row in self.rows]


@dataclass(frozen=True)
class Figure:
    """A district total: "Modules finished: 42"."""

    label: str
    text: str


@dataclass
class Section:
    key: str
    title: str
    about: str  # what the numbers count, in a sentence
    figures: list[Figure]
    tables: list[Table]
    totals_shown: bool = True
    totals_note: str = ""
    chart: Table | None = field(default=None)


@dataclass(frozen=True)
class Measure:
    """A column: its heading, the aggregate that computes it (`None`: given in
    `extra`), and how its value is written."""

    key: str
    heading: str
    expr: Any = None
    fmt: Callable[[Any], str] = fmt_int
    numeric: bool = True


def suppressed_row(label: str, threshold: int, width: int) -> Row:
    cells = (Cell(f"<{threshold}"), *(Cell(SUPPRESSED) for _ in range(width - 1)))
    return Row(label=label, cells=cells, suppressed=True)


def make_row(label: str, people: int, values: Sequence[tuple[Measure, Any]], threshold: int) -> Row:
    """A group's row, or a withheld one when it is about fewer than `threshold` people."""
    if people < threshold:
        return suppressed_row(label, threshold, len(values) + 1)
    cells = [Cell(fmt_int(people), float(people))]
    for measure, value in values:
        number = _number(value) if measure.numeric else None
        cells.append(Cell(measure.fmt(value), number))
    return Row(label=label, cells=tuple(cells))


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 86400, 1)  # as written: "2.5" days
    return float(value)


def breakdown(
    qs: QuerySet,
    *,
    group: str,
    labels: Mapping[Any, str],
    people: Any,
    measures: Sequence[Measure],
    threshold: int,
    key: str,
    caption: str,
    group_heading: str,
    people_heading: str,
    extra: Mapping[Any, Mapping[str, Any]] | None = None,
    keep: Callable[[dict[str, Any]], bool] = lambda values: values["_people"] > 0,
    empty: str = "",
    chart_column: int | None = None,
) -> tuple[Table, list[Any]]:
    """Group `qs` by `group` in one query (GROUP BY), one row per group that `keep`s,
    sorted by label. Returns the table and the keys of the withheld groups."""
    aggregates = {"_people": people} | {m.key: m.expr for m in measures if m.expr is not None}
    found = qs.order_by().values(group).annotate(**aggregates)
    rows: list[tuple[str, Row]] = []
    hidden: list[Any] = []
    for values in found:
        if not keep(values):
            continue
        gkey = values[group]
        label = str(labels.get(gkey, gkey if gkey is not None else _("(none)")))
        more = (extra or {}).get(gkey, {})
        cells = [(m, values[m.key] if m.expr is not None else more.get(m.key)) for m in measures]
        row = make_row(label, values["_people"], cells, threshold)
        if row.suppressed:
            hidden.append(gkey)
        rows.append((label.casefold(), row))
    rows.sort(key=lambda pair: pair[0])
    table = Table(
        key=key,
        caption=caption,
        group_heading=group_heading,
        columns=(people_heading, *(m.heading for m in measures)),
        rows=tuple(row for _label, row in rows),
        empty=empty,
        chart_column=chart_column,
    )
    return table, hidden


def combined_people(qs: QuerySet, *, group: str, keys: Iterable[Any], person: str) -> int:
    """How many people the withheld groups (`keys`) are about together (one query)."""
    keys = list(keys)
    if not keys:
        return 0
    nulls = None in keys
    match = Q(**{f"{group}__in": [k for k in keys if k is not None]})
    if nulls:
        match |= Q(**{f"{group}__isnull": True})
    return qs.filter(match).aggregate(n=Count(person, distinct=True))["n"] or 0


def totals_disclosed(people: int, hidden_together: Iterable[int], threshold: int) -> bool:
    """Totals show when they are about `threshold` people or more and, for each
    breakdown, the withheld groups together are none, or about `threshold` or more."""
    if people < threshold:
        return False
    return all(n == 0 or n >= threshold for n in hidden_together)


def figures_or_hidden(
    figures: list[Figure], *, shown: bool, threshold: int
) -> tuple[list[Figure], str]:
    """The figures, or (withheld) the same labels reading "suppressed" and a note."""
    if shown:
        return figures, ""
    note = str(
        _(
            "District totals are withheld: they are about fewer than %(n)s people, or "
            "the groups withheld below could be worked out from them."
        )
        % {"n": threshold}
    )
    return [Figure(f.label, SUPPRESSED) for f in figures], note
