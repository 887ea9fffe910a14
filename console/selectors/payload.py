"""The dashboard as plain JSON values and back (`DashboardSnapshot.payload`).

ORM-free: `dashboard_to_payload` writes every field of the dashboard's dataclasses
(sections, figures, tables, rows, cells, which table a section's chart draws, the
withheld flags); `dashboard_from_payload` rebuilds dataclasses equal to the ones
computed, given the district (the snapshot's own row). A payload of another version,
or one that does not parse, raises `PayloadError`, and the snapshot is recomputed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from accounts.models import Organization

from .dashboard import Dashboard
from .tables import Cell, Figure, Row, Section, Table

# Raise when the dataclasses or their meaning change: older snapshots are then recomputed.
PAYLOAD_VERSION = 1


class PayloadError(ValueError):
    """A stored payload this code cannot read."""


def _table(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "caption": table.caption,
        "group_heading": table.group_heading,
        "columns": list(table.columns),
        "rows": [
            {
                "label": row.label,
                "suppressed": row.suppressed,
                "cells": [[cell.text, cell.value] for cell in row.cells],
            }
            for row in table.rows
        ],
        "empty": table.empty,
        "chart_column": table.chart_column,
    }


def _section(section: Section) -> dict[str, Any]:
    chart = section.chart
    if chart is not None and all(t is not chart for t in section.tables):
        raise PayloadError(f"The chart of section {section.key!r} is not one of its tables.")
    return {
        "key": section.key,
        "title": section.title,
        "about": section.about,
        "figures": [[f.label, f.text] for f in section.figures],
        "tables": [_table(t) for t in section.tables],
        "totals_shown": section.totals_shown,
        "totals_note": section.totals_note,
        "chart": chart.key if chart is not None else None,
    }


def dashboard_to_payload(dashboard: Dashboard) -> dict[str, Any]:
    """The dashboard as JSON values (the district is the snapshot's, not copied)."""
    return {
        "version": PAYLOAD_VERSION,
        "start": dashboard.start.isoformat(),
        "end": dashboard.end.isoformat(),
        "threshold": dashboard.threshold,
        "target_days": dashboard.target_days,
        "sections": [_section(s) for s in dashboard.sections],
    }


def _value(value: Any) -> float | None:
    return None if value is None else float(value)


def _table_from(data: dict[str, Any]) -> Table:
    return Table(
        key=str(data["key"]),
        caption=str(data["caption"]),
        group_heading=str(data["group_heading"]),
        columns=tuple(str(c) for c in data["columns"]),
        rows=tuple(
            Row(
                label=str(row["label"]),
                cells=tuple(Cell(str(text), _value(value)) for text, value in row["cells"]),
                suppressed=bool(row["suppressed"]),
            )
            for row in data["rows"]
        ),
        empty=str(data["empty"]),
        chart_column=None if data["chart_column"] is None else int(data["chart_column"]),
    )


def _section_from(data: dict[str, Any]) -> Section:
    tables = [_table_from(t) for t in data["tables"]]
    chart = None
    if data["chart"] is not None:
        chart = next((t for t in tables if t.key == data["chart"]), None)
        if chart is None:
            raise PayloadError(f"No table {data['chart']!r} for the chart of {data['key']!r}.")
    return Section(
        key=str(data["key"]),
        title=str(data["title"]),
        about=str(data["about"]),
        figures=[Figure(str(label), str(text)) for label, text in data["figures"]],
        tables=tables,
        totals_shown=bool(data["totals_shown"]),
        totals_note=str(data["totals_note"]),
        chart=chart,
    )


def dashboard_from_payload(payload: Any, *, district: Organization) -> Dashboard:
    """The dashboard a payload holds, for `district` (its snapshot's district)."""
    if not isinstance(payload, dict) or payload.get("version") != PAYLOAD_VERSION:
        raise PayloadError("The payload is missing or of another version.")
    try:
        return Dashboard(
            district=district,
            start=date.fromisoformat(payload["start"]),
            end=date.fromisoformat(payload["end"]),
            threshold=int(payload["threshold"]),
            target_days=int(payload["target_days"]),
            sections=tuple(_section_from(s) for s in payload["sections"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PayloadError(f"The payload does not parse: {exc}") from exc
