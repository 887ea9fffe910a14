"""Reading one CASE field at a time, each error naming where it is ("CFItems[3].uri")."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

# Longest values Cairn can store (see competencies.models); longer ones are errors
# here rather than database errors later.
MAX_IDENTIFIER = 100
MAX_URI = 500
MAX_TITLE = 300
MAX_CREATOR = 300
MAX_VERSION = 50
MAX_CODE = 80
MAX_ITEM_TYPE = 100


class CaseFormatError(ValueError):
    """The package is not a CASE CFPackage Cairn can import."""


def load_json(data: bytes | str) -> Any:
    """JSON from UTF-8 bytes (a byte order mark is dropped) or text; CRLF is whitespace."""
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaseFormatError(f"not UTF-8: byte {exc.start} cannot be decoded") from exc
    if not isinstance(data, str):
        raise CaseFormatError(f"expected bytes or text, got {type(data).__name__}")
    data = data.removeprefix("\ufeff")
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise CaseFormatError(
            f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except ValueError as exc:  # from _refuse_constant
        raise CaseFormatError(f"not JSON: {exc}") from exc


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def as_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CaseFormatError(f"{where} must be an object, not {kind(value)}")
    return value


def as_list(root: dict[str, Any], key: str) -> list[Any]:
    value = root.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseFormatError(f"{key} must be a list, not {kind(value)}")
    return value


def text(
    obj: dict[str, Any], where: str, key: str, *, required: bool = False, max_length: int = 0
) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise CaseFormatError(f"{where}.{key} is missing")
        return ""
    if not isinstance(value, str):
        raise CaseFormatError(f"{where}.{key} must be a string, not {kind(value)}")
    value = value.strip()
    if required and not value:
        raise CaseFormatError(f"{where}.{key} is empty")
    if max_length and len(value) > max_length:
        raise CaseFormatError(f"{where}.{key} is longer than {max_length} characters")
    return value


def identifier(obj: dict[str, Any], where: str) -> str:
    return text(obj, where, "identifier", required=True, max_length=MAX_IDENTIFIER)


def uri(obj: dict[str, Any], where: str, key: str = "uri") -> str:
    value = text(obj, where, key, max_length=MAX_URI)
    if not value:
        return ""
    if not is_web_url(value):
        raise CaseFormatError(f"{where}.{key} '{value}' is not an absolute http(s) URL")
    return value


def is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and not re.search(r"\s", value)


def date_time(obj: dict[str, Any], where: str, key: str) -> datetime | None:
    value = text(obj, where, key)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CaseFormatError(f"{where}.{key} '{value}' is not an ISO 8601 date-time") from exc
    if parsed.tzinfo is None:  # CASE dates without an offset are UTC in practice
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def enumeration(obj: dict[str, Any], where: str) -> str:
    value = obj.get("listEnumeration")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(obj, where, "listEnumeration", max_length=MAX_CODE)


def sequence(obj: dict[str, Any], where: str) -> int | None:
    value = obj.get("sequenceNumber")
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise CaseFormatError(f"{where}.sequenceNumber must be an integer, not {kind(value)}")
    return value


def natural_key(value: str) -> tuple[tuple[int, int | str], ...]:
    """'1.10' sorts after '1.9': runs of digits compare as numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.findall(r"\d+|\D+", value)
    )
