"""HTML pages for evidence. Thin: parse, reach objects through the selectors, call one
service, respond. A submission the user may not see answers 404 (so does a refusal by
a service), and input a service rejects re-renders the page with its message (400).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Section, User
from badges import hosting
from badges.models import BadgeClass

from . import permissions, selectors, services
from .forms import (
    LEVEL_NAMES,
    ArtifactFileForm,
    ArtifactLinkForm,
    ArtifactReflectionForm,
    EvidencePublicForm,
    ModerationDecideForm,
    ModerationResolveForm,
    OnBehalfForm,
    QueueFilterForm,
    ReviewerNoteForm,
    ReviewForm,
    WithdrawForm,
)
from .models import ApprovalPolicy, Artifact, Review, RubricCriterion, Submission

S = Submission.Status
# Input a person can fix: the page is shown again with the message.
FIXABLE = (services.EvidenceError, services.UploadRejected, services.InvalidTransition)

KIND_SHORT = {
    "section_teacher": gettext_lazy("teacher"),
    "coach": gettext_lazy("coach"),
    "mentor": gettext_lazy("mentor"),
    "supervisor": gettext_lazy("supervisor"),
    "group": gettext_lazy("reviewer group"),
    "admin": gettext_lazy("district admin"),
}
EDUCATOR_ROLES = (Membership.Role.TEACHER, Membership.Role.COACH, Membership.Role.ADMIN)


def _status_label(value: str) -> str:
    return str(S(value).label) if value in S.values else value


def _detail_url(public_id: object, anchor: str = "") -> str:
    url = reverse("evidence:submission-detail", kwargs={"public_id": public_id})
    return f"{url}#{anchor}" if anchor else url


def _visible(request: HttpRequest, public_id: uuid.UUID) -> Submission:
    """The one door: a submission the user may see, or 404."""
    submission = (
        selectors.submissions_visible_to(request.user)
        .select_related("badge_class")
        .filter(public_id=public_id)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def _policy_of(badge_class: BadgeClass) -> ApprovalPolicy | None:
    try:
        return badge_class.approval_policy
    except ApprovalPolicy.DoesNotExist:
        return None


def _progress_text(state: services.ApprovalState) -> str:
    text = ngettext(
        "%(done)d of %(needed)d approval",
        "%(done)d of %(needed)d approvals",
        state.needed,
    ) % {"done": min(state.approvals, state.needed), "needed": state.needed}
    if state.missing_kinds:
        text += "; " + _("still needed: %(kinds)s") % {
            "kinds": ", ".join(str(KIND_SHORT.get(k, k)) for k in state.missing_kinds)
        }
    return text


def _rubric_rows(criteria: list[RubricCriterion], form: ReviewForm | None = None) -> list[dict]:
    return [
        {
            "criterion": c,
            "field": ReviewForm.field_name(c),
            "levels": [
                {
                    "n": n,
                    "name": LEVEL_NAMES[n],
                    "descriptor": text,
                    "checked": form is not None and form.chosen(c) == str(n),
                }
                for n, text in c.descriptors()
            ],
        }
        for c in criteria
    ]


def _review_row(review: Review, criteria: list[RubricCriterion]) -> dict:
    scores = dict(review.scores or {})
    rows = []
    for c in criteria:
        level = scores.pop(str(c.public_id), None)
        if level is not None:
            rows.append({"name": c.name, "level": level, "level_name": LEVEL_NAMES.get(level, "")})
    for level in scores.values():  # criteria since removed from the rubric
        rows.append(
            {
                "name": _("(a criterion no longer on the rubric)"),
                "level": level,
                "level_name": LEVEL_NAMES.get(level, ""),
            }
        )
    return {
        "review": review,
        "reviewer": review.reviewer.get_full_name(),
        "acting_as": KIND_SHORT.get(review.acting_as, review.acting_as),
        "decision": review.get_decision_display(),
        "scores": rows,
    }


# The submission page ------------------------------------------------------------------


def _detail_context(request: HttpRequest, submission: Submission, **given) -> dict:
    """Everything the submission page shows, from the prefetched submission."""
    user = request.user
    badge = submission.badge_class
    policy = _policy_of(badge)
    criteria = list(policy.rubric.criteria.all()) if policy else []
    versions = list(submission.versions.all())  # newest first
    reviews = list(submission.reviews.all())
    review_rows: dict[int, list[dict]] = {}
    for r in reviews:
        review_rows.setdefault(r.version_id, []).append(_review_row(r, criteria))
    version_rows = [
        {
            "version": v,
            "artifacts": list(v.artifacts.all()),
            "reviews": review_rows.get(v.pk, []),
        }
        for v in versions
    ]
    current = next(
        (row for row in version_rows if row["version"].number == submission.version), None
    )
    earlier = [row for row in version_rows if row is not current]

    kinds = permissions.reviewer_kinds(user, submission, policy) if policy else []
    reviewed_current = any(
        r.reviewer_id == user.pk and r.version.number == submission.version for r in reviews
    )
    reviewable = submission.status in Submission.REVIEWABLE_STATUSES
    can_review = bool(kinds) and reviewable and not reviewed_current
    is_earner = user.pk == submission.earner_id
    is_submitter = user.pk in (submission.earner_id, submission.submitted_by_id)
    can_act = permissions.can_act_for_earner(user, submission)
    can_edit = permissions.can_edit_submission(user, submission)
    approvals = [
        r
        for r in reviews
        if r.version.number == submission.version and r.decision == Review.Decision.APPROVE
    ]
    feedback_open = submission.status in (S.CHANGES_REQUESTED, S.DECLINED)
    current_reviews = current["reviews"] if current else []
    progress = ""
    if policy and submission.status in (S.SUBMITTED, S.IN_REVIEW, S.APPROVED):
        progress = _progress_text(services.approval_state(policy, approvals))
    review_form = given.get("review_form") or ReviewForm(criteria=criteria)
    return {
        "submission": submission,
        "badge_class": badge,
        "issuer": badge.issuer,
        "policy": policy,
        "threshold": policy.threshold if policy else None,
        "threshold_name": LEVEL_NAMES.get(policy.threshold, "") if policy else "",
        "rubric": _rubric_rows(criteria),
        "status_label": submission.get_status_display(),
        "earner_name": submission.earner.get_full_name(),
        "submitted_by_name": submission.submitted_by.get_full_name(),
        "is_earner": is_earner,
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
                "from": _status_label(h.from_status) if h.from_status else "",
                "to": _status_label(h.to_status),
                "reason": h.reason,
                "version": h.version,
            }
            for h in submission.history.all()
        ],
        "progress": progress,
        "can_edit": can_edit,
        "can_submit": can_act and submission.status == S.DRAFT,
        "can_revise": can_act and submission.status == S.CHANGES_REQUESTED,
        "can_withdraw": can_act
        and submission.status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED),
        "can_review": can_review,
        "reviewed_current": reviewed_current and reviewable,
        "kinds": [KIND_SHORT.get(k, k) for k in kinds],
        "sees_notes": not is_submitter,
        "can_note": bool(kinds),
        "notes": list(submission.reviewer_notes.all()) if not is_submitter else [],
        "assertion_url": hosting.assertion_url(submission.assertion)
        if submission.assertion_id
        else "",
        "public_url": hosting.absolute(
            reverse("evidence:evidence-public", kwargs={"public_id": submission.public_id})
        ),
        "review_rubric": _rubric_rows(criteria, review_form),
        "error": given.get("error", ""),
        "file_form": given.get("file_form") or ArtifactFileForm(),
        "link_form": given.get("link_form") or ArtifactLinkForm(),
        "reflection_form": given.get("reflection_form") or ArtifactReflectionForm(),
        "public_form": EvidencePublicForm(initial={"public": submission.evidence_public}),
        "withdraw_form": given.get("withdraw_form") or WithdrawForm(),
        "review_form": review_form,
        "note_form": given.get("note_form") or ReviewerNoteForm(),
    }


def _render_detail(
    request: HttpRequest, public_id: uuid.UUID, *, status: int = 200, **given
) -> HttpResponse:
    submission = selectors.submission_detail(request.user, public_id)
    if submission is None:
        raise Http404
    return render(
        request,
        "evidence/submission_detail.html",
        _detail_context(request, submission, **given),
        status=status,
    )


@login_required
@require_GET
def submission_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _render_detail(request, public_id)


def _act(request, public_id, call, *, done: str, anchor: str = "", form_key: str = "", form=None):
    """Run one service call on a visible submission; 404 if refused, 400 with the message."""
    try:
        call()
    except PermissionDenied as exc:
        raise Http404 from exc
    except FIXABLE as exc:
        given = {form_key: form} if form_key else {}
        return _render_detail(request, public_id, status=400, error=str(exc), **given)
    messages.success(request, done)
    return HttpResponseRedirect(_detail_url(public_id, anchor))


def _invalid(request, public_id, form_key: str, form) -> HttpResponse:
    return _render_detail(
        request,
        public_id,
        status=400,
        error=_("Please correct the errors below."),
        **{form_key: form},
    )


@login_required
@require_POST
def artifact_add_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = _visible(request, public_id)
    form = ArtifactFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, public_id, "file_form", form)
    return _act(
        request,
        public_id,
        lambda: services.artifact_add_file(
            actor=request.user,
            submission=submission,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        ),
        done=_("The file was added."),
        anchor="evidence",
        form_key="file_form",
        form=form,
    )


@login_required
@require_POST
def artifact_add_link(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = _visible(request, public_id)
    form = ArtifactLinkForm(request.POST)
    if not form.is_valid():
        return _invalid(request, public_id, "link_form", form)
    return _act(
        request,
        public_id,
        lambda: services.artifact_add_link(
            actor=request.user,
            submission=submission,
            url=form.cleaned_data["url"],
            title=form.cleaned_data["title"],
        ),
        done=_("The link was added."),
        anchor="evidence",
        form_key="link_form",
        form=form,
    )


@login_required
@require_POST
def artifact_add_reflection(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = _visible(request, public_id)
    form = ArtifactReflectionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, public_id, "reflection_form", form)
    return _act(
        request,
        public_id,
        lambda: services.artifact_add_reflection(
            actor=request.user,
            submission=submission,
            text=form.cleaned_data["text"],
            title=form.cleaned_data["title"],
        ),
        done=_("The reflection was added."),
        anchor="evidence",
        form_key="reflection_form",
        form=form,
    )


@login_required
@require_POST
def artifact_remove(
    request: HttpRequest, public_id: uuid.UUID, artifact_id: uuid.UUID
) -> HttpResponse:
    submission = _visible(request, public_id)
    artifact = (
        Artifact.objects.select_related("version__submission")
        .filter(public_id=artifact_id, version__submission=submission)
        .first()
    )
    if artifact is None:
        raise Http404
    return _act(
        request,
        public_id,
        lambda: services.artifact_remove(actor=request.user, artifact=artifact),
        done=_("“%(name)s” was removed.") % {"name": str(artifact)},
        anchor="evidence",
    )


@login_required
@require_POST
def submission_submit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = _visible(request, public_id)
    return _act(
        request,
        public_id,
        lambda: services.submission_submit(actor=request.user, submission=submission),
        done=_("Submitted. Your reviewers have been told it is waiting for them."),
    )


@login_required
@require_POST
def submission_revise(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = _visible(request, public_id)
    return _act(
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
    submission = _visible(request, public_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _invalid(request, public_id, "withdraw_form", form)
    return _act(
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
    submission = _visible(request, public_id)
    form = EvidencePublicForm(request.POST)
    form.is_valid()
    public = bool(form.cleaned_data.get("public"))
    return _act(
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
    submission = _visible(request, public_id)
    policy = _policy_of(submission.badge_class)
    if policy is None:
        raise Http404
    form = ReviewForm(request.POST, criteria=policy.rubric.criteria.all())
    if not form.is_valid():
        return _invalid(request, public_id, "review_form", form)
    return _act(
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
    submission = _visible(request, public_id)
    form = ReviewerNoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, public_id, "note_form", form)
    return _act(
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


# Downloads and the public evidence page ---------------------------------------------


def _download_name(artifact: Artifact) -> str:
    """The uploader's name with the extension of what the file really is."""
    stem = (artifact.original_name or "evidence").rsplit(".", 1)[0] or "evidence"
    ext = artifact.file.name.rsplit(".", 1)[-1] if "." in artifact.file.name else "bin"
    return f"{stem}.{ext}"


@require_GET
def artifact_download(request: HttpRequest, artifact_id: uuid.UUID) -> HttpResponse:
    """A file of evidence: for whoever may see the submission, or anyone once it is public."""
    artifact = (
        Artifact.objects.select_related("version__submission")
        .filter(public_id=artifact_id, kind=Artifact.Kind.FILE)
        .first()
    )
    if artifact is None or not artifact.file:
        raise Http404
    submission = artifact.version.submission
    public = (
        submission.status == S.APPROVED
        and submission.evidence_public
        and artifact.version.number == submission.version
    )
    if (
        not public
        and not selectors.submissions_visible_to(request.user).filter(pk=submission.pk).exists()
    ):
        raise Http404
    try:
        handle = artifact.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_download_name(artifact),
        content_type=artifact.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def evidence_public(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """What the assertion's evidence link shows: the approved evidence, if the earner chose."""
    submission = (
        Submission.objects.select_related("badge_class__issuer", "assertion")
        .filter(public_id=public_id)
        .first()
    )
    if submission is None:
        raise Http404
    shown = submission.status == S.APPROVED and submission.evidence_public
    artifacts = (
        list(
            Artifact.objects.filter(
                version__submission=submission, version__number=submission.version
            ).order_by("created_at", "pk")
        )
        if shown
        else []
    )
    badge = submission.badge_class
    context = {
        "shown": shown,
        "badge_class": badge,
        "issuer": badge.issuer,
        "badge_url": hosting.badge_class_url(badge),
        "assertion_url": hosting.assertion_url(submission.assertion)
        if shown and submission.assertion_id
        else "",
        "revoked": shown and submission.assertion_id and submission.assertion.revoked_at,
        "version": submission.version,
        "decided_at": submission.decided_at,
        "artifacts": artifacts,
    }
    response = render(request, "evidence/submission_public.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


# Lists --------------------------------------------------------------------------------


def _startable_badges(user: User) -> list[BadgeClass]:
    """Active badges taking evidence that `user` may start for themselves (one query).

    Students see their district's student badges; teachers, coaches and admins its
    educator badges. Each carries `open_submission`, the public id of an open one.
    """
    in_district = Membership.objects.filter(user=user).filter(
        Q(organization=OuterRef("issuer__organization"))
        | Q(organization__parent=OuterRef("issuer__organization"))
    )
    open_one = Submission.objects.filter(
        earner=user, badge_class=OuterRef("pk"), status__in=Submission.OPEN_STATUSES
    ).values("public_id")[:1]
    return list(
        BadgeClass.objects.filter(
            status=BadgeClass.Status.ACTIVE, approval_policy__allow_self_submission=True
        )
        .filter(
            Q(
                Exists(in_district.filter(role=Membership.Role.STUDENT)),
                audience=BadgeClass.Audience.STUDENT,
            )
            | Q(
                Exists(in_district.filter(role__in=EDUCATOR_ROLES)),
                audience=BadgeClass.Audience.EDUCATOR,
            )
        )
        .select_related("issuer")
        .annotate(open_submission=Subquery(open_one))
        .order_by("name")
    )


def _on_behalf(user: User, data=None) -> dict | None:
    """For a teacher: their sections' students and the badges they may submit for them."""
    sections = list(
        Section.objects.filter(teachers=user)
        .prefetch_related(Prefetch("students", queryset=User.objects.order_by("name", "email")))
        .order_by("name")
    )
    if not sections:
        return None
    badges = list(
        BadgeClass.objects.filter(
            status=BadgeClass.Status.ACTIVE,
            audience=BadgeClass.Audience.STUDENT,
            approval_policy__allow_teacher_on_behalf=True,
        )
        .filter(
            Exists(
                Membership.objects.filter(user=user, role=Membership.Role.TEACHER).filter(
                    Q(organization=OuterRef("issuer__organization"))
                    | Q(organization__parent=OuterRef("issuer__organization"))
                )
            )
        )
        .order_by("name")
    )
    students = [
        (s.name, [(str(u.public_id), u.get_full_name()) for u in s.students.all()])
        for s in sections
        if s.students.all()
    ]
    if not badges or not students:
        return None
    form = OnBehalfForm(data, students=students)
    return {"form": form, "field": form["for"], "badges": badges}


@login_required
@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = [
        {
            "submission": s,
            "badge": s.badge_class,
            "status_label": s.get_status_display(),
            "for_name": s.earner.get_full_name() if s.earner_id != user.pk else "",
            "by_name": s.submitted_by.get_full_name() if s.on_behalf else "",
        }
        for s in selectors.submissions_of_earner(user)
    ]
    return render(
        request,
        "evidence/submission_list.html",
        {
            "rows": rows,
            "startable": _startable_badges(user),
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
    student = (
        User.objects.filter(public_id=public_id, sections_enrolled__teachers=request.user)
        .distinct()
        .first()
    )
    if student is None:
        raise Http404
    return student


@login_required
@require_http_methods(["GET", "POST"])
def submission_start(request: HttpRequest, badge_slug: str) -> HttpResponse:
    badge = (
        BadgeClass.objects.select_related("issuer", "approval_policy__rubric")
        .filter(slug=badge_slug, status=BadgeClass.Status.ACTIVE, approval_policy__isnull=False)
        .first()
    )
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
            error = str(exc)
        else:
            messages.success(request, _("Your draft is ready. Add your evidence, then submit."))
            return HttpResponseRedirect(_detail_url(submission.public_id))
    policy = badge.approval_policy
    allowed, why = permissions.can_start_for(request.user, earner, policy)
    open_submission = (
        selectors.submissions_visible_to(request.user)
        .filter(earner=earner, badge_class=badge, status__in=Submission.OPEN_STATUSES)
        .first()
    )
    return render(
        request,
        "evidence/submission_start.html",
        {
            "badge_class": badge,
            "issuer": badge.issuer,
            "policy": policy,
            "rubric": _rubric_rows(list(policy.rubric.criteria.all())),
            "reviewer_kinds": [KIND_SHORT.get(k, k) for k in policy.eligible_kinds()],
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
    everything = selectors.review_queue(user)
    badges = list(
        BadgeClass.objects.filter(pk__in=everything.values("badge_class_id"))
        .order_by("name")
        .values_list("slug", "name")
    )
    sections = [
        (str(pid), name)
        for pid, name in Section.objects.filter(teachers=user)
        .order_by("name")
        .values_list("public_id", "name")
    ]
    form = QueueFilterForm(request.GET or None, badges=badges, sections=sections)
    filters = selectors.QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.QueueFilters(
            badge=data["badge"],
            section=data["section"],
            status=data["status"],
            min_age_days=data["age"],
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
        for s in selectors.review_queue(user, filters)
    ]
    return render(
        request,
        "evidence/review_queue.html",
        {
            "rows": rows,
            "form": form,
            "has_sections": bool(sections),
            "filtered": filters != selectors.QueueFilters(),
        },
    )


# Moderation ---------------------------------------------------------------------------


def _render_moderation(
    request: HttpRequest, *, failed: uuid.UUID | None = None, form=None, error: str = ""
) -> HttpResponse:
    user = request.user

    def form_for(case, form_class):
        auto_id = f"id_%s_{case.public_id}"
        if failed == case.public_id and form is not None:
            return form_class(form.data, auto_id=auto_id)
        return form_class(auto_id=auto_id)

    pending = [
        {
            "case": case,
            "submission": case.submission,
            "earner": case.submission.earner.get_full_name(),
            "badge": case.submission.badge_class.name,
            "committee": case.committee.name,
            "form": form_for(case, ModerationDecideForm),
        }
        for case in selectors.moderation_queue(user)
    ]
    flagged = [
        {
            "case": case,
            "submission": case.submission,
            "earner": case.submission.earner.get_full_name(),
            "badge": case.submission.badge_class.name,
            "form": form_for(case, ModerationResolveForm),
        }
        for case in selectors.moderation_flagged_for_admin(user)
    ]
    return render(
        request,
        "evidence/moderation_queue.html",
        {"pending": pending, "flagged": flagged, "error": error, "failed": failed},
        status=400 if error else 200,
    )


@login_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    return _render_moderation(request)


def _moderate(request, case, form, call, done: str) -> HttpResponse:
    if not form.is_valid():
        return _render_moderation(
            request,
            failed=case.public_id,
            form=form,
            error=_("Please correct the errors below."),
        )
    try:
        call(form.cleaned_data)
    except PermissionDenied as exc:
        raise Http404 from exc
    except FIXABLE as exc:
        return _render_moderation(request, failed=case.public_id, form=form, error=str(exc))
    messages.success(request, done)
    return HttpResponseRedirect(reverse("evidence:moderation-queue"))


@login_required
@require_POST
def moderation_decide(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = selectors.moderation_queue(request.user).filter(public_id=public_id).first()
    if case is None:
        raise Http404
    form = ModerationDecideForm(request.POST)
    return _moderate(
        request,
        case,
        form,
        lambda data: services.moderation_decide(
            actor=request.user,
            case=case,
            confirm=data["decision"] == "confirm",
            reason=data["reason"],
        ),
        done=_("Thank you: your moderation decision was recorded."),
    )


@login_required
@require_POST
def moderation_resolve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = selectors.moderation_flagged_for_admin(request.user).filter(public_id=public_id).first()
    if case is None:
        raise Http404
    form = ModerationResolveForm(request.POST)
    return _moderate(
        request,
        case,
        form,
        lambda data: services.moderation_resolve(
            actor=request.user,
            case=case,
            revoke=data["decision"] == "revoke",
            reason=data["reason"],
        ),
        done=_("The flagged approval was resolved."),
    )


# Notifications ------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = list(selectors.notifications_for(request.user)[:100])
    return render(request, "evidence/notification_list.html", {"notifications": notes})


@login_required
@require_POST
def notification_read(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    note = selectors.notifications_for(request.user).filter(public_id=public_id).first()
    if note is None:
        raise Http404
    try:
        services.notification_mark_read(actor=request.user, notification=note)
    except PermissionDenied as exc:
        raise Http404 from exc
    safe = url_has_allowed_host_and_scheme(
        note.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(
        note.link if note.link and safe else reverse("evidence:notification-list")
    )
