"""The roster console pages, for a district's admins (and superusers); everyone else
gets 404 (the menu shows them only to those the policy allows).

- the index: the district's imports (newest first, paginated), the upload form, the
  SIS connection's summary;
- an import: the preview (per file, what confirming will do, and the refused lines
  with why) and the "Import" button; once confirmed, the progress (htmx polls a small
  partial while it runs) and the report;
- the SIS connection: its settings and "Pull now".
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.pagination import keyset_page
from core.views import run_service

from ..models import Organization, RosterImport
from . import jobs
from .forms import RosterConnectionForm, RosterUploadForm
from .package import max_bytes
from .report import OUTCOMES

IMPORTS_PER_PAGE = 20
PROBLEMS_PER_PAGE = 100
PROBLEMS_ORDER = ("file_name", "line", "pk")  # keyset pages (jobs.problems_of's order)
PROBLEMS_COUNT_CAP = 10_000
Status = RosterImport.Status
STATUS_CLASS = {
    Status.PREVIEWED: "status-draft",
    Status.RUNNING: "status-pending",
    Status.DONE: "status-valid",
    Status.FAILED: "status-withdrawn",
}
CHANGES = ("created", "updated", "deactivated")


def _districts(request: HttpRequest) -> tuple[Organization, list[Organization]]:
    """The district asked for (`district=<slug>`, one of theirs, else 404), or the
    first of theirs; 404 for someone who may import none."""
    districts = list(jobs.districts_for(request.user))
    if not districts:
        raise Http404
    slug = request.POST.get("district") or request.GET.get("district")
    if not slug:
        return districts[0], districts
    for district in districts:
        if district.slug == slug:
            return district, districts
    raise Http404


def _list_url(district: Organization) -> str:
    return f"{reverse('roster:import-list')}?{urlencode({'district': district.slug})}"


def _connection_url(district: Organization) -> str:
    return f"{reverse('roster:connection-edit')}?{urlencode({'district': district.slug})}"


def _detail_url(job: RosterImport) -> str:
    return reverse("roster:import-detail", kwargs={"public_id": job.public_id})


def _job(request: HttpRequest, public_id: uuid.UUID) -> RosterImport:
    job = jobs.import_for(user=request.user, public_id=public_id)
    if job is None:
        raise Http404
    return job


def _list_page(
    request: HttpRequest, form: RosterUploadForm, district: Organization, districts: list
) -> dict[str, Any]:
    page = Paginator(jobs.imports_of(user=request.user, district=district), IMPORTS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    rows = [
        {"job": job, "status_class": STATUS_CLASS[job.status], "changes": _changes(job)}
        for job in page
    ]
    return {
        "form": form,
        "district": district,
        "districts": districts,
        "page": page,
        "rows": rows,
        "connection": jobs.connection_of(user=request.user, district=district),
        "max_mb": max_bytes() // (1024 * 1024),
    }


def _changes(job: RosterImport) -> int:
    counts = job.counts or {}
    return sum(int(counts.get(name, 0)) for name in CHANGES)


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    district, districts = _districts(request)
    context = _list_page(request, RosterUploadForm(), district, districts)
    return render(request, "accounts/roster/import_list.html", context)


@login_required
@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    """Check the uploaded zip (the import's dry run) and show its preview."""
    district, districts = _districts(request)
    form = RosterUploadForm(request.POST, request.FILES)

    def page(status: int) -> HttpResponse:
        context = _list_page(request, form, district, districts)
        return render(request, "accounts/roster/import_list.html", context, status=status)

    if not form.is_valid():
        return page(400)

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error("file", exc.message)
        return page(400)

    return run_service(
        request,
        lambda: jobs.roster_import_preview(
            actor=request.user, district=district, upload=form.cleaned_data["file"]
        ),
        done=_("The file was checked. Nothing is imported until you confirm."),
        then=_detail_url,
        refused=refused,
    )


def _file_rows(job: RosterImport) -> list[dict[str, Any]]:
    by_file = (job.counts or {}).get("by_file") or {}
    return [
        {"name": name, "counts": [int(counts.get(o, 0)) for o in OUTCOMES]}
        for name, counts in by_file.items()
    ]


def _progress_context(job: RosterImport) -> dict[str, Any]:
    counts = job.counts or {}
    return {
        "job": job,
        "running": job.status == Status.RUNNING,
        "finished": job.status in (Status.DONE, Status.FAILED),
        "percent": job.percent,
        "totals": [(o, int(counts.get(o, 0))) for o in OUTCOMES],
        "nothing_changed": job.status == Status.DONE and _changes(job) == 0,
    }


@login_required
@require_GET
def import_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    job = _job(request, public_id)
    problems = keyset_page(
        jobs.problems_of(job),
        data=request.GET,
        ordering=PROBLEMS_ORDER,
        per_page=PROBLEMS_PER_PAGE,
        count_cap=PROBLEMS_COUNT_CAP,
    )
    can_confirm = (
        job.source == RosterImport.Source.UPLOAD
        and jobs.ROSTER_IMPORT_FLOW.allows(job.status, Status.RUNNING)
        and job.total > 0
    )
    return render(
        request,
        "accounts/roster/import_detail.html",
        {
            **_progress_context(job),
            "problems": problems,
            "outcomes": OUTCOMES,
            "file_rows": _file_rows(job),
            "can_confirm": can_confirm,
            "status_class": STATUS_CLASS[job.status],
        },
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    job = _job(request, public_id)

    def refused(exc: ServiceError) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(_detail_url(job))

    return run_service(
        request,
        lambda: jobs.roster_import_confirm(actor=request.user, job=job),
        done=_("Confirmed. The roster is being imported; the progress shows below."),
        then=_detail_url,
        refused=refused,
    )


@login_required
@require_GET
def import_progress(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The progress partial htmx polls (every second while the import runs)."""
    job = _job(request, public_id)
    return render(request, "accounts/roster/_progress.html", _progress_context(job))


@login_required
@require_http_methods(["GET", "POST"])
def connection_edit(request: HttpRequest) -> HttpResponse:
    district, districts = _districts(request)
    connection = jobs.connection_of(user=request.user, district=district)
    posted = request.method == "POST"
    form = RosterConnectionForm(
        request.POST if posted else None,
        initial=RosterConnectionForm.initial_from(connection),
        connection=connection,
    )

    def page(status: int) -> HttpResponse:
        context = {
            "form": form,
            "district": district,
            "districts": districts,
            "connection": connection,
        }
        return render(request, "accounts/roster/connection_form.html", context, status=status)

    if not posted:
        return page(200)
    if not form.is_valid():
        return page(400)

    def refused(exc: ServiceError) -> HttpResponse:
        name = getattr(exc, "field", "")
        form.add_error(name if name in form.ERROR_FIELDS else None, exc.message)
        return page(400)

    return run_service(
        request,
        lambda: jobs.roster_connection_update(
            actor=request.user, district=district, **form.cleaned_data
        ),
        done=_("The SIS connection of %(district)s is saved.") % {"district": district.name},
        then=_connection_url(district),
        refused=refused,
    )


@login_required
@require_POST
def connection_pull(request: HttpRequest) -> HttpResponse:
    """Pull the roster from the SIS now (the same task as the nightly pull)."""
    district = _districts(request)[0]
    connection = jobs.connection_of(user=request.user, district=district)
    if connection is None:
        raise Http404

    def refused(exc: ServiceError) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(_connection_url(district))

    return run_service(
        request,
        lambda: jobs.roster_pull(actor=request.user, connection=connection),
        done=_("The pull from the SIS has started; the progress shows below."),
        then=_detail_url,
        refused=refused,
    )
