"""Issuers: an organization's Open Badges profile (name, web site, contact e-mail,
description), made and changed by the admins of that organization or its district.
Endorsers' profiles are made when they first endorse (`endorser_issuer`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from accounts.models import Organization, User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..errors import BadgeError
from ..models import Issuer

EDITABLE = ("name", "url", "email", "description")


def _clean(*, name: str, url: str, email: str, description: str) -> dict[str, str]:
    values = {
        "name": (name or "").strip(),
        "url": (url or "").strip(),
        "email": (email or "").strip(),
        "description": (description or "").strip(),
    }
    if not values["name"]:
        raise BadgeError("Give the issuer a name.", code="issuer_name")
    if len(values["name"]) > 200:
        raise BadgeError("The name may be at most 200 characters.", code="issuer_name")
    try:
        URLValidator(schemes=["https", "http"])(values["url"])
    except ValidationError as exc:
        raise BadgeError(
            "The web site must be a web address (https://…).", code="issuer_url"
        ) from exc
    try:
        EmailValidator()(values["email"])
    except ValidationError as exc:
        raise BadgeError(
            "The contact e-mail is not an e-mail address.", code="issuer_email"
        ) from exc
    return values


def issuer_create(
    *,
    actor: User | None,
    organization: Organization,
    name: str,
    url: str,
    email: str,
    description: str = "",
) -> Issuer:
    """A new issuing profile for an organization the actor administers (never an
    employer's or an association's: they endorse, they do not award)."""
    if organization.kind in permissions.ENDORSER_KINDS:
        raise BadgeError(
            f"{organization.name} endorses badges; it does not issue them.", code="issuer_org"
        )
    if (
        actor is not None
        and not permissions.issuing_organizations(actor).filter(pk=organization.pk).exists()
    ):
        raise Forbidden("You may not make issuers for this organization.")
    values = _clean(name=name, url=url, email=email, description=description)
    with transaction.atomic():
        issuer = Issuer.objects.create(organization=organization, **values)
        audit_record(
            actor=actor,
            action=AuditAction.ISSUER_CREATE,
            target=issuer,
            data={"organization": organization.slug},
        )
    return issuer


def issuer_update(
    *,
    actor: User | None,
    issuer: Issuer,
    name: str,
    url: str,
    email: str,
    description: str = "",
) -> Issuer:
    """Change an issuer's profile. Its hosted address and its organization stay; the
    badges it issued show the new profile."""
    if actor is not None and not permissions.issuers.allows(actor, "manage", issuer):
        raise Forbidden("You may not change this issuer.")
    values = _clean(name=name, url=url, email=email, description=description)
    with transaction.atomic():
        locked = Issuer.objects.select_for_update().get(pk=issuer.pk)
        changed = {f: [getattr(locked, f), v] for f, v in values.items() if getattr(locked, f) != v}
        if not changed:
            return locked
        for field, (_, value) in changed.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(changed))
        audit_record(
            actor=actor,
            action=AuditAction.ISSUER_UPDATE,
            target=locked,
            data={"changed": sorted(changed)},
        )
        if "name" in changed:  # the status list credential is named after its issuer
            from .revocation_documents import revocation_documents_resign  # a cycle: hosting

            revocation_documents_resign(issuer=locked)
    return locked
