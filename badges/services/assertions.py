"""Issuing and revoking assertions, awards to an e-mail address and their claim, and
the earner's public switch.

`assertion_issue`, `assertion_issue_to_email`, `assertion_record_claim` and
`assertion_record_revocation` write the assertion rows; they are not doors. Everything that awards or revokes goes through `pathways.services`
(`assertion_award`, `assertion_revoke`), which call these and also award completed
pathways and raise alerts. A test keeps anything else from calling them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import bulk, permissions
from ..errors import AlreadyRevoked, BadgeClassNotActive, BadgeError
from ..models import Assertion, BadgeClass
from ..openbadges import ob2
from ..openbadges.hashing import hash_identity, identity_matches, normalize_email
from .revocation_documents import revocation_documents_record_revocation


@dataclass(frozen=True)
class Award:
    assertion: Assertion
    created: bool


def _check_evidence(evidence: Sequence[ob2.EvidenceItem]) -> list[dict[str, str]]:
    cleaned = []
    for item in evidence:
        if item.url and not item.url.startswith(("https://", "http://")):
            raise BadgeError(f"Evidence links must be web addresses: {item.url!r}")
        if not (item.url or item.narrative):
            raise BadgeError("Each piece of evidence needs a link or a narrative.")
        cleaned.append({"url": item.url, "narrative": item.narrative, "name": item.name})
    return cleaned


def _check_awardable(actor: User | None, badge_class: BadgeClass, check_permission: bool) -> None:
    if (
        actor is not None
        and check_permission
        and not permissions.can_award(actor, badge_class.issuer)
    ):
        raise Forbidden("You may not award badges for this issuer.")
    if badge_class.status != BadgeClass.Status.ACTIVE:
        raise BadgeClassNotActive(f"“{badge_class.name}” is not active; it cannot be awarded.")


def _current(badge_class: BadgeClass, recipient: User | None, email: str) -> QuerySet[Assertion]:
    """The current award of `badge_class` to the account, or (no account) to the
    address still unclaimed: what the partial unique constraints keep to one row."""
    mine = (
        Q(recipient=recipient)
        if recipient is not None
        else Q(recipient__isnull=True, recipient_email=email)
    )
    return Assertion.objects.filter(
        mine, badge_class=badge_class, revoked_at__isnull=True, superseded_at__isnull=True
    )


def _issue(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    recipient: User | None,
    email: str,
    evidence: Sequence[ob2.EvidenceItem],
    narrative: str,
    issued_on: datetime | None,
    actor_label: str,
) -> Award:
    """Write the award (account or address) once; see `assertion_issue`."""
    evidence_json = _check_evidence(evidence)
    now = timezone.now()
    issued = issued_on or now

    with transaction.atomic():
        # Re-read inside the transaction: the badge may have been archived meanwhile.
        if not BadgeClass.objects.filter(
            pk=badge_class.pk, status=BadgeClass.Status.ACTIVE
        ).exists():
            raise BadgeClassNotActive(f"“{badge_class.name}” is not active; it cannot be awarded.")
        current = _current(badge_class, recipient, email).select_for_update().first()
        if current is not None:
            if not current.is_expired(now):
                return Award(assertion=current, created=False)
            current.superseded_at = now
            current.save(update_fields=["superseded_at"])
            audit_record(
                actor=actor,
                actor_label=actor_label,
                action=AuditAction.ASSERTION_SUPERSEDE,
                target=current,
                data={"reason": "expired; renewed by a new award"},
            )

        assertion = Assertion(
            badge_class=badge_class,
            recipient=recipient,
            recipient_email=email,
            issued_on=issued,
            awarded_by=actor,
            narrative=narrative,
            evidence=evidence_json,
            expires_at=(
                issued + timedelta(days=badge_class.valid_for_days)
                if badge_class.valid_for_days
                else None
            ),
            is_public=False,  # public listing is opt-in, per badge, by the earner
        )
        assertion.recipient_hash = hash_identity(email, assertion.salt)
        try:
            with transaction.atomic():
                assertion.save(force_insert=True)
        except IntegrityError:
            # A concurrent award won the race; it is the one assertion.
            winner = _current(badge_class, recipient, email).first()
            if winner is None:
                raise
            return Award(assertion=winner, created=False)
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.ASSERTION_AWARD,
            target=assertion,
            data={
                "badge_class": str(badge_class.public_id),
                "recipient": str(recipient.public_id) if recipient is not None else None,
                "to_email": recipient is None,
                "evidence": len(evidence_json),
            },
        )
    return Award(assertion=assertion, created=True)


def assertion_issue(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    recipient: User,
    evidence: Sequence[ob2.EvidenceItem] = (),
    narrative: str = "",
    issued_on: datetime | None = None,
    actor_label: str = "",
    check_permission: bool = True,
) -> Award:
    """Award `badge_class` to `recipient`, once.

    If the recipient already holds it (not revoked, not expired) the existing
    assertion is returned with `created=False`. An expired one is kept and marked
    superseded by the new award. Two concurrent awards produce one assertion: the
    partial unique constraint decides, and the loser returns the winner's row.

    `check_permission=False` is for trusted callers that checked already (the
    evidence workflow's approval, a command run by the operator).
    """
    _check_awardable(actor, badge_class, check_permission)
    if not recipient.is_active:
        raise BadgeError(f"{recipient.email}'s account is deactivated; it cannot receive badges.")
    return _issue(
        actor=actor,
        badge_class=badge_class,
        recipient=recipient,
        email=normalize_email(recipient.email),
        evidence=evidence,
        narrative=narrative,
        issued_on=issued_on,
        actor_label=actor_label,
    )


def email_award_refusal(badge_class: BadgeClass) -> str | None:
    """Why `badge_class` may not be awarded to an address without an account, or None.

    Badges for students are not: students are minors, and come from the roster."""
    if badge_class.audience == BadgeClass.Audience.STUDENT:
        return (
            f"“{badge_class.name}” is a badge for students, who come from the roster: it "
            "cannot be awarded to an e-mail address without an account. Add the student "
            "to the roster, then award it to their account."
        )
    return None


def assertion_issue_to_email(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    email: str,
    evidence: Sequence[ob2.EvidenceItem] = (),
    narrative: str = "",
    issued_on: datetime | None = None,
    actor_label: str = "",
    check_permission: bool = True,
) -> Award:
    """Award `badge_class` to an e-mail address no account holds, once, as Open Badges
    2.0 allows: the recipient is the salted hash of the address, and the assertion is
    hosted (and verifies) at once. It becomes an account's when its owner verifies the
    address (`assertion_record_claim`).

    Refused for badges whose audience is students: students are minors and come from
    the roster; they are never invited by e-mail. If the address already has a current
    unclaimed award of the badge, that one is returned with `created=False`. The caller
    (the award door) checks that no account holds the address.
    """
    _check_awardable(actor, badge_class, check_permission)
    refusal = email_award_refusal(badge_class)
    if refusal is not None:
        raise BadgeError(refusal)
    problem = bulk.email_problem(email or "")
    if problem is not None:
        raise BadgeError(problem[0].upper() + problem[1:] + ".")
    email = normalize_email(email)
    return _issue(
        actor=actor,
        badge_class=badge_class,
        recipient=None,
        email=email,
        evidence=evidence,
        narrative=narrative,
        issued_on=issued_on,
        actor_label=actor_label,
    )


def assertion_record_claim(
    *, user: User, assertion: Assertion, verified_email: str
) -> Assertion | None:
    """An award to `verified_email` becomes `user`'s, who has verified that address.

    Returns the claimed assertion, or None when there is nothing to claim (claimed by
    now, revoked, not that address, a deactivated account). When the user holds the
    badge already (not expired) the claimed award is theirs too, but superseded: one
    current award per person. An expired one of theirs is superseded by the claim.
    """
    email = normalize_email(verified_email)
    if not user.is_active:
        return None
    now = timezone.now()
    with transaction.atomic():
        locked = (
            Assertion.objects.select_for_update()
            .filter(
                pk=assertion.pk,
                recipient__isnull=True,
                recipient_email=email,
                revoked_at__isnull=True,
            )
            .first()
        )
        if locked is None or not identity_matches(email, locked.salt, locked.recipient_hash):
            return None
        fields = ["recipient", "claimed_at"]
        held = (
            _current(locked.badge_class, user, email).select_for_update().first()
            if locked.superseded_at is None
            else None
        )
        already_held = held is not None and not held.is_expired(now)
        if already_held:
            locked.superseded_at = now
            fields.append("superseded_at")
        elif held is not None:
            held.superseded_at = now
            held.save(update_fields=["superseded_at"])
            audit_record(
                actor=user,
                action=AuditAction.ASSERTION_SUPERSEDE,
                target=held,
                data={"reason": "expired; renewed by a claimed award"},
            )
        locked.recipient = user
        locked.claimed_at = now
        locked.save(update_fields=fields)
        audit_record(
            actor=user,
            action=AuditAction.ASSERTION_CLAIM,
            target=locked,
            data={
                "badge_class": str(locked.badge_class.public_id),
                "recipient": str(user.public_id),
                "already_held": already_held,
            },
        )
    return locked


def assertion_record_revocation(
    *,
    actor: User | None,
    assertion: Assertion,
    reason: str,
    actor_label: str = "",
    check_permission: bool = True,
) -> Assertion:
    """Record a revocation. Nothing is deleted; the hosted assertion answers 410."""
    reason = (reason or "").strip()
    if not reason:
        raise BadgeError("A revocation needs a reason.")
    if len(reason) > 500:
        raise BadgeError("The reason may be at most 500 characters.")
    if actor is not None and check_permission and not permissions.can_revoke(actor, assertion):
        raise Forbidden("You may not revoke badges for this issuer.")
    with transaction.atomic():
        locked = Assertion.objects.select_for_update().get(pk=assertion.pk)
        if locked.revoked_at is not None:
            raise AlreadyRevoked(f"This badge was already revoked on {locked.revoked_at:%Y-%m-%d}.")
        locked.revoked_at = timezone.now()
        locked.revocation_reason = reason
        locked.revoked_by = actor
        locked.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
        revocation_documents_record_revocation(assertion=locked)
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.ASSERTION_REVOKE,
            target=locked,
            data={"reason": reason},
        )
    return locked


def assertion_set_public(*, actor: User, assertion: Assertion, public: bool) -> Assertion:
    """The earner chooses whether a badge shows on their public profile."""
    if not permissions.can_view_assertion_owner_page(actor, assertion):
        raise Forbidden("Only the earner can change this.")
    with transaction.atomic():
        locked = Assertion.objects.select_for_update().get(pk=assertion.pk)
        if locked.is_public == public:
            return locked
        locked.is_public = public
        locked.save(update_fields=["is_public"])
        audit_record(
            actor=actor,
            action=AuditAction.ASSERTION_SET_PUBLIC,
            target=locked,
            data={"public": public},
        )
    return locked
