"""Validation against the 1EdTech Open Badges 3.0 JSON Schemas, kept offline.

The schemas in ``badges/standards/ob3/`` are JSON Schema 2019-09; every ``$ref``
is resolved from a local registry (nothing is retrieved). ClrCredentials are
checked with a structural schema written here, because the 1EdTech CLR 2.0
schema is not kept locally; it reuses the OB 3.0 definitions the two share.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from jsonschema import Draft201909Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

from ._dates import parse_datetime
from .documentloader import CLR_V2P0_CONTEXT, STANDARDS_DIR, VC_V2_CONTEXT

ASSOCIATION_TYPES = (
    "exactMatchOf",
    "isChildOf",
    "isParentOf",
    "isPartOf",
    "isPeerOf",
    "isRelatedTo",
    "precedes",
    "replacedBy",
)

SCHEMA_FILES = {
    "achievement": "ob3/achievementcredential.schema.json",
    "endorsement": "ob3/endorsementcredential.schema.json",
    "profile": "ob3/profile.schema.json",
}

_CLR_SCHEMA_ID = "urn:cairn:schema:clr-v2p0-structural"


@cache
def _load_schema(kind: str) -> dict[str, Any]:
    with (STANDARDS_DIR / SCHEMA_FILES[kind]).open(encoding="utf-8") as fh:
        return json.load(fh)


def _clr_schema() -> dict[str, Any]:
    """A structural ClrCredential schema (the 1EdTech CLR 2.0 schema is not kept
    locally); it reuses the OB 3.0 definitions for the parts the two share."""
    ach = _load_schema("achievement")["$id"]
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema#",
        "$id": _CLR_SCHEMA_ID,
        "type": "object",
        "required": ["@context", "id", "type", "issuer", "validFrom", "name", "credentialSubject"],
        "properties": {
            "@context": {
                "type": "array",
                "minItems": 2,
                "items": [{"const": VC_V2_CONTEXT}, {"const": CLR_V2P0_CONTEXT}],
                "additionalItems": {"$ref": f"{ach}#/$defs/Context"},
            },
            "id": {"type": "string"},
            "type": {
                "type": "array",
                "items": {"type": "string"},
                "allOf": [
                    {"contains": {"const": "VerifiableCredential"}},
                    {"contains": {"const": "ClrCredential"}},
                ],
            },
            "name": {"type": "string"},
            "description": {"type": "string"},
            "partial": {"type": "boolean"},
            "issuer": {"$ref": f"{ach}#/$defs/ProfileRef"},
            "validFrom": {"type": "string", "format": "date-time"},
            "validUntil": {"type": "string", "format": "date-time"},
            "credentialStatus": {"$ref": f"{ach}#/$defs/CredentialStatus"},
            "proof": {
                "oneOf": [
                    {"$ref": f"{ach}#/$defs/Proof"},
                    {"type": "array", "items": {"$ref": f"{ach}#/$defs/Proof"}},
                ]
            },
            "credentialSubject": {
                "type": "object",
                "required": ["type", "verifiableCredential"],
                "properties": {
                    "id": {"type": "string"},
                    "type": {
                        "type": "array",
                        "items": {"type": "string"},
                        "contains": {"const": "ClrSubject"},
                    },
                    "identifier": {
                        "type": "array",
                        "items": {"$ref": f"{ach}#/$defs/IdentityObject"},
                    },
                    "verifiableCredential": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"$ref": ach},
                    },
                    "achievement": {
                        "type": "array",
                        "items": {"$ref": f"{ach}#/$defs/Achievement"},
                    },
                    "association": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["type", "associationType", "sourceId", "targetId"],
                            "properties": {
                                "type": {"const": "Association"},
                                "associationType": {"enum": list(ASSOCIATION_TYPES)},
                                "sourceId": {"type": "string"},
                                "targetId": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    }


def _is_datetime(value: object) -> bool:
    if isinstance(value, str):
        parse_datetime(value)  # raises ValueError
    return True


def _is_date(value: object) -> bool:
    if isinstance(value, str):
        date.fromisoformat(value)
    return True


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date-time", raises=ValueError)(_is_datetime)
_FORMATS.checks("date", raises=ValueError)(_is_date)


@cache
def _validator(kind: str) -> Draft201909Validator:
    schemas = [_load_schema(k) for k in SCHEMA_FILES]
    clr = _clr_schema()
    registry: Registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT201909))
        for schema in [*schemas, clr]
    )
    schema = clr if kind == "clr" else _load_schema(kind)
    return Draft201909Validator(schema, registry=registry, format_checker=_FORMATS)


SCHEMAS = (*SCHEMA_FILES, "clr")


def validate(credential: Mapping[str, Any], schema: str = "achievement") -> list[str]:
    """Schema errors (``"<json pointer>: <message>"``), or [] when valid.

    `schema`: "achievement" (OpenBadgeCredential / AchievementCredential),
    "endorsement", "profile" (the 1EdTech OB 3.0 JSON Schemas) or "clr" (a
    structural ClrCredential check whose embedded credentials must each pass
    the achievement schema).
    """
    if schema not in SCHEMAS:
        raise ValueError(f"Unknown schema {schema!r}; expected one of {SCHEMAS}.")
    validator = _validator(schema)
    errors = sorted(
        validator.iter_errors(credential), key=lambda e: [str(p) for p in e.absolute_path]
    )
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {_short(e.message)}" for e in errors]


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"
