"""Submissions: start, submit, withdraw, revise, and the earner's public switch.

Every move goes through `evidence.workflow.SUBMISSION_FLOW` and leaves a StatusChange
row; each service re-checks the actor against the access policy.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from badges.models import BadgeClass
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..models import Artifact, StatusChange, Submission, SubmissionVersion
from ..workflow import SUBMISSION_FLOW
from .base import (
    EvidenceError,
    S,
    current_version,
    lock,
    move,
    policy_of,
    tell_no_reviewer,
    tell_reviewers,
)


def submission_start(*, actor: User, earner: User, badge_class: BadgeClass) -> Submission:
    """Open a draft toward `badge_class`. One open submission per earner and badge."""
    policy = policy_of(badge_class)
    if badge_class.status != BadgeClass.Status.ACTIVE:
        raise EvidenceError(f"“{badge_class.name}” is not taking evidence now.")
    allowed, why = permissions.can_start_for(actor, earner, policy)
    if not allowed:
        raise Forbidden(why)
    existing = Submission.objects.filter(
        earner=earner, badge_class=badge_class, status__in=Submission.OPEN_STATUSES
    ).first()
    if existing is not None:
        raise EvidenceError(
            f"There is already an open submission for “{badge_class.name}”; continue that one."
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                earner=earner,
                badge_class=badge_class,
                submitted_by=actor,
                created_at=now,
                updated_at=now,
            )
            SubmissionVersion.objects.create(submission=submission, number=1, created_at=now)
            StatusChange.objects.create(
                submission=submission,
                actor=actor,
                from_status="",
                to_status=S.DRAFT,
                version=1,
                reason="Started on the earner's behalf" if actor.pk != earner.pk else "",
                created_at=now,
            )
            audit_record(
                actor=actor,
                action=AuditAction.SUBMISSION_START,
                target=submission,
                data={"badge_class": str(badge_class.public_id), "earner": str(earner.public_id)},
            )
    except IntegrityError as exc:  # a concurrent start won
        raise EvidenceError(
            f"There is already an open submission for “{badge_class.name}”; continue that one."
        ) from exc
    return submission


def submission_set_evidence_public(
    *, actor: User, submission: Submission, public: bool
) -> Submission:
    if actor.pk != submission.earner_id:
        raise Forbidden("Only the earner decides whether their evidence is public.")
    with transaction.atomic():
        locked = lock(submission)
        locked.evidence_public = public
        locked.save(update_fields=["evidence_public"])
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_EVIDENCE_PUBLIC,
            target=locked,
            data={"public": public},
        )
    return locked


def submission_submit(*, actor: User, submission: Submission) -> Submission:
    """Send the draft (a first version, or a revision) for review. Everyone it is routed
    to is told in Cairn and by e-mail (straight away, or in their daily digest); when
    nobody may review it, the district's admins are told instead. The returned
    submission's `told` (a `ReviewersTold`) says which, for the earner's page."""
    with transaction.atomic():
        locked = lock(submission)
        if not permissions.can_act_for_earner(actor, locked):
            raise Forbidden("Only the earner (or the teacher submitting for them) can submit.")
        SUBMISSION_FLOW.check(locked.status, S.SUBMITTED)
        version = current_version(locked)
        if not version.artifacts.exists():
            raise EvidenceError("Add at least one piece of evidence before submitting.")
        now = timezone.now()
        version.submitted_at = now
        version.save(update_fields=["submitted_at"])
        move(
            locked,
            actor=actor,
            to=S.SUBMITTED,
            reason="Submitted on the earner's behalf" if actor.pk != locked.earner_id else "",
            now=now,
        )
        reviewers = list(permissions.reviewers_of(locked))
        if reviewers:
            told = tell_reviewers(
                locked,
                reviewers,
                f"{locked.earner.get_full_name()}'s evidence for “{locked.badge_class.name}” "
                "is waiting for your review.",
            )
        else:
            told = tell_no_reviewer(locked)
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_SUBMIT,
            target=locked,
            data={
                "version": locked.version,
                "told": {"reviewers": told.reviewers, "digest": told.digest, "admins": told.admins},
            },
        )
    locked.told = told  # what the earner's page says happened
    return locked


def submission_withdraw(*, actor: User, submission: Submission, reason: str = "") -> Submission:
    with transaction.atomic():
        locked = lock(submission)
        if not permissions.can_act_for_earner(actor, locked):
            raise Forbidden("Only the earner can withdraw.")
        move(locked, actor=actor, to=S.WITHDRAWN, reason=reason)
        audit_record(actor=actor, action=AuditAction.SUBMISSION_WITHDRAW, target=locked)
    return locked


def submission_revise(*, actor: User, submission: Submission) -> Submission:
    """After changes were requested: a new draft version, starting from the old evidence.

    The old version, its evidence and its reviews are kept untouched.
    """
    with transaction.atomic():
        locked = lock(submission)
        if not permissions.can_act_for_earner(actor, locked):
            raise Forbidden("Only the earner can revise.")
        SUBMISSION_FLOW.check(locked.status, S.DRAFT)
        old = current_version(locked)
        now = timezone.now()
        new = SubmissionVersion.objects.create(
            submission=locked, number=old.number + 1, created_at=now
        )
        Artifact.objects.bulk_create(
            [
                Artifact(
                    version=new,
                    kind=a.kind,
                    title=a.title,
                    file=a.file.name,
                    original_name=a.original_name,
                    content_type=a.content_type,
                    size=a.size,
                    url=a.url,
                    text=a.text,
                    added_by=a.added_by,
                    created_at=a.created_at,
                )
                for a in old.artifacts.all()
            ]
        )
        move(locked, actor=actor, to=S.DRAFT, reason=f"Revising as version {new.number}", now=now)
        locked.version = new.number
        locked.save(update_fields=["version"])
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_REVISE,
            target=locked,
            data={"version": new.number},
        )
    return locked
