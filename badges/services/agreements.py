"""Credit agreements: a college (or a CTE program) grants credit for a badge.

Published inside the badge's Open Badges documents, so they live with badges.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from accounts.models import Organization, User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..errors import BadgeError
from ..models import BadgeClass, CreditAgreement
from ..workflow import CREDIT_AGREEMENT_FLOW
from .withdrawals import withdraw


def credit_agreement_record(
    *,
    actor: User | None,
    course_code: str,
    credits: Decimal | str | int,  # noqa: A002 - the agreement's word
    effective_from: dt.date,
    signed_by_name: str,
    signed_by_title: str,
    badge_class: BadgeClass | None,
    institution: Organization | None = None,
    program_name: str = "",
    course_title: str = "",
) -> CreditAgreement:
    """Record that a college (or a CTE program) grants credit for a badge (for a
    pathway: the pathway's badge, which is what its completers hold)."""
    if badge_class is None:
        raise BadgeError("An agreement is about one badge (for a pathway: the pathway's badge).")
    program_name = (program_name or "").strip()
    if institution is None and not program_name:
        raise BadgeError("Name the college or the CTE program granting the credit.")
    if institution is not None and institution.kind != Organization.Kind.COLLEGE:
        raise BadgeError(f"{institution.name} is not a college; name the CTE program instead.")
    if actor is not None and not permissions.can_record_agreement(
        actor, institution=institution, badge_class=badge_class
    ):
        raise Forbidden("You may not record agreements for this badge.")
    course_code = (course_code or "").strip()
    signed_by_name, signed_by_title = (
        (signed_by_name or "").strip(),
        (signed_by_title or "").strip(),
    )
    if not course_code:
        raise BadgeError("Give the course the credit is for.")
    if not signed_by_name or not signed_by_title:
        raise BadgeError("Name the person who signed the agreement off, and their title.")
    try:
        amount = Decimal(str(credits))
    except InvalidOperation as exc:
        raise BadgeError("Credits must be a number.") from exc
    if not (Decimal(0) < amount < Decimal(1000)) or amount != amount.quantize(Decimal("0.01")):
        raise BadgeError("Credits must be more than 0 and less than 1000, to two decimals.")
    same = CreditAgreement.objects.filter(
        badge_class=badge_class,
        institution=institution,
        program_name=program_name if institution is None else "",
        course_code__iexact=course_code,
        status=CreditAgreement.Status.ACTIVE,
    )
    if same.exists():
        raise BadgeError(
            f"An agreement for {course_code} on this is in place already; withdraw it first."
        )
    with transaction.atomic():
        agreement = CreditAgreement.objects.create(
            institution=institution,
            program_name=program_name if institution is None else "",
            badge_class=badge_class,
            course_code=course_code,
            course_title=(course_title or "").strip(),
            credits=amount,
            effective_from=effective_from,
            signed_by_name=signed_by_name,
            signed_by_title=signed_by_title,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREDIT_AGREEMENT_RECORD,
            target=agreement,
            data={"summary": agreement.summary},
        )
    return agreement


def credit_agreement_withdraw(*, actor: User | None, agreement: CreditAgreement) -> CreditAgreement:
    """Withdraw an agreement (`CREDIT_AGREEMENT_FLOW`): it leaves the badge page and the
    JSON; the row is kept."""
    if actor is not None and not permissions.can_manage_agreement(actor, agreement):
        raise Forbidden("You may not change this agreement.")
    return withdraw(
        agreement,
        flow=CREDIT_AGREEMENT_FLOW,
        actor=actor,
        action=AuditAction.CREDIT_AGREEMENT_WITHDRAW,
    )
