"""What the evidence services share: their error, locking, the workflow move, notices."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from badges.models import BadgeClass
from core.errors import ServiceError

from .. import tasks
from ..models import ApprovalPolicy, Notification, Submission, SubmissionVersion
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
    note = Notification.objects.create(user=user, message=message[:300], link=link)
    transaction.on_commit(lambda: tasks.send_notification_email.delay(note.pk))


def touch(submission: Submission) -> None:
    submission.updated_at = timezone.now()
    submission.save(update_fields=["updated_at"])
