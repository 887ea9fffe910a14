"""Endorsements: an employer or industry association vouches for a badge class.

Published inside the badge's Open Badges documents (2.0 and 3.0), so they live with
badges.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organization, User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..errors import BadgeError
from ..models import BadgeClass, Endorsement, Issuer
from ..workflow import ENDORSEMENT_FLOW
from .withdrawals import withdraw


def endorser_issuer(
    *, actor: User | None, organization: Organization, url: str = "", email: str = ""
) -> Issuer:
    """The endorsing organization's Open Badges profile, made the first time it endorses."""
    existing = Issuer.objects.filter(organization=organization).order_by("created_at", "pk").first()
    if existing is not None:
        return existing
    url, email = (url or organization.url).strip(), (email or organization.email).strip()
    if not url or not email:
        raise BadgeError(
            f"{organization.name} needs a web site and a contact e-mail for its Open Badges "
            "profile; give them with the endorsement."
        )
    if not url.startswith(("https://", "http://")):
        raise BadgeError("The web site must be a web address (https://…).")
    issuer = Issuer.objects.create(
        organization=organization,
        name=organization.name,
        url=url,
        email=email,
        description=f"Endorsements by {organization.name}.",
    )
    audit_record(
        actor=actor, action=AuditAction.ISSUER_CREATE, target=issuer, data={"for": "endorsements"}
    )
    return issuer


def endorsement_create(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    endorser: Organization,
    comment: str,
    endorsed_on: dt.date | None = None,
    endorser_url: str = "",
    endorser_email: str = "",
) -> Endorsement:
    """An employer or industry association endorses an active badge class."""
    if endorser.kind not in permissions.ENDORSER_KINDS:
        raise BadgeError("Only employers and industry associations endorse badges.")
    if actor is not None and not permissions.can_endorse(
        actor, endorser=endorser, badge_class=badge_class
    ):
        raise Forbidden("You may not endorse badges for this organization.")
    if badge_class.status != BadgeClass.Status.ACTIVE:
        raise BadgeError(f"“{badge_class.name}” is not active; only active badges are endorsed.")
    comment = (comment or "").strip()
    if not comment:
        raise BadgeError("Say what the endorsement vouches for.")
    if len(comment) > 2000:
        raise BadgeError("The comment may be at most 2,000 characters.")
    endorsed_on = endorsed_on or timezone.localdate()
    if endorsed_on > timezone.localdate():
        raise BadgeError("The endorsement date cannot be in the future.")
    try:
        with transaction.atomic():
            issuer = endorser_issuer(
                actor=actor, organization=endorser, url=endorser_url, email=endorser_email
            )
            endorsement = Endorsement.objects.create(
                badge_class=badge_class,
                endorser=endorser,
                issuer=issuer,
                comment=comment,
                endorsed_on=endorsed_on,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                action=AuditAction.ENDORSEMENT_CREATE,
                target=endorsement,
                data={"badge_class": str(badge_class.public_id), "endorser": endorser.slug},
            )
    except IntegrityError as exc:
        raise BadgeError(
            f"{endorser.name} already endorses “{badge_class.name}”; withdraw that first."
        ) from exc
    return endorsement


def endorsement_withdraw(*, actor: User | None, endorsement: Endorsement) -> Endorsement:
    """Withdraw an endorsement (`ENDORSEMENT_FLOW`): its hosted JSON answers 410 and the
    badge stops listing it."""
    if actor is not None and not permissions.can_manage_endorsement(actor, endorsement):
        raise Forbidden("You may not change this endorsement.")
    return withdraw(
        endorsement, flow=ENDORSEMENT_FLOW, actor=actor, action=AuditAction.ENDORSEMENT_WITHDRAW
    )
