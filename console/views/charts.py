"""The dashboard's charts: horizontal bars of one column of a table, laid out here so
the template only draws them (the coaching report's pattern). Each chart is an SVG
image with a title and a description, and its table beside it has the same numbers."""

from __future__ import annotations

from typing import Any

from console.selectors.tables import Table

WIDTH = 400
LABEL_H = 18
BAR_H = 18
ROW_H = LABEL_H + BAR_H + 10
VALUE_ROOM = 80
MAX_LABEL = 48


def bar_chart(table: Table, *, key: str) -> dict[str, Any] | None:
    """Bars for `table.chart_column`, one per row (a withheld row draws no bar)."""
    column = table.chart_column
    if column is None:
        return None
    values = [r.cells[column].value for r in table.rows if not r.suppressed]
    top = max((v or 0 for v in values), default=0) or 1
    span = WIDTH - VALUE_ROOM
    bars = []
    for i, row in enumerate(table.rows):
        y = i * ROW_H
        cell = row.cells[column]
        value = None if row.suppressed else cell.value
        width = 0 if not value else max(2, round(span * value / top))
        bars.append(
            {
                "label": row.label,
                "suppressed": row.suppressed,
                "text": cell.text,
                "label_y": y + LABEL_H - 4,
                "bar_y": y + LABEL_H,
                "width": width,
                "value_x": width + 6,
                "value_y": y + LABEL_H + BAR_H - 4,
            }
        )
    return {
        "key": key,
        "measure": table.columns[column],
        "group": table.group_heading,
        "caption": table.caption,
        "bars": bars,
        "width": WIDTH,
        "height": max(ROW_H, len(table.rows) * ROW_H),
        "bar_h": BAR_H,
        "max_label": MAX_LABEL,
    }
