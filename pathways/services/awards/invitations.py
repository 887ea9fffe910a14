"""Awarding to someone without an account, and their claim.

Open Badges 2.0 names a recipient by a salted hash of an e-mail address, so a badge can
be issued to an address nobody has an account for yet. `assertion_award_to_email` does
that when no account holds the address (else it awards the account, through
`assertion_award`): the assertion is hosted, baked and verifiable at once, and an
invitation e-mail goes to the address once the transaction commits.

`assertion_claim_for` makes such awards a person's when the address is one of their
*verified* e-mail addresses (allauth's `EmailAddress.verified`); an unverified address
claims nothing. It runs when someone confirms an address and when they sign in
(`pathways.receivers`), and then awards any pathway the claimed badges complete.

The rule for minors: badges whose audience is students are never awarded to an address
without an account — students are minors, and come from the roster (their accounts are
made by the district), so `badges.services.assertions.assertion_issue_to_email` refuses
them with a message saying so. Badges for educators may be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models.functions import Lower

from accounts.models import User
from badges import bulk, tasks
from badges.errors import BadgeError
from badges.models import Assertion, BadgeClass
from badges.openbadges.hashing import normalize_email
from badges.openbadges.ob2 import EvidenceItem
from badges.services.assertions import Award, assertion_issue_to_email, assertion_record_claim
from core.audit import AuditAction, audit_record

from .awarding import assertion_award, pathway_check_and_award

_CHUNK = 500  # stays under SQLite's limit on query parameters


def accounts_holding(emails: Sequence[str], *, only: Sequence[str] = ()) -> dict[str, User]:
    """The account holding each address (normalized), when one does: its sign-in
    address (matched without regard to case), or else a verified address of theirs.
    Two queries per 500 addresses. `only` names the account fields to load (all of
    them when empty; a batch that needs a few of 10,000 accounts' fields asks for those)."""
    wanted = sorted({normalize_email(e) for e in emails if e})
    found: dict[str, User] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        accounts = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk)
        if only:
            accounts = accounts.only(*only)
        for user in accounts.order_by():  # a lookup: no sort by name
            found[user.email_lower] = user
        rest = [e for e in chunk if e not in found]
        if rest:
            verified = (
                EmailAddress.objects.annotate(email_lower=Lower("email"))
                .filter(email_lower__in=rest, verified=True)
                .select_related("user")
            )
            if only:
                verified = verified.only("email", *(f"user__{name}" for name in only))
            for address in verified:
                found.setdefault(address.email_lower, address.user)
    return found


def assertion_award_to_email(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    email: str,
    evidence: Sequence[EvidenceItem] = (),
    narrative: str = "",
    issued_on: dt.datetime | None = None,
    actor_label: str = "",
    check_permission: bool = True,
) -> Award:
    """Award `badge_class` to whoever `email` is: to the account holding the address
    (through `assertion_award`), or else to the address itself, with an invitation.

    Tell the two apart by `award.assertion.is_claimed`. Once: an address with a
    current award of the badge (claimed or not) gets nothing new, and no second
    invitation (`created=False`). Refused for a student badge when no account holds the
    address (see the module's note on minors).
    """
    problem = bulk.email_problem(email or "")
    if problem is not None:
        raise BadgeError(problem[0].upper() + problem[1:] + ".")
    email = normalize_email(email)
    with transaction.atomic():
        holder = accounts_holding([email]).get(email)
        if holder is not None:
            return assertion_award(
                actor=actor,
                badge_class=badge_class,
                recipient=holder,
                evidence=evidence,
                narrative=narrative,
                issued_on=issued_on,
                actor_label=actor_label,
                check_permission=check_permission,
            )
        award = assertion_issue_to_email(
            actor=actor,
            badge_class=badge_class,
            email=email,
            evidence=evidence,
            narrative=narrative,
            issued_on=issued_on,
            actor_label=actor_label,
            check_permission=check_permission,
        )
        if award.created:
            assertion = award.assertion
            audit_record(
                actor=actor,
                actor_label=actor_label,
                action=AuditAction.ASSERTION_INVITE,
                target=assertion,
                data={"badge_class": str(badge_class.public_id), "invitation": "e-mail"},
            )
            pk = assertion.pk
            transaction.on_commit(lambda: tasks.send_award_invitation.delay(pk))
    return award


def assertion_claim_for(*, user: User) -> list[Assertion]:
    """Make every award to one of `user`'s verified addresses theirs (the current ones
    and their history), then award any pathway that completes. Unverified addresses
    claim nothing; a deactivated account claims nothing. Safe to call on every sign-in:
    with nothing waiting it is two queries."""
    if not user.is_active:
        return []
    addresses = {
        normalize_email(e)
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    if not addresses:
        return []
    pending = list(
        Assertion.objects.filter(
            recipient__isnull=True, recipient_email__in=addresses, revoked_at__isnull=True
        )
        .select_related("badge_class")
        .order_by("issued_on", "pk")
    )
    if not pending:
        return []
    claimed: list[Assertion] = []
    with transaction.atomic():
        for assertion in pending:
            row = assertion_record_claim(
                user=user, assertion=assertion, verified_email=assertion.recipient_email
            )
            if row is not None:
                claimed.append(row)
        if claimed:
            pathway_check_and_award(earner=user)
    return claimed
