"""Employer verification: is this badge genuine, current and held by this person?"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import hosting
from ..models import Assertion
from ..openbadges import ob2
from ..openbadges.baking import BakeryError, unbake
from ..openbadges.hashing import identity_matches
from ..selectors.hosting import assertion_for_hosting


class Outcome:
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_FOUND = "not_found"
    TAMPERED = "tampered"
    INVALID = "invalid_input"
    # Open Badges 3.0 (badges.verification.ob3): the check that failed.
    SCHEMA = "schema"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_KEY = "unknown_key"
    NOT_YET_VALID = "not_yet_valid"
    STATUS_UNKNOWN = "status_unknown"


@dataclass
class Verification:
    outcome: str
    message: str
    assertion: Assertion | None = None
    recipient_match: bool | None = None
    problems: list[str] = field(default_factory=list)
    check: str = ""  # the failing check: "schema", "signature", "expiry", "status", ...
    format: str = "ob2"  # "ob2" (hosted assertion) or "ob3" (Verifiable Credential)

    @property
    def is_valid(self) -> bool:
        return self.outcome == Outcome.VALID


def _public_id_from_url(url: str) -> uuid.UUID | None:
    """The assertion id named by a URL on this site (or a bare id), else None."""
    url = url.strip()
    try:
        return uuid.UUID(url)
    except ValueError:
        pass
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != site.netloc.lower():
        return None
    path = parts.path
    prefix = site.path.rstrip("/")
    if prefix:
        if not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) :]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name not in (
        "ob2:assertion",
        "ob2:assertion-baked-png",
        "ob2:assertion-baked-svg",
        "ob3:credential-detail",
        "ob3:credential-jwt",
        "ob3:credential-baked-png",
        "ob3:credential-baked-svg",
    ):
        return None
    return match.kwargs.get("public_id")


public_id_from_url = _public_id_from_url


def _judge(
    assertion: Assertion | None, *, email: str, baked: dict[str, Any] | None = None
) -> Verification:
    if assertion is None:
        return Verification(
            Outcome.NOT_FOUND, _("No badge with this address was issued by Cairn here.")
        )
    match = identity_matches(email, assertion.salt, assertion.recipient_hash) if email else None
    if baked is not None:
        differs = ob2.differing_properties(baked, hosting.baked_assertion_document(assertion))
        if differs:
            return Verification(
                Outcome.TAMPERED,
                _("This image's badge data differs from what the issuer hosts: %(props)s.")
                % {"props": ", ".join(differs)},
                assertion=assertion,
                recipient_match=match,
                problems=differs,
            )
    if assertion.revoked_at is not None:
        return Verification(
            Outcome.REVOKED,
            _("Revoked on %(date)s: %(reason)s")
            % {
                "date": timezone.localtime(assertion.revoked_at).date().isoformat(),
                "reason": assertion.revocation_reason,
            },
            assertion=assertion,
            recipient_match=match,
        )
    if assertion.is_expired():
        return Verification(
            Outcome.EXPIRED,
            _("Expired on %(date)s.")
            % {"date": timezone.localtime(assertion.expires_at).date().isoformat()},
            assertion=assertion,
            recipient_match=match,
        )
    return Verification(
        Outcome.VALID,
        _("Valid: issued by %(issuer)s.") % {"issuer": assertion.badge_class.issuer.name},
        assertion=assertion,
        recipient_match=match,
    )


def verify_url(url: str, *, email: str = "") -> Verification:
    if not url or not url.strip():
        return Verification(Outcome.INVALID, _("Paste a badge link or choose a badge image."))
    public_id = _public_id_from_url(url)
    if public_id is None:
        return Verification(
            Outcome.NOT_FOUND,
            _("This is not the address of a badge issued by Cairn here (%(site)s).")
            % {"site": settings.SITE_URL},
        )
    return _judge(assertion_for_hosting(public_id=public_id), email=email)


def verify_image(data: bytes, *, email: str = "") -> Verification:
    max_bytes = settings.VERIFY_IMAGE_MAX_BYTES
    if len(data) > max_bytes:
        return Verification(
            Outcome.INVALID,
            _("The image is larger than %(max)s bytes.") % {"max": f"{max_bytes:,}"},
        )
    from . import ob3 as verification_ob3  # it builds on this module

    ob3_payload = verification_ob3.unbake(data)  # 3.0 first: openbadgecredential / svg element
    if ob3_payload is not None:
        return verification_ob3.verify_text(ob3_payload, email=email)
    try:
        unbaked = unbake(data)
    except BakeryError as exc:
        return Verification(Outcome.INVALID, str(exc))
    if unbaked is None:
        return Verification(Outcome.NOT_FOUND, _("This image carries no badge: it was not baked."))
    payload = unbaked.payload.strip()
    baked: dict[str, Any] | None = None
    if payload.startswith("{"):
        try:
            baked = json.loads(payload)
        except ValueError:
            return Verification(
                Outcome.TAMPERED, _("The badge data in this image is not readable JSON.")
            )
        if not isinstance(baked, dict):
            return Verification(Outcome.TAMPERED, _("The badge data in this image is damaged."))
        url = str(baked.get("id") or "")
    else:
        url = unbaked.verify_url or payload
    public_id = _public_id_from_url(url)
    if public_id is None:
        return Verification(
            Outcome.NOT_FOUND,
            _("This badge was not issued by Cairn here, or its address was altered."),
        )
    return _judge(assertion_for_hosting(public_id=public_id), email=email, baked=baked)


def verify_credential(payload: str | dict[str, Any], *, email: str = "") -> Verification:
    """Pasted or posted: an Open Badges 3.0 credential (JSON or VC-JWT), a 2.0
    assertion's JSON, or a badge link."""
    from . import ob3 as verification_ob3  # it builds on this module

    if isinstance(payload, dict):
        document = payload
    else:
        text = (payload or "").strip()
        if not text:
            return Verification(Outcome.INVALID, _("Paste a credential, a badge link or its JSON."))
        if verification_ob3.looks_like_jwt(text):
            return verification_ob3.verify_jwt(text, email=email)
        if not text.startswith("{"):
            return verify_url(text, email=email)
        try:
            document = json.loads(text)
        except ValueError:
            return Verification(Outcome.INVALID, _("This is not readable JSON."))
        if not isinstance(document, dict):
            return Verification(Outcome.INVALID, _("A credential is a JSON object."))
    if verification_ob3.is_ob3_document(document):
        return verification_ob3.verify_document(document, email=email)
    public_id = _public_id_from_url(str(document.get("id") or ""))
    if public_id is None:
        return Verification(
            Outcome.NOT_FOUND,
            _("This badge was not issued by Cairn here, or its address was altered."),
        )
    return _judge(assertion_for_hosting(public_id=public_id), email=email, baked=document)


def verify_given(
    *,
    url: str = "",
    credential: str | dict[str, Any] | None = None,
    image: IO[bytes] | None = None,
    email: str = "",
) -> Verification:
    """What the verify page or API was given: a baked image (read up to one byte past
    VERIFY_IMAGE_MAX_BYTES), else a credential, else a badge link."""
    if image is not None:
        return verify_image(image.read(settings.VERIFY_IMAGE_MAX_BYTES + 1), email=email)
    if credential:
        return verify_credential(credential, email=email)
    return verify_url(url, email=email)
