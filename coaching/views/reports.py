"""The coaching report, for the admins of a school or district: the page with its
charts, and the CSV export (aggregates only, never notes). Everyone else gets 404."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import permissions, selectors
from ..forms import ReportForm
from .base import form_errors

CHART_WIDTH = 400
CHART_LABEL_H = 18
CHART_BAR_H = 18
CHART_ROW_H = CHART_LABEL_H + CHART_BAR_H + 10
CHART_VALUE_ROOM = 80


def _chart(rows: list[selectors.ReportRow]) -> dict[str, Any]:
    """Horizontal bars of minutes, laid out here so the template only draws them."""
    top = max((r.minutes or 0 for r in rows), default=0) or 1
    span = CHART_WIDTH - CHART_VALUE_ROOM
    bars = []
    for i, r in enumerate(rows):
        y = i * CHART_ROW_H
        width = 0 if r.suppressed else max(2, round(span * (r.minutes or 0) / top))
        bars.append(
            {
                "row": r,
                "label_y": y + CHART_LABEL_H - 4,
                "bar_y": y + CHART_LABEL_H,
                "width": width,
                "value_x": width + 6,
                "value_y": y + CHART_LABEL_H + CHART_BAR_H - 4,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(CHART_ROW_H, len(rows) * CHART_ROW_H),
        "bar_h": CHART_BAR_H,
    }


def _report(request: HttpRequest) -> tuple[ReportForm, selectors.CoachingReport | None]:
    """The range asked for (the last 90 days unless given) and its report; no report
    for a range the form refuses."""
    if not permissions.can_read_any_report(request.user):
        raise Http404
    form = ReportForm(request.GET or None, initial=ReportForm.default_range())
    if form.is_bound:
        if not form.is_valid():
            return form, None
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        default = ReportForm.default_range()
        start, end = default["start"], default["end"]
    return form, selectors.coaching_report(viewer=request.user, start=start, end=end)


@login_required
@require_GET
def report_detail(request: HttpRequest) -> HttpResponse:
    """Minutes and sessions by school, kind and competency; a fixed number of queries."""
    form, report = _report(request)
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        # The district's threshold (see coaching.selectors.reports.report_threshold).
        "min_people": report.min_people if report else selectors.PRIVACY_MIN_PEOPLE,
    }
    if report is not None:
        context["school_chart"] = _chart(report.by_school)
        context["kind_chart"] = _chart(report.by_kind)
        context["csv_query"] = f"start={report.start:%Y-%m-%d}&end={report.end:%Y-%m-%d}"
        context["show_totals"] = report.show_totals
    return render(request, "coaching/report_detail.html", context, status=200 if report else 400)


def _csv_cell(value: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    """The report as CSV: aggregates only (`report_csv_rows`), never notes of any kind."""
    form, report = _report(request)
    if report is None:
        return HttpResponse(form_errors(form), status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="coaching-report-{report.start:%Y-%m-%d}-to-{report.end:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    for row in selectors.report_csv_rows(report):
        writer.writerow([_csv_cell(str(cell)) for cell in row])
    return response
