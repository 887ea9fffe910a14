"""Build Open Badges 3.0 and CLR 2.0 credentials from plain data, and validate them.

Builders take frozen dataclasses (or plain values) and return unsigned JSON-LD
dicts; sign them with :mod:`.dataintegrity` and/or :mod:`.jwt`.
:func:`validate` (from :mod:`.schemas`) checks a credential against the 1EdTech
JSON Schemas kept in ``badges/standards/ob3/``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..hashing import hash_identity
from ._dates import format_datetime, parse_datetime
from .documentloader import CLR_V2P0_CONTEXT, OB_V3P0_CONTEXT, VC_V2_CONTEXT
from .schemas import ASSOCIATION_TYPES
from .schemas import SCHEMAS as SCHEMAS
from .schemas import validate as validate

OB3_CONTEXTS = (VC_V2_CONTEXT, OB_V3P0_CONTEXT)
CLR_CONTEXTS = (VC_V2_CONTEXT, CLR_V2P0_CONTEXT, OB_V3P0_CONTEXT)
CREDIT_EQUIVALENCY_TYPE = "ext:CreditEquivalency"


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != ""}


def _image(url: str | None, caption: str | None = None) -> dict[str, Any] | None:
    if not url:
        return None
    return _drop_empty({"id": url, "type": "Image", "caption": caption})


# ---------------------------------------------------------------------------
# Plain data


@dataclass(frozen=True)
class Profile:
    """An issuer, endorser or achievement creator."""

    id: str
    name: str
    url: str | None = None
    email: str | None = None
    image: str | None = None
    description: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "id": self.id,
                "type": ["Profile"],
                "name": self.name,
                "url": self.url,
                "email": self.email,
                "description": self.description,
                "image": _image(self.image),
            }
        )


@dataclass(frozen=True)
class Alignment:
    target_name: str
    target_url: str
    target_description: str | None = None
    target_framework: str | None = None
    target_code: str | None = None
    target_type: str | None = None  # e.g. "CFItem", "ceasn:Competency", "ext:…"

    def to_json(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "type": ["Alignment"],
                "targetName": self.target_name,
                "targetUrl": self.target_url,
                "targetDescription": self.target_description,
                "targetFramework": self.target_framework,
                "targetCode": self.target_code,
                "targetType": self.target_type,
            }
        )


@dataclass(frozen=True)
class ResultDescription:
    id: str
    name: str
    result_type: str  # e.g. "Status", "LetterGrade", or "ext:…"
    allowed_value: Sequence[str] = ()
    required_value: str | None = None
    value_min: str | None = None
    value_max: str | None = None
    alignments: Sequence[Alignment] = ()

    def to_json(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "id": self.id,
                "type": ["ResultDescription"],
                "name": self.name,
                "resultType": self.result_type,
                "allowedValue": list(self.allowed_value),
                "requiredValue": self.required_value,
                "valueMin": self.value_min,
                "valueMax": self.value_max,
                "alignment": [a.to_json() for a in self.alignments],
            }
        )


def _credits(value: Decimal | float | int) -> str:
    return format(Decimal(str(value)).normalize(), "f")


@dataclass(frozen=True)
class CreditEquivalency:
    """An agreement that the achievement is worth `credits` toward a course.

    Published as an Alignment to the course (``targetType`` ``ext:CreditEquivalency``)
    and a ResultDescription (``resultType`` ``ext:CreditEquivalency``) whose
    required value is the number of credits.
    """

    id: str  # URL of the agreement (also the ResultDescription id)
    institution: str
    course_code: str
    course_name: str
    credits: Decimal | float | int
    course_url: str | None = None
    effective_from: date | None = None
    approved_by: str | None = None

    @property
    def course(self) -> str:
        """``WLD 101 Introduction to Welding`` (or just the code when there is no name)."""
        return " ".join(part for part in (self.course_code, self.course_name) if part)

    def description(self) -> str:
        text = f"{_credits(self.credits)} credits toward {self.course} at {self.institution}"
        if self.effective_from:
            text += f", from {self.effective_from.isoformat()}"
        if self.approved_by:
            text += f", approved by {self.approved_by}"
        return text + "."

    def alignment(self) -> Alignment:
        return Alignment(
            target_name=self.course,
            target_url=self.course_url or self.id,
            target_description=self.description(),
            target_framework=self.institution,
            target_code=self.course_code,
            target_type=CREDIT_EQUIVALENCY_TYPE,
        )

    def result_description(self) -> ResultDescription:
        amount = _credits(self.credits)
        return ResultDescription(
            id=self.id,
            name=f"Credit equivalency: {self.description()}",
            result_type=CREDIT_EQUIVALENCY_TYPE,
            allowed_value=(amount,),
            required_value=amount,
        )


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria_narrative: str | None = None
    criteria_url: str | None = None
    image: str | None = None
    achievement_type: str | None = None  # e.g. "Badge", "Certificate"
    alignments: Sequence[Alignment] = ()
    result_descriptions: Sequence[ResultDescription] = ()
    credit_equivalencies: Sequence[CreditEquivalency] = ()
    credits_available: float | None = None
    tags: Sequence[str] = ()
    creator: Profile | None = None
    human_code: str | None = None
    endorsements: Sequence[Mapping[str, Any]] = ()  # signed EndorsementCredentials

    def to_json(self) -> dict[str, Any]:
        if not (self.criteria_narrative or self.criteria_url):
            raise ValueError("An achievement needs criteria: a narrative or a URL.")
        alignments = [*self.alignments, *(c.alignment() for c in self.credit_equivalencies)]
        results = [
            *self.result_descriptions,
            *(c.result_description() for c in self.credit_equivalencies),
        ]
        return _drop_empty(
            {
                "id": self.id,
                "type": ["Achievement"],
                "achievementType": self.achievement_type,
                "name": self.name,
                "description": self.description,
                "criteria": _drop_empty(
                    {"id": self.criteria_url, "narrative": self.criteria_narrative}
                ),
                "image": _image(self.image),
                "creator": self.creator.to_json() if self.creator else None,
                "creditsAvailable": self.credits_available,
                "humanCode": self.human_code,
                "tag": list(self.tags),
                "alignment": [a.to_json() for a in alignments],
                "resultDescription": [r.to_json() for r in results],
                "endorsement": [copy.deepcopy(dict(e)) for e in self.endorsements],
            }
        )


@dataclass(frozen=True)
class Recipient:
    """The learner: a hashed email (IdentityObject) and/or a subject id (DID/URL)."""

    email: str | None = None
    salt: str | None = None
    id: str | None = None

    def identity_object(self) -> dict[str, Any] | None:
        if not self.email:
            return None
        if not self.salt:
            raise ValueError("A salt is required to hash the recipient's email.")
        return {
            "type": "IdentityObject",
            "identityHash": hash_identity(self.email, self.salt),
            "identityType": "emailAddress",
            "hashed": True,
            "salt": self.salt,
        }


@dataclass(frozen=True)
class Evidence:
    id: str | None = None  # URL of the evidence (or a data URI)
    name: str | None = None
    description: str | None = None
    narrative: str | None = None
    genre: str | None = None
    audience: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "id": self.id,
                "type": ["Evidence"],
                "name": self.name,
                "description": self.description,
                "narrative": self.narrative,
                "genre": self.genre,
                "audience": self.audience,
            }
        )


@dataclass(frozen=True)
class Association:
    """A CLR 2.0 association between two achievements (e.g. pathway isParentOf badge)."""

    association_type: str
    source_id: str
    target_id: str

    def to_json(self) -> dict[str, Any]:
        if self.association_type not in ASSOCIATION_TYPES:
            raise ValueError(f"Unknown associationType {self.association_type!r}.")
        return {
            "type": "Association",
            "associationType": self.association_type,
            "sourceId": self.source_id,
            "targetId": self.target_id,
        }


# ---------------------------------------------------------------------------
# Builders


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
