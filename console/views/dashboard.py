"""The district dashboard, for a district's admins (and superusers): the page with its
charts and tables, and the same numbers as CSV. Everyone else gets 404."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Organization
from console import permissions
from console.forms import DashboardForm, default_range, school_year_range
from console.selectors.dashboard import Dashboard, dashboard_csv_rows, district_dashboard

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


def _dashboard(request: HttpRequest) -> tuple[dict[str, Any], Dashboard | None]:
    """The district and range asked for (the last 90 days unless given) and its
    dashboard; none for a range the form refuses."""
    districts = list(permissions.dashboard_districts(request.user))
    district = chosen_district(request, districts)
    start, end = default_range()
    bound = "start" in request.GET or "end" in request.GET
    form = DashboardForm(request.GET if bound else None, initial={"start": start, "end": end})
    context: dict[str, Any] = {"form": form, "district": district, "districts": districts}
    if bound:
        if not form.is_valid():
            return context, None
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    dashboard = district_dashboard(viewer=request.user, district=district, start=start, end=end)
    context |= {
        "dashboard": dashboard,
        "query": _query(district, start, end),
        "school_year_query": _query(district, *school_year_range()),
        "default_query": _query(district, *default_range()),
    }
    return context, dashboard


@login_required
@require_GET
def dashboard_detail(request: HttpRequest) -> HttpResponse:
    """PD, credentials, evidence and coaching for one district; a fixed number of
    queries whatever the number of rows."""
    context, dashboard = _dashboard(request)
    context["sections"] = [
        (s, bar_chart(s.chart, key=s.key) if s.chart is not None else None)
        for s in (dashboard.sections if dashboard else ())
    ]
    status = 200 if dashboard else 400
    return render(request, "console/dashboard_detail.html", context, status=status)


def _csv_cell(value: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_GET
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's numbers as CSV: the same cells as the page, withheld ones too."""
    context, dashboard = _dashboard(request)
    if dashboard is None:
        errors = [str(e) for errs in context["form"].errors.values() for e in errs]
        return HttpResponse(" ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    name = f"dashboard-{dashboard.district.slug}-{dashboard.start:%Y-%m-%d}-to-{dashboard.end:%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    for row in dashboard_csv_rows(dashboard):
        writer.writerow([_csv_cell(str(cell)) for cell in row])
    return response
