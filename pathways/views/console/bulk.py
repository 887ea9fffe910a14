"""Award a badge to everyone in a CSV file: upload, preview (nothing awarded), confirm;
the job runs as a Celery task while the page shows its progress (htmx polls a small
partial), then offers the per-line report as CSV."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.pagination import keyset_page
from core.views import run_service

from ... import selectors as sel
from ...forms import BulkUploadForm
from ...models import BulkAwardJob
from ...services import bulk
from ...workflow import BULK_AWARD_FLOW
from . import require_awarder

JOBS_PER_PAGE = 25
JOBS_ORDER = ("-created_at", "-pk")  # newest first, keyset pages; index bulkjob_list_order_idx
LINES_PER_PAGE = 200
Status = BulkAwardJob.Status
STATUS_CLASS = {
    Status.PREVIEWED: "status-draft",
    Status.RUNNING: "status-pending",
    Status.DONE: "status-valid",
    Status.FAILED: "status-withdrawn",
}


def _job(request: HttpRequest, public_id: uuid.UUID) -> BulkAwardJob:
    require_awarder(request)
    job = sel.bulk_job_for(user=request.user, public_id=public_id)
    if job is None:
        raise Http404
    return job


def _detail_url(job: BulkAwardJob) -> str:
    return reverse("pathways:console-bulk-detail", kwargs={"public_id": job.public_id})


@login_required
@require_GET
def bulk_list(request: HttpRequest) -> HttpResponse:
    require_awarder(request)
    page = keyset_page(
        sel.bulk_jobs_for(user=request.user),
        data=request.GET,
        ordering=JOBS_ORDER,
        per_page=JOBS_PER_PAGE,
    )
    rows = [{"job": job, "status_class": STATUS_CLASS[job.status]} for job in page]
    return render(request, "pathways/console/bulk_list.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def bulk_preview(request: HttpRequest) -> HttpResponse:
    """The upload form; posting it checks the file and shows the preview."""
    require_awarder(request)
    badge_classes = sel.badge_classes_awardable_by(user=request.user)
    posted = request.method == "POST"
    form = BulkUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"badge_class": request.GET.get("badge_class")},
        badge_classes=badge_classes,
    )

    def page(status: int) -> HttpResponse:
        return render(
            request,
            "pathways/console/bulk_preview.html",
            {
                "form": form,
                "has_badges": badge_classes.exists(),
                "max_mb": bulk.MAX_BYTES // 1024 // 1024,
                "max_lines": bulk.MAX_LINES,
            },
            status=status,
        )

    if not posted:
        return page(200)
    if not form.is_valid():
        return page(400)
    upload = form.cleaned_data["file"]
    if upload.size > bulk.MAX_BYTES:
        form.add_error(
            "file",
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": bulk.MAX_BYTES // 1024 // 1024},
        )
        return page(400)
    data = upload.read(bulk.MAX_BYTES + 1)

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error("file", exc.message)
        return page(400)

    return run_service(
        request,
        lambda: bulk.bulk_award_job_preview(
            actor=request.user,
            badge_class=form.cleaned_data["badge_class"],
            data=data,
            file_name=upload.name or "",
        ),
        done=_("The file was checked. Nothing is awarded until you confirm."),
        then=_detail_url,
        refused=refused,
    )


def _progress_context(job: BulkAwardJob) -> dict[str, object]:
    return {
        "job": job,
        "running": job.status == Status.RUNNING,
        "finished": job.status in (Status.DONE, Status.FAILED),
        "percent": job.percent,
    }


@login_required
@require_GET
def bulk_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A previewed job's preview and confirm button; a confirmed one's progress, and its
    lines once it has run."""
    job = _job(request, public_id)
    lines = bulk.report_lines(job=job)
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
    on_page = [row for row in page if row.email]
    names = sel.names_of_people_administered(
        user=request.user, emails=[row.email for row in on_page]
    )
    return render(
        request,
        "pathways/console/bulk_detail.html",
        {
            **_progress_context(job),
            "page": page,
            "rows": [{"line": row, "name": names.get(row.email, "")} for row in page],
            "bad_lines": [row for row in lines if row.outcome == "error"]
            if job.status == Status.PREVIEWED
            else [],
            "can_confirm": BULK_AWARD_FLOW.allows(job.status, Status.RUNNING) and job.total > 0,
            "status_class": STATUS_CLASS[job.status],
        },
    )


@login_required
@require_POST
def bulk_confirm(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    job = _job(request, public_id)

    def refused(exc: ServiceError) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(_detail_url(job))

    return run_service(
        request,
        lambda: bulk.bulk_award_job_confirm(actor=request.user, job=job),
        done=_("Confirmed. The badges are being awarded; the progress shows below."),
        then=_detail_url,
        refused=refused,
    )


@login_required
@require_GET
def bulk_progress(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The progress partial htmx polls (every second while the job runs)."""
    job = _job(request, public_id)
    return render(request, "pathways/console/_bulk_progress.html", _progress_context(job))


@login_required
@require_GET
def bulk_report(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Every line of the file with its outcome and the badge's URL or the reason."""
    job = _job(request, public_id)
    response = HttpResponse(bulk.report_csv(job=job), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(job.finished_at or job.created_at).strftime("%Y%m%d-%H%M")
    name = f"bulk-award-{job.badge_class.slug}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
