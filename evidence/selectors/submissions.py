"""Reads of submissions, already scoped by the access policy (`permissions.submissions`).

`submissions_visible_to` is the one door to a submission: whatever it leaves out
answers 404. `submission_page` is everything the submission page and the API's detail
show, in a fixed number of queries, as one dataclass both of them read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User

from .. import permissions
from ..models import (
    ApprovalPolicy,
    Artifact,
    Review,
    ReviewerNote,
    RubricCriterion,
    StatusChange,
    Submission,
    SubmissionVersion,
)
from ..services.reviews import ApprovalState, approval_state
from ..workflow import SUBMISSION_FLOW

S = Submission.Status


def submissions_visible_to(*, user: User, one: bool = False) -> QuerySet[Submission]:
    """What `user` may see. `one`: for reading one submission (by its id), the policy's
    OR form, tested on that row alone; lists take the form the policy prefers for the
    person (the UNION of indexed branches for most)."""
    return permissions.submissions.queryset(user, "view", union=False if one else None)


# What a row of the API's submission list shows.
LIST_ROW_RELATED = ("badge_class__issuer__organization", "earner", "submitted_by", "assertion")


def submission_list_rows() -> QuerySet[Submission]:
    """What a row of the API's submission list shows, for rows already chosen through
    `submissions_visible_to` (a page's keys); it filters nothing."""
    return Submission.objects.select_related(*LIST_ROW_RELATED)


def submissions_of_earner(*, user: User) -> QuerySet[Submission]:
    """My submissions (and the ones I made for students), newest first."""
    return (
        Submission.objects.filter(Q(earner=user) | Q(submitted_by=user))
        .select_related("badge_class__issuer", "earner", "submitted_by", "assertion")
        .order_by("-updated_at", "-pk")
    )


def submission_detail(*, user: User, public_id: uuid.UUID | str) -> Submission | None:
    """A submission with everything its page shows, in a fixed number of queries."""
    return (
        submissions_visible_to(user=user, one=True)
        .select_related(
            "badge_class__issuer__organization",
            "badge_class__approval_policy__rubric",
            "badge_class__approval_policy__reviewer_group",
            "earner",
            "submitted_by",
            "assertion",
        )
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SubmissionVersion.objects.prefetch_related(
                    Prefetch("artifacts", queryset=Artifact.objects.select_related("added_by"))
                ).order_by("-number"),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer", "version")),
            Prefetch("history", queryset=StatusChange.objects.select_related("actor")),
            "badge_class__approval_policy__rubric__criteria",
            Prefetch("reviewer_notes", queryset=ReviewerNote.objects.select_related("author")),
        )
        .filter(public_id=public_id)
        .first()
    )


def policy_of(*, submission: Submission) -> ApprovalPolicy | None:
    try:
        return submission.badge_class.approval_policy
    except ApprovalPolicy.DoesNotExist:
        return None


@dataclass(frozen=True)
class VersionRow:
    version: SubmissionVersion
    artifacts: list[Artifact]
    reviews: list[Review]


@dataclass(frozen=True)
class SubmissionPage:
    """A submission as one person may see and act on it."""

    submission: Submission
    policy: ApprovalPolicy | None
    criteria: list[RubricCriterion]
    current: VersionRow | None
    earlier: list[VersionRow]
    history: list[StatusChange]
    approval: ApprovalState | None
    # The ways this person is routed the submission (empty: not a reviewer of it).
    reviewer_kinds: list[str]
    # What this person may do now: edit, submit, revise, withdraw, review, note,
    # set_public. Built from the workflow's moves and the access policy.
    actions: frozenset[str]
    reviewed_current: bool
    is_earner: bool
    # Reviewers' notes are for everyone but the earner and whoever submitted for them.
    sees_notes: bool
    notes: list[ReviewerNote] = field(default_factory=list)

    @property
    def current_reviews(self) -> list[Review]:
        return self.current.reviews if self.current else []


def submission_page(*, user: User, public_id: uuid.UUID | str) -> SubmissionPage | None:
    """Everything the submission page (and the API's detail) shows to `user`, or None
    if they may not see it. One query for the submission and its prefetches, one for
    the routing."""
    submission = submission_detail(user=user, public_id=public_id)
    if submission is None:
        return None
    policy = policy_of(submission=submission)
    criteria = list(policy.rubric.criteria.all()) if policy else []
    reviews = list(submission.reviews.all())
    by_version: dict[int, list[Review]] = {}
    for r in reviews:
        by_version.setdefault(r.version_id, []).append(r)
    rows = [
        VersionRow(version=v, artifacts=list(v.artifacts.all()), reviews=by_version.get(v.pk, []))
        for v in submission.versions.all()  # newest first
    ]
    current = next((r for r in rows if r.version.number == submission.version), None)
    kinds = permissions.reviewer_kinds(user, submission) if policy else []
    reviewed_current = any(
        r.reviewer_id == user.pk and r.version.number == submission.version for r in reviews
    )
    approvals = [
        r
        for r in reviews
        if r.version.number == submission.version and r.decision == Review.Decision.APPROVE
    ]
    moves = {m.name for m in SUBMISSION_FLOW.available(submission.status)}
    actions: set[str] = set()
    if permissions.can_act_for_earner(user, submission):
        actions |= moves & {"submit", "revise", "withdraw"}
    if permissions.can_edit_submission(user, submission):
        actions.add("edit")
    if kinds:
        actions.add("note")
        if moves & {"approve", "request_changes", "decline"} and not reviewed_current:
            actions.add("review")
    is_earner = user.pk == submission.earner_id
    if is_earner:
        actions.add("set_public")
    is_submitter = user.pk in (submission.earner_id, submission.submitted_by_id)
    return SubmissionPage(
        submission=submission,
        policy=policy,
        criteria=criteria,
        current=current,
        earlier=[r for r in rows if r is not current],
        history=list(submission.history.all()),
        approval=approval_state(policy, approvals) if policy else None,
        reviewer_kinds=kinds,
        actions=frozenset(actions),
        reviewed_current=reviewed_current,
        is_earner=is_earner,
        sees_notes=not is_submitter,
        notes=[] if is_submitter else list(submission.reviewer_notes.all()),
    )


def public_evidence(*, public_id: uuid.UUID | str) -> tuple[Submission, list[Artifact]] | None:
    """What an assertion's evidence link shows: the approved version's evidence, and only
    if the earner made it public. Anything else (drafts, withdrawn, declined, private,
    or no such submission) is None: the page answers 404."""
    submission = (
        Submission.objects.select_related("badge_class__issuer", "assertion")
        .filter(public_id=public_id, status=S.APPROVED, evidence_public=True)
        .first()
    )
    if submission is None:
        return None
    artifacts = list(
        Artifact.objects.filter(
            version__submission=submission, version__number=submission.version
        ).order_by("created_at", "pk")
    )
    return submission, artifacts


def artifact_of(*, submission: Submission, artifact_id: uuid.UUID) -> Artifact | None:
    """An artifact of any version of `submission` (which the caller may see)."""
    return (
        Artifact.objects.select_related("version__submission")
        .filter(public_id=artifact_id, version__submission=submission)
        .first()
    )


def artifact_for_download(*, user: User, artifact_id: uuid.UUID) -> Artifact | None:
    """A file of evidence: for whoever may see its submission, or anyone once it is the
    public evidence of an approved submission."""
    artifact = (
        Artifact.objects.select_related("version__submission")
        .filter(public_id=artifact_id, kind=Artifact.Kind.FILE)
        .first()
    )
    if artifact is None or not artifact.file:
        return None
    submission = artifact.version.submission
    public = (
        submission.status == S.APPROVED
        and submission.evidence_public
        and artifact.version.number == submission.version
    )
    if public or submissions_visible_to(user=user, one=True).filter(pk=submission.pk).exists():
        return artifact
    return None
