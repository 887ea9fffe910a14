"""Open Badges 2.0 JSON-LD documents.

https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html

The builders take plain values (URLs, strings, datetimes) so they can be used
and tested without a database. Every date is written in ISO 8601 with its UTC
offset, as validators require.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CONTEXT = "https://w3id.org/openbadges/v2"


def iso(dt: datetime) -> str:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("Open Badges dates must carry a timezone")
    return dt.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Alignment:
    target_name: str
    target_url: str
    target_description: str = ""
    target_framework: str = ""
    target_code: str = ""

    def as_json(self) -> dict[str, str]:
        doc = {"targetName": self.target_name, "targetUrl": self.target_url}
        if self.target_description:
            doc["targetDescription"] = self.target_description
        if self.target_framework:
            doc["targetFramework"] = self.target_framework
        if self.target_code:
            doc["targetCode"] = self.target_code
        return doc


@dataclass(frozen=True)
class EvidenceItem:
    url: str = ""
    narrative: str = ""
    name: str = ""

    def as_json(self) -> dict[str, str]:
        doc: dict[str, str] = {"type": "Evidence"}
        if self.url:
            doc["id"] = self.url
        if self.name:
            doc["name"] = self.name
        if self.narrative:
            doc["narrative"] = self.narrative
        return doc

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvidenceItem:
        return cls(
            url=str(data.get("url") or data.get("id") or ""),
            narrative=str(data.get("narrative") or ""),
            name=str(data.get("name") or ""),
        )


def issuer_json(
    *,
    id: str,  # noqa: A002
    name: str,
    url: str,
    email: str,
    description: str = "",
    image: str = "",
    revocation_list: str,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": id,
        "name": name,
        "url": url,
        "email": email,
        "revocationList": revocation_list,
    }
    if description:
        doc["description"] = description
    if image:
        doc["image"] = image
    return doc


def badge_class_json(
    *,
    id: str,  # noqa: A002
    name: str,
    description: str,
    image: str,
    criteria_narrative: str,
    criteria_url: str = "",
    issuer: str,
    alignments: Iterable[Alignment] = (),
    tags: Sequence[str] = (),
) -> dict[str, Any]:
    criteria: dict[str, str] = {"narrative": criteria_narrative}
    if criteria_url:
        criteria["id"] = criteria_url
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": id,
        "name": name,
        "description": description,
        "image": image,
        "criteria": criteria,
        "issuer": issuer,
    }
    aligned = [a.as_json() for a in alignments]
    if aligned:
        doc["alignment"] = aligned
    if tags:
        doc["tags"] = list(tags)
    return doc


@dataclass(frozen=True)
class AssertionData:
    id: str
    badge: str
    salt: str
    identity_hash: str
    issued_on: datetime
    image: str = ""
    narrative: str = ""
    evidence: Sequence[EvidenceItem] = field(default_factory=tuple)
    expires: datetime | None = None


def assertion_json(data: AssertionData) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": data.id,
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": data.salt,
            "identity": data.identity_hash,
        },
        "badge": data.badge,
        "verification": {"type": "HostedBadge"},
        "issuedOn": iso(data.issued_on),
    }
    if data.image:
        doc["image"] = data.image
    if data.narrative:
        doc["narrative"] = data.narrative
    if data.evidence:
        doc["evidence"] = [e.as_json() for e in data.evidence]
    if data.expires is not None:
        doc["expires"] = iso(data.expires)
    return doc


def revoked_assertion_json(*, id: str, reason: str) -> dict[str, Any]:  # noqa: A002
    """What a revoked hosted assertion answers (with HTTP 410 Gone)."""
    doc: dict[str, Any] = {"@context": CONTEXT, "type": "Assertion", "id": id, "revoked": True}
    if reason:
        doc["revocationReason"] = reason
    return doc


def revocation_list_json(
    *,
    id: str,  # noqa: A002
    issuer: str,
    revoked: Iterable[tuple[str, str]],
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": id,
        "issuer": issuer,
        "revokedAssertions": [
            {"id": url, "revocationReason": reason} if reason else {"id": url}
            for url, reason in revoked
        ],
    }


# Properties of a baked assertion that must equal the hosted one for it to be genuine.
SIGNIFICANT_PROPERTIES = ("id", "type", "recipient", "badge", "issuedOn", "expires")


def differing_properties(baked: dict[str, Any], hosted: dict[str, Any]) -> list[str]:
    """The significant properties where a baked assertion differs from the hosted one."""
    return [p for p in SIGNIFICANT_PROPERTIES if baked.get(p) != hosted.get(p)]
