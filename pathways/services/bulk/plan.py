"""What a bulk-award CSV file would do, line by line, before anything is awarded.

One reading of a file shared by the console's preview and `manage.py award --csv`:
`badges.bulk` parses and checks the lines (no database); this module finds each
address's account and whether its owner holds the badge already. The result is a
`BulkPlan`: every line that named someone or was refused, in file order, with what
confirming would do to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from badges import bulk
from badges.models import Assertion, BadgeClass
from badges.openbadges.ob2 import EvidenceItem
from badges.services.assertions import email_award_refusal

from ..awards import accounts_holding

_CHUNK = 500  # stays under SQLite's limit on query parameters

# What confirming would do to a line.
AWARD = "award"
INVITE = "invite"  # no account holds the address: award it to the address, and invite
HELD = "held"
ERROR = "error"


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def accounts_by_email(emails: Sequence[str]) -> dict[str, User]:
    """Accounts for normalized addresses, matched without regard to case."""
    found: dict[str, User] = {}
    for chunk in _chunks(list(emails)):
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk):
            found[user.email_lower] = user
    return found


def holder_ids(badge_class: BadgeClass, recipient_ids: Sequence[int]) -> set[int]:
    """Primary keys of the recipients who hold `badge_class` now (not revoked, not
    superseded, not expired)."""
    now = timezone.now()
    held: set[int] = set()
    for chunk in _chunks(list(recipient_ids)):
        held.update(
            Assertion.objects.filter(
                badge_class=badge_class,
                recipient_id__in=chunk,
                revoked_at__isnull=True,
                superseded_at__isnull=True,
            )
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .values_list("recipient_id", flat=True)
        )
    return held


@dataclass(frozen=True)
class PlannedLine:
    """One line of the file and what confirming would do to it."""

    line: int
    email: str
    outcome: str  # AWARD, INVITE, HELD or ERROR
    reason: str = ""
    recipient_id: int | None = None
    evidence: tuple[EvidenceItem, ...] = ()
    narrative: str = ""

    @property
    def to_try(self) -> bool:
        """Is this line awarded (or found held again) when the job runs?"""
        return self.outcome != ERROR

    def as_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "email": self.email,
            "outcome": self.outcome,
            "reason": self.reason,
            "recipient": self.recipient_id,
            "evidence": [{"url": e.url, "narrative": e.narrative} for e in self.evidence],
            "narrative": self.narrative,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlannedLine:
        return cls(
            line=int(data["line"]),
            email=str(data.get("email", "")),
            outcome=str(data["outcome"]),
            reason=str(data.get("reason", "")),
            recipient_id=data.get("recipient"),
            evidence=tuple(
                EvidenceItem(url=e.get("url", ""), narrative=e.get("narrative", ""))
                for e in data.get("evidence", [])
            ),
            narrative=str(data.get("narrative", "")),
        )


@dataclass(frozen=True)
class BulkPlan:
    lines: list[PlannedLine] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def to_try(self) -> list[PlannedLine]:
        return [line for line in self.lines if line.to_try]

    @property
    def errors(self) -> list[PlannedLine]:
        return [line for line in self.lines if line.outcome == ERROR]


def unclaimed_holders(badge_class: BadgeClass, emails: Sequence[str]) -> set[str]:
    """The addresses (normalized) holding a current award of `badge_class` that no
    account has claimed yet (not revoked, not superseded, not expired)."""
    now = timezone.now()
    held: set[str] = set()
    for chunk in _chunks(list(emails)):
        held.update(
            Assertion.objects.filter(
                badge_class=badge_class,
                recipient__isnull=True,
                recipient_email__in=chunk,
                revoked_at__isnull=True,
                superseded_at__isnull=True,
            )
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .values_list("recipient_email", flat=True)
        )
    return held


def bulk_award_plan(*, badge_class: BadgeClass, text: str, invite: bool = False) -> BulkPlan:
    """What awarding `badge_class` to the people in the CSV `text` would do.

    Raises `badges.bulk.CsvFileError` when the file as a whole is unusable. Reads only:
    nothing is written. A line naming an address with no account is refused ("no
    account") — or, with `invite`, awarded to the address with an invitation
    (`pathways.services.assertion_award_to_email`; refused for student badges, and
    "held" when the address was awarded it already); an inactive account is refused as
    the award door would.
    """
    rows, row_errors = bulk.parse_award_csv(text)
    return plan_rows(badge_class=badge_class, rows=rows, row_errors=row_errors, invite=invite)


def plan_rows(
    *,
    badge_class: BadgeClass,
    rows: Sequence[bulk.AwardRow],
    row_errors: Sequence[bulk.RowError] = (),
    invite: bool = False,
) -> BulkPlan:
    """`bulk_award_plan` for lines read already (a chunk of a file read as it goes)."""
    accounts = (accounts_holding if invite else accounts_by_email)([row.email for row in rows])
    found = [accounts[row.email] for row in rows if row.email in accounts]
    held = holder_ids(badge_class, [user.pk for user in found])
    invited = (
        unclaimed_holders(badge_class, [row.email for row in rows if row.email not in accounts])
        if invite
        else set()
    )
    refusal = email_award_refusal(badge_class)
    lines = [
        PlannedLine(line=e.line, email="", outcome=ERROR, reason=e.message) for e in row_errors
    ]
    for row in rows:
        user = accounts.get(row.email)
        if user is None and not invite:
            outcome, reason = ERROR, f"no account for {row.email}"
        elif user is None and row.email in invited:
            outcome, reason = HELD, "awarded to this address already, not claimed yet"
        elif user is None and refusal is not None:
            outcome, reason = ERROR, f"no account for {row.email}: {refusal}"
        elif user is None:
            outcome, reason = INVITE, ""
        elif not user.is_active:
            outcome, reason = ERROR, f"{row.email}'s account is deactivated"
        elif user.pk in held:
            outcome, reason = HELD, ""
        else:
            outcome, reason = AWARD, ""
        lines.append(
            PlannedLine(
                line=row.line,
                email=row.email,
                outcome=outcome,
                reason=reason,
                recipient_id=user.pk if user is not None and outcome != ERROR else None,
                evidence=row.evidence,
                narrative=row.narrative,
            )
        )
    lines.sort(key=lambda line: line.line)
    return BulkPlan(lines=lines)
