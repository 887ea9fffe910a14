"""The district dashboard, for a district's admins (and superusers): the page with its
charts and tables, and the same numbers as CSV, both read from the stored snapshot of
the district and range (`console.services.snapshots`), with the time it was computed.
Everyone else gets 404, before anything is read or computed."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Organization
from console import permissions
from console.forms import DashboardForm, default_range, school_year_range
from console.selectors.dashboard import dashboard_csv_rows
from console.services.snapshots import (
    DashboardFigures,
    dashboard_ranges,
    dashboard_snapshot_request_refresh,
    dashboard_snapshot_serve,
)

from .charts import bar_chart


def chosen_district(request: HttpRequest, districts: list[Organization]) -> Organization:
    """The district asked for (`district=<slug>`, one the user may see, else 404), or
    the first of theirs; 404 when they have none."""
    if not districts:
        raise Http404
    slug = request.POST.get("district") or request.GET.get("district")
    if not slug:
        return districts[0]
    for district in districts:
        if district.slug == slug:
            return district
    raise Http404


def _query(district: Organization, start: date, end: date) -> str:
    return urlencode(
        {"district": district.slug, "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
    )


def _district(request: HttpRequest) -> tuple[Organization, list[Organization]]:
    """The district asked for, 404 unless the user may view its dashboard."""
    districts = list(permissions.dashboard_districts(request.user))
    district = chosen_district(request, districts)
    if not permissions.districts.allows(request.user, "view", district):
        raise Http404
    return district, districts


def _dashboard(request: HttpRequest) -> tuple[dict[str, Any], DashboardFigures | None]:
    """The district and range asked for (the last 90 days unless given) and its stored
    figures; none for a range the form refuses."""
    district, districts = _district(request)
    start, end = default_range()
    bound = "start" in request.GET or "end" in request.GET
    form = DashboardForm(request.GET if bound else None, initial={"start": start, "end": end})
    context: dict[str, Any] = {"form": form, "district": district, "districts": districts}
    if bound:
        if not form.is_valid():
            return context, None
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    figures = dashboard_snapshot_serve(district=district, start=start, end=end)
    context |= {
        "figures": figures,
        "dashboard": figures.dashboard,
        "start": start,
        "end": end,
        "kept_fresh": (start, end) in dashboard_ranges(),
        "max_age_minutes": settings.DASHBOARD_MAX_AGE // 60,
        "query": _query(district, start, end),
        "school_year_query": _query(district, *school_year_range()),
        "default_query": _query(district, *default_range()),
    }
    return context, figures


@login_required
@require_GET
def dashboard_detail(request: HttpRequest) -> HttpResponse:
    """PD, credentials, evidence and coaching for one district, as stored: a small,
    fixed number of queries whatever the number of rows. While a range's first figures
    are computed, the page says so and reloads its figures every few seconds."""
    context, figures = _dashboard(request)
    dashboard = figures.dashboard if figures else None
    context["sections"] = [
        (s, bar_chart(s.chart, key=s.key) if s.chart is not None else None)
        for s in (dashboard.sections if dashboard else ())
    ]
    status = 200 if figures else 400
    return render(request, "console/dashboard_detail.html", context, status=status)


@login_required
@require_POST
def dashboard_refresh(request: HttpRequest) -> HttpResponse:
    """Refresh now: queue a refresh of the district and range (one at a time), then
    back to the page (with no broker it is computed before the page answers)."""
    district, _districts = _district(request)
    form = DashboardForm(request.POST)
    if not form.is_valid():
        return redirect(f"{reverse('console:dashboard')}?district={district.slug}")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    dashboard_snapshot_request_refresh(district=district, start=start, end=end)
    return redirect(f"{reverse('console:dashboard')}?{_query(district, start, end)}")


def _csv_cell(value: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's numbers as CSV: the same cells as the page, withheld ones too,
    from the same snapshot (`Last-Modified`: when it was computed)."""
    context, figures = _dashboard(request)
    if figures is None:
        errors = [str(e) for errs in context["form"].errors.values() for e in errs]
        return HttpResponse(" ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    dashboard = figures.dashboard
    if dashboard is None:
        response = HttpResponse(
            _("The figures for this range are being computed. Try again in a minute."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return response
    name = f"dashboard-{dashboard.district.slug}-{dashboard.start:%Y-%m-%d}-to-{dashboard.end:%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Last-Modified"] = http_date(figures.computed_at.timestamp())
    writer = csv.writer(response)
    for row in dashboard_csv_rows(dashboard):
        writer.writerow([_csv_cell(str(cell)) for cell in row])
    return response
