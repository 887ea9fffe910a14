"""What the evidence services share: their error, locking, the workflow move, notices."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from accounts.scopes import home_id_of
from badges.models import BadgeClass
from core import notices
from core.errors import ServiceError

from ..models import ApprovalPolicy, Submission, SubmissionVersion
from ..workflow import SUBMISSION_FLOW

S = Submission.Status


class EvidenceError(ServiceError):
    """A request that cannot be carried out."""

    code = "evidence_refused"


def policy_of(badge_class: BadgeClass) -> ApprovalPolicy:
    policy = (
        ApprovalPolicy.objects.select_related("rubric", "reviewer_group")
        .filter(badge_class=badge_class)
        .first()
    )
    if policy is None:
        raise EvidenceError(f"“{badge_class.name}” does not take evidence submissions.")
    return policy


def lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("badge_class__issuer__organization", "earner", "submitted_by")
        .get(pk=submission.pk)
    )


def move(
    submission: Submission, *, actor: User | None, to: str, reason: str = "", now=None
) -> None:
    """Apply one allowed transition to a locked submission and record it."""
    now = now or timezone.now()
    also = []
    if to == S.SUBMITTED:
        submission.submitted_at = now
        also.append("submitted_at")
    if to in (S.APPROVED, S.DECLINED):
        submission.decided_at = now
        also.append("decided_at")
    SUBMISSION_FLOW.apply(submission, to=to, actor=actor, reason=reason, now=now, also=also)


def current_version(submission: Submission) -> SubmissionVersion:
    return SubmissionVersion.objects.get(submission=submission, number=submission.version)


def submission_path(submission: Submission) -> str:
    return reverse("evidence:submission-detail", kwargs={"public_id": submission.public_id})


def notify(user: User, message: str, link: str) -> None:
    """Tell one person (in Cairn, and by e-mail now or in their digest)."""
    notices.notify(user=user, message=message, link=link)


@dataclass(frozen=True)
class ReviewersTold:
    """Who heard that a submission is waiting: reviewers e-mailed now, reviewers who get
    it in their daily digest, and (when nobody may review it) the admins told instead."""

    immediate: int = 0
    digest: int = 0
    admins: int = 0

    @property
    def reviewers(self) -> int:
        return self.immediate + self.digest


def tell_reviewers(submission: Submission, reviewers, message: str) -> ReviewersTold:
    """Tell `reviewers` (in Cairn; by e-mail now or in their digest)."""
    told = notices.notify_all(users=reviewers, message=message, link=submission_path(submission))
    return ReviewersTold(immediate=told.immediate, digest=told.digest)


def admins_to_tell(submission: Submission):
    """When nobody may review: the admins of the issuer's district (or of the issuing
    organization itself when it has no district)."""
    home = home_id_of(submission.badge_class.issuer.organization)
    return User.objects.filter(
        is_active=True,
        memberships__organization_id=home,
        memberships__role=Membership.Role.ADMIN,
    ).distinct()


def tell_no_reviewer(submission: Submission) -> ReviewersTold:
    name = submission.badge_class.name
    told = notices.notify_all(
        users=admins_to_tell(submission),
        message=f"{submission.earner.get_full_name()} submitted evidence for “{name}”, but "
        "nobody may review it: its approval policy names no reviewer who can.",
        link=submission_path(submission),
    )
    return ReviewersTold(admins=told.people)


def touch(submission: Submission) -> None:
    submission.updated_at = timezone.now()
    submission.save(update_fields=["updated_at"])
