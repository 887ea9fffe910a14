"""XML Schema dateTime values as the VC data model uses them (always with a zone)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_XSD_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def parse_datetime(value: str) -> datetime:
    """An aware datetime from an ISO 8601 / xsd:dateTime string; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"Not a dateTime string: {value!r}")
    if not _XSD_DATETIME.fullmatch(value):
        if _XSD_DATETIME.fullmatch(value + "Z"):
            raise ValueError(f"dateTime must include a time zone (e.g. 'Z'): {value!r}")
        raise ValueError(f"Not an xsd:dateTime: {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"Not an xsd:dateTime: {value!r}") from exc
    if parsed.tzinfo is None:
        raise ValueError(f"dateTime must include a time zone (e.g. 'Z'): {value!r}")
    return parsed


def format_datetime(value: str | datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` (UTC) for an aware datetime; a valid string unchanged."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("Naive datetimes are not allowed; pass an aware datetime.")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    parse_datetime(value)
    return value
