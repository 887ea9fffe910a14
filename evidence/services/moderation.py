"""Moderation: a share of approvals goes to an independent committee, which confirms or
flags them; an admin resolves a flagged approval (revoking through the one door)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden
from pathways.services import assertion_revoke

from .. import permissions
from ..models import ApprovalPolicy, ModerationCase, ReviewerGroup, Submission
from ..workflow import MODERATION_FLOW
from .base import EvidenceError


def moderation_sampled(submission: Submission, rate: Decimal) -> bool:
    """Deterministic: the same submission and seed always give the same answer."""
    if rate <= 0:
        return False
    if rate >= 1:
        return True
    digest = hashlib.sha256(f"{settings.MODERATION_SEED}:{submission.public_id}".encode()).digest()
    fraction = Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)
    return fraction < rate


def maybe_sample(
    submission: Submission,
    *,
    policy: ApprovalPolicy,
    sampler: Callable[[Submission, Decimal], bool] | None,
) -> ModerationCase | None:
    sample = sampler or moderation_sampled
    if not sample(submission, policy.moderation_rate):
        return None
    org = submission.badge_class.issuer.organization
    orgs = [org.pk] + ([org.parent_id] if org.parent_id else [])
    committee = (
        ReviewerGroup.objects.filter(is_moderation_committee=True, organization_id__in=orgs)
        .order_by("pk")
        .first()
    )
    if committee is None:
        return None
    return ModerationCase.objects.create(submission=submission, committee=committee)


def moderation_decide(
    *, actor: User, case: ModerationCase, confirm: bool, reason: str = ""
) -> ModerationCase:
    """A committee member who took no part confirms the approval, or flags it with a reason."""
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise EvidenceError("Say why you are flagging this approval.")
    with transaction.atomic():
        locked = (
            ModerationCase.objects.select_for_update().select_related("committee").get(pk=case.pk)
        )
        if not permissions.can_decide(actor, locked):
            if permissions.is_committee_member(actor, locked.committee):
                raise Forbidden(
                    "You took part in this submission; another member must moderate it."
                )
            raise Forbidden("Only the moderation committee decides this.")
        submission = locked.submission
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        MODERATION_FLOW.apply(
            locked,
            to=ModerationCase.Status.CONFIRMED if confirm else ModerationCase.Status.FLAGGED,
            actor=actor,
            reason=reason,
            also=["reason", "decided_by", "decided_at"],
        )
        audit_record(
            actor=actor,
            action=AuditAction.MODERATION_CONFIRM if confirm else AuditAction.MODERATION_FLAG,
            target=submission,
            data={"reason": reason},
        )
    return locked


def moderation_resolve(
    *, actor: User, case: ModerationCase, revoke: bool, reason: str
) -> ModerationCase:
    """An admin acts on a flagged approval: revoke the badge, or keep it. Either way, why."""
    reason = (reason or "").strip()
    if not reason:
        raise EvidenceError("Give a reason for the decision.")
    with transaction.atomic():
        locked = ModerationCase.objects.select_for_update().get(pk=case.pk)
        submission = Submission.objects.select_related(
            "badge_class__issuer__organization", "assertion__badge_class__issuer__organization"
        ).get(pk=locked.submission_id)
        if not permissions.can_resolve(actor, locked):
            raise Forbidden("Only a district admin resolves a flagged approval.")
        MODERATION_FLOW.check(locked.status, ModerationCase.Status.RESOLVED)
        if revoke and submission.assertion is not None and submission.assertion.revoked_at is None:
            assertion_revoke(actor=actor, assertion=submission.assertion, reason=reason)
        locked.reason = f"{locked.reason}\n— {'Revoked' if revoke else 'Kept'}: {reason}".strip()
        MODERATION_FLOW.apply(
            locked, to=ModerationCase.Status.RESOLVED, actor=actor, reason=reason, also=["reason"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.MODERATION_RESOLVE,
            target=submission,
            data={"revoke": revoke, "reason": reason},
        )
    return locked
