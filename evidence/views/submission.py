"""The submission page and what is done on it: submit, revise, withdraw, the earner's
public switch, reviews and reviewers' notes. The buttons come from the page's
`actions` (the workflow's moves the access policy lets this person make)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from badges import hosting
from core.errors import ServiceError
from core.views import run_service

from .. import selectors, services
from ..forms import (
    LEVEL_NAMES,
    ArtifactFileForm,
    ArtifactLinkForm,
    ArtifactReflectionForm,
    EvidencePublicForm,
    ReviewerNoteForm,
    ReviewForm,
    WithdrawForm,
)
from ..models import Submission
from .rows import kinds_text, progress_text, review_row, rubric_rows, status_label

S = Submission.Status


def detail_url(public_id: object, anchor: str = "") -> str:
    url = reverse("evidence:submission-detail", kwargs={"public_id": public_id})
    return f"{url}#{anchor}" if anchor else url


def visible(request: HttpRequest, public_id: uuid.UUID) -> Submission:
    """The one door: a submission the user may see, or 404."""
    submission = (
        selectors.submissions_visible_to(user=request.user, one=True)
        .select_related("badge_class")
        .filter(public_id=public_id)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def _context(page: selectors.SubmissionPage, **given) -> dict:
    """What the template shows, from the page's dataclass."""
    submission, policy = page.submission, page.policy
    badge = submission.badge_class
    criteria = page.criteria
    rows = [page.current, *page.earlier] if page.current else page.earlier
    version_rows = [
        {
            "version": r.version,
            "artifacts": r.artifacts,
            "reviews": [review_row(x, criteria) for x in r.reviews],
        }
        for r in rows
    ]
    current = version_rows[0] if page.current else None
    earlier = version_rows[1:] if page.current else version_rows
    feedback_open = submission.status in (S.CHANGES_REQUESTED, S.DECLINED)
    current_reviews = current["reviews"] if current else []
    progress = ""
    if page.approval and submission.status in (S.SUBMITTED, S.IN_REVIEW, S.APPROVED):
        progress = progress_text(page.approval)
    review_form = given.get("review_form") or ReviewForm(criteria=criteria)
    actions = page.actions
    return {
        "submission": submission,
        "badge_class": badge,
        "issuer": badge.issuer,
        "policy": policy,
        "threshold": policy.threshold if policy else None,
        "threshold_name": LEVEL_NAMES.get(policy.threshold, "") if policy else "",
        "rubric": rubric_rows(criteria),
        "status_label": submission.get_status_display(),
        "earner_name": submission.earner.get_full_name(),
        "submitted_by_name": submission.submitted_by.get_full_name(),
        "is_earner": page.is_earner,
        "current": current,
        # Changes requested or declined: the feedback goes on top, other reviews below.
        "feedback_reviews": [r for r in current_reviews if r["review"].decision != "approve"]
        if feedback_open
        else [],
        "current_reviews": [r for r in current_reviews if r["review"].decision == "approve"]
        if feedback_open
        else current_reviews,
        "earlier": earlier,
        "timeline": [
            {
                "actor": h.actor.get_full_name() if h.actor else _("Cairn"),
                "at": h.created_at,
                "from": status_label(h.from_status) if h.from_status else "",
                "to": status_label(h.to_status),
                "reason": h.reason,
                "version": h.version,
            }
            for h in page.history
        ],
        "progress": progress,
        "can_edit": "edit" in actions,
        "can_submit": "submit" in actions,
        "can_revise": "revise" in actions,
        "can_withdraw": "withdraw" in actions,
        "can_review": "review" in actions,
        "reviewed_current": page.reviewed_current
        and submission.status in Submission.REVIEWABLE_STATUSES,
        "kinds": kinds_text(page.reviewer_kinds),
        "sees_notes": page.sees_notes,
        "can_note": "note" in actions,
        "notes": page.notes,
        "assertion_url": hosting.assertion_url(submission.assertion)
        if submission.assertion_id
        else "",
        "public_url": hosting.absolute(
            reverse("evidence:evidence-public", kwargs={"public_id": submission.public_id})
        ),
        "review_rubric": rubric_rows(criteria, review_form),
        "error": given.get("error", ""),
        "file_form": given.get("file_form") or ArtifactFileForm(),
        "link_form": given.get("link_form") or ArtifactLinkForm(),
        "reflection_form": given.get("reflection_form") or ArtifactReflectionForm(),
        "public_form": EvidencePublicForm(initial={"public": submission.evidence_public}),
        "withdraw_form": given.get("withdraw_form") or WithdrawForm(),
        "review_form": review_form,
        "note_form": given.get("note_form") or ReviewerNoteForm(),
    }


def render_detail(
    request: HttpRequest, public_id: uuid.UUID, *, status: int = 200, **given
) -> HttpResponse:
    page = selectors.submission_page(user=request.user, public_id=public_id)
    if page is None:
        raise Http404
    return render(
        request, "evidence/submission_detail.html", _context(page, **given), status=status
    )


def act(request, public_id, call, *, done: str, anchor: str = "", form_key: str = "", form=None):
    """Run one service on the submission page: back to the page, or the page again with
    the refusal (400)."""

    def refused(exc: ServiceError) -> HttpResponse:
        given = {form_key: form} if form_key else {}
        return render_detail(request, public_id, status=400, error=exc.message, **given)

    return run_service(
        request, call, done=done, then=detail_url(public_id, anchor), refused=refused
    )


def invalid(request, public_id, form_key: str, form) -> HttpResponse:
    return render_detail(
        request,
        public_id,
        status=400,
        error=_("Please correct the errors below."),
        **{form_key: form},
    )


def told_text(told: services.ReviewersTold) -> str:
    """Exactly what happened when the evidence was submitted, for the earner."""
    if told.immediate and told.digest:
        return ngettext(
            "Submitted. %(n)d reviewer has been told by e-mail; %(d)d more will see it in "
            "their daily digest.",
            "Submitted. %(n)d reviewers have been told by e-mail; %(d)d more will see it in "
            "their daily digest.",
            told.immediate,
        ) % {"n": told.immediate, "d": told.digest}
    if told.immediate:
        return ngettext(
            "Submitted. %(n)d reviewer has been told it is waiting for them.",
            "Submitted. %(n)d reviewers have been told it is waiting for them.",
            told.immediate,
        ) % {"n": told.immediate}
    if told.digest:
        return ngettext(
            "Submitted. Your reviewer will see it in Cairn and in their daily digest.",
            "Submitted. Your reviewers will see it in Cairn and in their daily digest.",
            told.digest,
        )
    if told.admins:
        return _("Submitted. No reviewer is assigned yet — your district admin has been told.")
    return _(
        "Submitted. No reviewer is assigned yet and there is no admin to tell: ask your "
        "teacher who reviews this badge."
    )


@login_required
@require_GET
def submission_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return render_detail(request, public_id)


@login_required
@require_POST
def submission_submit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    return act(
        request,
        public_id,
        lambda: services.submission_submit(actor=request.user, submission=submission),
        done=lambda submitted: told_text(submitted.told),
    )


@login_required
@require_POST
def submission_revise(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    return act(
        request,
        public_id,
        lambda: services.submission_revise(actor=request.user, submission=submission),
        done=_(
            "A new version was started with your earlier evidence. Change what the feedback "
            "asks for, then submit again."
        ),
        anchor="evidence",
    )


@login_required
@require_POST
def submission_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return invalid(request, public_id, "withdraw_form", form)
    return act(
        request,
        public_id,
        lambda: services.submission_withdraw(
            actor=request.user, submission=submission, reason=form.cleaned_data["reason"]
        ),
        done=_("The submission was withdrawn."),
    )


@login_required
@require_POST
def submission_set_public(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    form = EvidencePublicForm(request.POST)
    form.is_valid()
    public = bool(form.cleaned_data.get("public"))
    return act(
        request,
        public_id,
        lambda: services.submission_set_evidence_public(
            actor=request.user, submission=submission, public=public
        ),
        done=_("Your evidence will be shown with the badge.")
        if public
        else _("Your evidence is private."),
        anchor="sharing",
    )


@login_required
@require_POST
def review_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    policy = selectors.policy_of(submission=submission)
    if policy is None:
        raise Http404
    form = ReviewForm(request.POST, criteria=policy.rubric.criteria.all())
    if not form.is_valid():
        return invalid(request, public_id, "review_form", form)
    return act(
        request,
        public_id,
        lambda: services.review_submit(
            actor=request.user,
            submission=submission,
            decision=form.cleaned_data["decision"],
            scores=form.scores(),
            feedback=form.cleaned_data["feedback"],
        ),
        done=_("Your review was recorded and the earner was told."),
        form_key="review_form",
        form=form,
    )


@login_required
@require_POST
def reviewer_note_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    form = ReviewerNoteForm(request.POST)
    if not form.is_valid():
        return invalid(request, public_id, "note_form", form)
    return act(
        request,
        public_id,
        lambda: services.reviewer_note_add(
            actor=request.user,
            submission=submission,
            text=form.cleaned_data["text"],
            source=form.cleaned_data["source"],
        ),
        done=_("Your note was added for the other reviewers."),
        anchor="notes",
        form_key="note_form",
        form=form,
    )
