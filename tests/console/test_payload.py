"""The dashboard's payload (console.selectors.payload), without a database: what is
written reads back as equal dataclasses, through JSON; other versions are refused."""

from __future__ import annotations

import json
from datetime import date

import pytest

from accounts.models import Organization
from console.selectors.dashboard import Dashboard
from console.selectors.payload import (
    PAYLOAD_VERSION,
    PayloadError,
    dashboard_from_payload,
    dashboard_to_payload,
)
from console.selectors.tables import Cell, Figure, Row, Section, Table, suppressed_row

DISTRICT = Organization(pk=7, name="Payload District", slug="payload-district")


def a_dashboard() -> Dashboard:
    by_school = Table(
        key="pd-by-school",
        caption="Professional learning by school",
        group_heading="School",
        columns=("Educators", "Modules started", "Pass rate"),
        rows=(
            Row("Alder School", (Cell("4", 4.0), Cell("12", 12.0), Cell("67%", 2 / 3))),
            suppressed_row("Birch School", 5, 3),
            Row("Cedar School", (Cell("9", 9.0), Cell("—"), Cell("2.5", 2.5))),
        ),
        empty="Nothing in this period.",
        chart_column=1,
    )
    other = Table(
        key="other",
        caption="Other",
        group_heading="Kind",
        columns=("Teachers",),
        rows=(),
        empty="None.",
    )
    sections = (
        Section(
            key="pd",
            title="Professional learning",
            about="What it counts.",
            figures=[Figure("Modules started", "suppressed")],
            tables=[by_school, other],
            totals_shown=False,
            totals_note="District totals are withheld.",
            chart=by_school,
        ),
        Section(key="empty", title="Empty", about="", figures=[], tables=[], chart=None),
    )
    return Dashboard(
        district=DISTRICT,
        start=date(2026, 9, 9),
        end=date(2026, 12, 7),
        threshold=5,
        target_days=14,
        sections=sections,
    )


def test_a_dashboard_reads_back_equal_through_json():
    dashboard = a_dashboard()
    stored = json.loads(json.dumps(dashboard_to_payload(dashboard)))
    back = dashboard_from_payload(stored, district=DISTRICT)
    assert back == dashboard
    assert back.any_withheld
    # The chart is the section's own table, as computed (the template compares keys).
    assert back.sections[0].chart is back.sections[0].tables[0]
    assert back.sections[0].tables[0].rows[0].cells[2].value == 2 / 3


def test_the_district_is_the_one_given_not_stored():
    stored = dashboard_to_payload(a_dashboard())
    assert "district" not in json.dumps(stored)
    other = Organization(pk=8, name="Other", slug="other")
    assert dashboard_from_payload(stored, district=other).district is other


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"version": PAYLOAD_VERSION + 1},
        {"version": PAYLOAD_VERSION, "start": "2026-01-01"},
        {**dashboard_to_payload(a_dashboard()), "start": "not a date"},
    ],
)
def test_a_payload_of_another_version_or_shape_is_refused(payload):
    with pytest.raises(PayloadError):
        dashboard_from_payload(payload, district=DISTRICT)


def test_a_chart_that_is_not_one_of_the_sections_tables_is_refused():
    dashboard = a_dashboard()
    section = dashboard.sections[0]
    section.chart = Table(
        key="stray", caption="", group_heading="", columns=(), rows=(), chart_column=None
    )
    with pytest.raises(PayloadError):
        dashboard_to_payload(dashboard)
    stored = dashboard_to_payload(a_dashboard())
    stored["sections"][0]["chart"] = "missing"
    with pytest.raises(PayloadError):
        dashboard_from_payload(stored, district=DISTRICT)
