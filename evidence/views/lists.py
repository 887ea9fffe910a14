"""My evidence (with what I may start), starting a submission, and the review queue."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from core.pagination import keyset_page

from .. import permissions, selectors, services
from ..forms import OnBehalfForm
from ..models import Submission
from .rows import kinds_text, rubric_rows
from .submission import detail_url

QUEUE_PAGE_SIZE = 50
QUEUE_ORDER = ("submitted_at", "pk")  # oldest first; index submission_queue_idx
QUEUE_COUNT_CAP = 1000  # past it the caption says "1,000+"
MINE_PAGE_SIZE = 25
MINE_ORDER = ("-updated_at", "-pk")  # latest change first (one person's rows: FK indexes)


def _on_behalf(user: User, data=None) -> dict | None:
    options = selectors.on_behalf_options(user=user)
    if options is None:
        return None
    form = OnBehalfForm(data, students=options.students)
    return {"form": form, "field": form["for"], "badges": options.badges}


@login_required
@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    page = keyset_page(
        selectors.submissions_of_earner(user=user),
        data=request.GET,
        ordering=MINE_ORDER,
        per_page=MINE_PAGE_SIZE,
    )
    rows = [
        {
            "submission": s,
            "badge": s.badge_class,
            "status_label": s.get_status_display(),
            "for_name": s.earner.get_full_name() if s.earner_id != user.pk else "",
            "by_name": s.submitted_by.get_full_name() if s.on_behalf else "",
        }
        for s in page.rows
    ]
    return render(
        request,
        "evidence/submission_list.html",
        {
            "rows": rows,
            "page": page,
            "startable": selectors.startable_badges(user=user),
            "on_behalf": _on_behalf(user),
        },
    )


def _earner_for(request: HttpRequest, value: str) -> User:
    """Myself, or (with `for`) a student in one of my sections; anyone else is 404."""
    if not value:
        return request.user
    try:
        public_id = uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc
    student = selectors.student_of(user=request.user, public_id=public_id)
    if student is None:
        raise Http404
    return student


@login_required
@require_http_methods(["GET", "POST"])
def submission_start(request: HttpRequest, badge_slug: str) -> HttpResponse:
    badge = selectors.badge_taking_evidence(slug=badge_slug)
    if badge is None:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    earner = _earner_for(request, data.get("for", ""))
    error = ""
    if data.get("on_behalf") and earner.pk == request.user.pk:
        error = _("Choose the student you are submitting for.")
    elif request.method == "POST":
        try:
            submission = services.submission_start(
                actor=request.user, earner=earner, badge_class=badge
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except services.EvidenceError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your draft is ready. Add your evidence, then submit."))
            return HttpResponseRedirect(detail_url(submission.public_id))
    policy = badge.approval_policy
    allowed, why = permissions.can_start_for(request.user, earner, policy)
    open_submission = selectors.open_submission(user=request.user, earner=earner, badge_class=badge)
    return render(
        request,
        "evidence/submission_start.html",
        {
            "badge_class": badge,
            "issuer": badge.issuer,
            "policy": policy,
            "rubric": rubric_rows(list(policy.rubric.criteria.all())),
            "reviewer_kinds": kinds_text(policy.eligible_kinds()),
            "earner": earner,
            "earner_name": earner.get_full_name(),
            "for_other": earner.pk != request.user.pk,
            "allowed": allowed,
            "why": why,
            "open_submission": open_submission,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    queue = selectors.filtered_queue(user=user, data=request.GET)
    filterset = queue.filterset
    submissions = filterset.qs if filterset.is_valid() else Submission.objects.none()
    page = keyset_page(
        submissions,
        data=request.GET,
        ordering=QUEUE_ORDER,
        per_page=QUEUE_PAGE_SIZE,
        count_cap=QUEUE_COUNT_CAP,
        rows_by_key=selectors.queue_rows(),  # the page's keys sorted before the rows' joins
    )
    now = timezone.now()
    rows = [
        {
            "submission": s,
            "earner": s.earner.get_full_name(),
            "by": s.submitted_by.get_full_name() if s.on_behalf else "",
            "badge": s.badge_class.name,
            "status_label": s.get_status_display(),
            "submitted_at": s.submitted_at,
            "age_days": (now - s.submitted_at).days if s.submitted_at else None,
            "approvals": s.approvals,
        }
        for s in page.rows
    ]
    return render(
        request,
        "evidence/review_queue.html",
        {
            "rows": rows,
            "page": page,
            "form": filterset.form,
            "has_sections": queue.has_sections,
            "filtered": filterset.is_filtered,
        },
        status=200 if filterset.is_valid() else 400,
    )
