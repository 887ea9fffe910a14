"""The plain parts of a credential: profiles, alignments, recipients, evidence and
CLR associations (frozen dataclasses with `to_json`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...hashing import hash_identity
from ..schemas import ASSOCIATION_TYPES


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != ""}


def _image(url: str | None, caption: str | None = None) -> dict[str, Any] | None:
    if not url:
        return None
    return _drop_empty({"id": url, "type": "Image", "caption": caption})


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
