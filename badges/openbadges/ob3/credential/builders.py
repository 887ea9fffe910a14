"""Builders of unsigned OpenBadgeCredential, EndorsementCredential and ClrCredential
dicts."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .._dates import format_datetime, parse_datetime
from ..documentloader import CLR_V2P0_CONTEXT, OB_V3P0_CONTEXT, VC_V2_CONTEXT
from .achievements import Achievement
from .parts import Association, Evidence, Profile, Recipient, _drop_empty, _image

OB3_CONTEXTS = (VC_V2_CONTEXT, OB_V3P0_CONTEXT)
CLR_CONTEXTS = (VC_V2_CONTEXT, CLR_V2P0_CONTEXT, OB_V3P0_CONTEXT)


def _validity(
    credential: dict[str, Any],
    valid_from: str | datetime,
    valid_until: str | datetime | None,
) -> None:
    credential["validFrom"] = format_datetime(valid_from)
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
        if parse_datetime(credential["validUntil"]) <= parse_datetime(credential["validFrom"]):
            raise ValueError("validUntil must be after validFrom.")


def build_achievement_credential(
    *,
    credential_id: str,
    issuer: Profile,
    achievement: Achievement,
    recipient: Recipient,
    valid_from: str | datetime,
    valid_until: str | datetime | None = None,
    awarded_date: str | datetime | None = None,
    name: str | None = None,
    description: str | None = None,
    image: str | None = None,
    evidence: Sequence[Evidence] = (),
    credential_status: Mapping[str, Any] | None = None,
    credential_type: str = "OpenBadgeCredential",
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential (or AchievementCredential) dict."""
    if credential_type not in ("OpenBadgeCredential", "AchievementCredential"):
        raise ValueError("credential_type is OpenBadgeCredential or AchievementCredential.")
    identity = recipient.identity_object()
    if not (recipient.id or identity):
        raise ValueError("The recipient needs an id or an email to hash.")
    subject = _drop_empty(
        {
            "id": recipient.id,
            "type": ["AchievementSubject"],
            "identifier": [identity] if identity else None,
            "achievement": achievement.to_json(),
        }
    )
    credential: dict[str, Any] = {
        "@context": list(OB3_CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", credential_type],
        "name": name or achievement.name,
        "issuer": issuer.to_json(),
    }
    if description:
        credential["description"] = description
    if image:
        credential["image"] = _image(image)
    _validity(credential, valid_from, valid_until)
    if awarded_date is not None:
        credential["awardedDate"] = format_datetime(awarded_date)
    credential["credentialSubject"] = subject
    if evidence:
        credential["evidence"] = [e.to_json() for e in evidence]
    if credential_status:
        credential["credentialStatus"] = dict(credential_status)
    return credential


def build_endorsement_credential(
    *,
    credential_id: str,
    endorser: Profile,
    subject_id: str,
    comment: str,
    valid_from: str | datetime,
    valid_until: str | datetime | None = None,
    name: str | None = None,
    description: str | None = None,
    credential_status: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An unsigned EndorsementCredential of `subject_id` (an achievement or profile)."""
    credential: dict[str, Any] = {
        "@context": list(OB3_CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": name or f"Endorsement by {endorser.name}",
        "issuer": endorser.to_json(),
    }
    if description:
        credential["description"] = description
    _validity(credential, valid_from, valid_until)
    credential["credentialSubject"] = {
        "id": subject_id,
        "type": ["EndorsementSubject"],
        "endorsementComment": comment,
    }
    if credential_status:
        credential["credentialStatus"] = dict(credential_status)
    return credential


def build_clr_credential(
    *,
    credential_id: str,
    issuer: Profile,
    name: str,
    credentials: Sequence[Mapping[str, Any]],
    valid_from: str | datetime,
    learner: Recipient | None = None,
    valid_until: str | datetime | None = None,
    description: str | None = None,
    achievements: Sequence[Achievement] = (),
    associations: Sequence[Association] = (),
    partial: bool | None = None,
    credential_status: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An unsigned ClrCredential wrapping (signed) AchievementCredentials.

    The subject's ``achievement`` list holds each distinct achievement of the
    wrapped credentials, then `achievements` (e.g. a pathway not yet awarded).
    """
    if not credentials:
        raise ValueError("A CLR needs at least one AchievementCredential.")
    achievement_list: list[dict[str, Any]] = []
    seen: set[str] = set()
    embedded = [copy.deepcopy(dict(c)) for c in credentials]
    candidates = [
        c.get("credentialSubject", {}).get("achievement")
        for c in embedded
        if isinstance(c.get("credentialSubject"), dict)
    ]
    candidates += [a.to_json() for a in achievements]
    for item in candidates:
        if isinstance(item, dict) and item.get("id") not in seen:
            seen.add(item.get("id"))
            achievement_list.append(copy.deepcopy(item))

    identity = learner.identity_object() if learner else None
    subject = _drop_empty(
        {
            "id": learner.id if learner else None,
            "type": ["ClrSubject"],
            "identifier": [identity] if identity else None,
            "verifiableCredential": embedded,
            "achievement": achievement_list,
            "association": [a.to_json() for a in associations],
        }
    )
    credential: dict[str, Any] = {
        "@context": list(CLR_CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": name,
        "issuer": issuer.to_json(),
    }
    if description:
        credential["description"] = description
    if partial is not None:
        credential["partial"] = partial
    _validity(credential, valid_from, valid_until)
    credential["credentialSubject"] = subject
    if credential_status:
        credential["credentialStatus"] = dict(credential_status)
    return credential
