"""Awarding one badge to a chunk of people at once: `assertions_award_batch`.

The same door as `assertion_award_to_email`, line for line — the policy, the badge
being active, the minors rule for addresses without an account, deactivated
accounts refused, an invitation for an address no account holds, once per person —
but written for a chunk (up to `BATCH_SIZE`) in one transaction: two queries for whose
addresses they are, two for who holds the badge now, one INSERT each for the
assertions, their status list places and the audit rows, and one look at the
pathways. Only the pathways the badge is part of are checked person by person (the
pathway rules need each earner's own badges). A concurrent award of the same badge to
someone in the chunk (the unique constraint refuses the INSERT) sends the chunk
through the one-by-one door instead, so "exactly once" still holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.db.models.options import Options
from django.utils import timezone

from accounts.models import User
from badges import bulk, tasks
from badges import permissions as badge_permissions
from badges.errors import BadgeClassNotActive
from badges.models import Assertion, BadgeClass, Issuer, StatusListEntry
from badges.openbadges.hashing import hash_identity, normalize_email
from badges.openbadges.ob2 import EvidenceItem
from badges.services.assertions import email_award_refusal
from badges.services.revocation_documents import revocation_documents_record_allocation
from core.audit import AuditAction, audit_record_many
from core.errors import Forbidden, ServiceError

from ... import selectors as sel
from ...trees import touching
from .awarding import pathway_check_and_award
from .invitations import accounts_holding, assertion_award_to_email

BATCH_SIZE = 1000  # people per transaction
_ACCOUNT_FIELDS = ("id", "email", "is_active", "public_id")

AWARDED = "awarded"
INVITED = "invited"
HELD = "held"
ERROR = "error"


class Recipient(Protocol):
    """A line to award: `badges.bulk.AwardRow` and the plan's `PlannedLine` are ones."""

    @property
    def email(self) -> str: ...
    @property
    def evidence(self) -> tuple[EvidenceItem, ...]: ...
    @property
    def narrative(self) -> str: ...


@dataclass(frozen=True)
class BatchResult:
    """What happened to one recipient: AWARDED, INVITED, HELD (the existing
    assertion) or ERROR (with the door's message)."""

    outcome: str
    assertion: Assertion | None = None
    reason: str = ""


class _Raced(Exception):
    """Someone else awarded the badge to one of the chunk meanwhile."""


def _pieces(items: Sequence[object]) -> Iterable[Sequence[object]]:
    for i in range(0, len(items), BATCH_SIZE):
        yield items[i : i + BATCH_SIZE]


def _current(badge_class: BadgeClass, users: Sequence[int], emails: Sequence[str]) -> list:
    """The current (not revoked, not superseded) awards of the badge to these accounts
    and to these addresses still unclaimed, locked: two queries."""
    found: list[Assertion] = []
    base = Assertion.objects.select_for_update().filter(
        badge_class=badge_class, revoked_at__isnull=True, superseded_at__isnull=True
    )
    for piece in _pieces(list(users)):
        found += base.filter(recipient_id__in=piece)
    for piece in _pieces(list(emails)):
        found += base.filter(Q(recipient__isnull=True, recipient_email__in=piece))
    return found


def _evidence(items: Sequence[EvidenceItem]) -> list[dict[str, str]]:
    # As badges.services.assertions writes it (the CSV reader checked the links).
    return [{"url": e.url, "narrative": e.narrative, "name": e.name} for e in items]


def _allocate(issuer_id: int, made: Sequence[Assertion], now: datetime) -> None:
    """Status list places for the new assertions, in the order they were made, under
    the issuer's lock (as `status_list_entry_for` allocates one), and the stored list
    grown once."""
    Issuer.objects.select_for_update().only("pk").get(pk=issuer_id)
    last = StatusListEntry.objects.filter(issuer_id=issuer_id).aggregate(last=Max("index"))["last"]
    start = 0 if last is None else last + 1
    _insert_status_entries(
        issuer_id=issuer_id, start=start, assertion_ids=[a.pk for a in made], now=now
    )
    revocation_documents_record_allocation(issuer_id=issuer_id, highest_index=start + len(made) - 1)


def _insert_status_entries(
    *, issuer_id: int, start: int, assertion_ids: Sequence[int], now: datetime
) -> None:
    """One INSERT … SELECT of the entries `start`, `start + 1`, … for the assertions,
    in the order of their ids (the order `bulk_create` made them in): the database
    numbers the rows, so no model instance is built or sent per entry."""
    entry, assertion = StatusListEntry._meta, Assertion._meta
    qn = connection.ops.quote_name

    def column(meta: Options, name: str) -> str:
        return qn(meta.get_field(name).column)

    pk = column(assertion, "id")
    created_at = entry.get_field("created_at").get_db_prep_value(now, connection)
    marks = ", ".join(["%s"] * len(assertion_ids))
    # Only table and column names from the models are written in; every value is a parameter.
    sql = (
        f"INSERT INTO {qn(entry.db_table)} ({column(entry, 'assertion')}, "  # noqa: S608
        f"{column(entry, 'issuer')}, {column(entry, 'index')}, {column(entry, 'created_at')}) "
        f"SELECT {pk}, %s, %s + ROW_NUMBER() OVER (ORDER BY {pk}) - 1, %s "
        f"FROM {qn(assertion.db_table)} WHERE {pk} IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [issuer_id, start, created_at, *assertion_ids])


def _write(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    recipients: Sequence[Recipient],
    actor_label: str,
) -> list[BatchResult]:
    now = timezone.now()
    results: list[BatchResult | None] = [None] * len(recipients)
    emails = [normalize_email(r.email or "") for r in recipients]
    # Only what the chunk reads of each account (the pathway check loads its earners whole).
    holders = accounts_holding(emails, only=_ACCOUNT_FIELDS)
    refusal = email_award_refusal(badge_class)
    groups: dict[tuple[str, object], list[int]] = {}  # ("user", pk) / ("email", address)
    users: dict[int, User] = {}
    for i, (r, email) in enumerate(zip(recipients, emails, strict=True)):
        problem = bulk.email_problem(r.email or "")
        user = holders.get(email)
        if problem is not None:
            results[i] = BatchResult(ERROR, reason=problem[0].upper() + problem[1:] + ".")
        elif user is None and refusal is not None:
            results[i] = BatchResult(ERROR, reason=f"no account for {email}: {refusal}")
        elif user is None:
            groups.setdefault(("email", email), []).append(i)
        elif not user.is_active:
            reason = f"{user.email}'s account is deactivated; it cannot receive badges."
            results[i] = BatchResult(ERROR, reason=reason)
        else:
            users[user.pk] = user
            groups.setdefault(("user", user.pk), []).append(i)

    current = _current(
        badge_class,
        [k for kind, k in groups if kind == "user"],  # type: ignore[misc]
        [k for kind, k in groups if kind == "email"],  # type: ignore[misc]
    )
    superseded: list[Assertion] = []
    for a in current:
        key = ("user", a.recipient_id) if a.recipient_id else ("email", a.recipient_email)
        if key not in groups:
            continue
        if not a.is_expired(now):
            for i in groups.pop(key):
                results[i] = BatchResult(HELD, assertion=a)
        else:
            superseded.append(a)
    if superseded:
        Assertion.objects.filter(pk__in=[a.pk for a in superseded]).update(superseded_at=now)
        audit_record_many(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.ASSERTION_SUPERSEDE,
            targets=[(a, {"reason": "expired; renewed by a new award"}) for a in superseded],
        )

    expires = timedelta(days=badge_class.valid_for_days) if badge_class.valid_for_days else None
    new: list[Assertion] = []
    for (kind, key), indexes in groups.items():
        first = recipients[indexes[0]]
        user = users.get(key) if kind == "user" else None  # type: ignore[call-overload]
        email = normalize_email(user.email) if user is not None else str(key)
        a = Assertion(
            badge_class=badge_class,
            recipient=user,
            recipient_email=email,
            issued_on=now,
            awarded_by=actor,
            narrative=first.narrative,
            evidence=_evidence(first.evidence),
            expires_at=now + expires if expires else None,
            is_public=False,  # public listing is opt-in, per badge, by the earner
        )
        a.recipient_hash = hash_identity(email, a.salt)
        new.append(a)
    if not new:
        return [r for r in results if r is not None]
    try:
        with transaction.atomic():
            Assertion.objects.bulk_create(new)
    except IntegrityError as exc:
        raise _Raced from exc
    for a, ((kind, _key), indexes) in zip(new, groups.items(), strict=True):
        a.badge_class = badge_class
        results[indexes[0]] = BatchResult(AWARDED if kind == "user" else INVITED, assertion=a)
        for i in indexes[1:]:  # the same person twice in one chunk: awarded once
            results[i] = BatchResult(HELD, assertion=a)

    audit_record_many(
        actor=actor,
        actor_label=actor_label,
        action=AuditAction.ASSERTION_AWARD,
        targets=[
            (
                a,
                {
                    "badge_class": str(badge_class.public_id),
                    "recipient": str(a.recipient.public_id) if a.recipient else None,
                    "to_email": a.recipient is None,
                    "evidence": len(a.evidence),
                },
            )
            for a in new
        ],
    )
    invited = [a for a in new if a.recipient is None]
    if invited:
        audit_record_many(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.ASSERTION_INVITE,
            targets=[
                (a, {"badge_class": str(badge_class.public_id), "invitation": "e-mail"})
                for a in invited
            ],
        )
        pks = [a.pk for a in invited]
        transaction.on_commit(lambda: [tasks.send_award_invitation.delay(pk) for pk in pks])
    _allocate(badge_class.issuer_id, new, now)

    # One look at the pathways: only if the badge is in one are earners checked.
    roots = sel.roots_of(trees=sel.pathway_trees())
    if touching(roots, {badge_class.pk}):
        earners = User.objects.in_bulk([a.recipient_id for a in new if a.recipient_id])
        for a in new:
            if a.recipient_id is not None:
                pathway_check_and_award(earner=earners[a.recipient_id])
    return [r for r in results if r is not None]


def _one_by_one(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    recipients: Sequence[Recipient],
    actor_label: str,
    check_permission: bool,
) -> list[BatchResult]:
    results = []
    for r in recipients:
        try:
            with transaction.atomic():  # a refusal undoes this award only
                award = assertion_award_to_email(
                    actor=actor,
                    badge_class=badge_class,
                    email=r.email,
                    evidence=r.evidence,
                    narrative=r.narrative,
                    actor_label=actor_label,
                    check_permission=check_permission,
                )
        except (ServiceError, PermissionDenied) as exc:
            results.append(BatchResult(ERROR, reason=str(exc)))
            continue
        a = award.assertion
        outcome = HELD if not award.created else AWARDED if a.is_claimed else INVITED
        results.append(BatchResult(outcome, assertion=a))
    return results


def assertions_award_batch(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    recipients: Sequence[Recipient],
    actor_label: str = "",
    check_permission: bool = True,
) -> list[BatchResult]:
    """Award `badge_class` to each recipient (at most `BATCH_SIZE`) in one transaction;
    one `BatchResult` per recipient, in their order.

    Raises `Forbidden` when the actor may not award the badge (checked through the
    badges' policy unless `check_permission=False`, for callers that checked) and
    `BadgeClassNotActive` when it is not active: nothing is written. Everything else
    is a line's own outcome: an address no account holds is awarded to the address
    and invited (never for a student badge), a deactivated account is refused, and a
    person who holds the badge now is HELD, so a rerun awards no one twice.
    """
    if len(recipients) > BATCH_SIZE:
        raise ValueError(f"At most {BATCH_SIZE} recipients per batch.")
    if (
        actor is not None
        and check_permission
        and not badge_permissions.can_award(actor, badge_class.issuer)
    ):
        raise Forbidden("You may not award badges for this issuer.")
    if not recipients:
        return []
    with transaction.atomic():
        # Re-read inside the transaction: the badge may have been archived meanwhile.
        if not BadgeClass.objects.filter(
            pk=badge_class.pk, status=BadgeClass.Status.ACTIVE
        ).exists():
            raise BadgeClassNotActive(f"“{badge_class.name}” is not active; it cannot be awarded.")
        try:
            with transaction.atomic():
                return _write(
                    actor=actor,
                    badge_class=badge_class,
                    recipients=recipients,
                    actor_label=actor_label,
                )
        except _Raced:
            return _one_by_one(
                actor=actor,
                badge_class=badge_class,
                recipients=recipients,
                actor_label=actor_label,
                check_permission=False,  # checked above
            )
