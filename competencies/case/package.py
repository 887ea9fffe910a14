"""Read 1EdTech CASE 1.0 packages (CFPackage JSON). Pure: no ORM, no I/O.

`parse_case_package` turns a CFPackage document

    {"CFDocument": {...}, "CFItems": [...], "CFAssociations": [...]}

into a validated `CasePackage` whose items form a tree, or raises
`CaseFormatError` with a message naming exactly what is wrong
("CFItems[3].identifier is missing").

The tree comes from `isChildOf` associations only: the origin is the child, the
destination its parent. An item whose parent is the CFDocument is a root, and so
is an item with no `isChildOf` association at all. An item may have one parent
(Cairn stores a tree, not CASE's optional polyhierarchy); other association
types (`exactMatchOf`, `precedes`, ...) are ignored.

Where CASE requires a field that Cairn does not need (`uri`,
`lastChangeDateTime` on items and associations) the parser accepts its absence,
but every field that is present must have the right type and shape.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

IS_CHILD_OF = "isChildOf"

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
    """The package is not a CASE 1.0 CFPackage Cairn can import."""


@dataclass(frozen=True)
class CaseDocument:
    identifier: str
    uri: str
    title: str
    creator: str
    description: str
    version: str
    last_change: datetime | None  # CASE lastChangeDateTime, always aware


@dataclass(frozen=True)
class CaseItem:
    identifier: str
    uri: str
    human_coding_scheme: str
    full_statement: str
    item_type: str  # CASE CFItemType
    list_enumeration: str
    parent_identifier: str | None  # None for a root (child of the CFDocument)
    position: int  # 1-based order among its siblings
    depth: int  # 0 for roots


@dataclass(frozen=True)
class CaseAssociation:
    """An `isChildOf` association: `origin` is a child of `destination`."""

    identifier: str
    origin_identifier: str
    destination_identifier: str
    sequence_number: int | None


@dataclass(frozen=True)
class CasePackage:
    document: CaseDocument
    items: tuple[CaseItem, ...]  # in outline order: each parent before its children
    associations: tuple[CaseAssociation, ...]  # the isChildOf associations used

    def item(self, identifier: str) -> CaseItem:
        for item in self.items:
            if item.identifier == identifier:
                return item
        raise KeyError(identifier)


# --- entry point -----------------------------------------------------------------


def parse_case_package(data: bytes | str) -> CasePackage:
    """Parse and validate a CFPackage; raise `CaseFormatError` naming the problem."""
    root = _load_json(data)
    if not isinstance(root, dict):
        raise CaseFormatError(f"top level is {_kind(root)}, expected a CFPackage object")
    if "CFDocument" not in root:
        raise CaseFormatError("CFDocument is missing")
    document = _document(root["CFDocument"])

    fields_by_id: dict[str, dict[str, str]] = {}
    positions: dict[str, int] = {}
    for index, raw in enumerate(_list(root, "CFItems")):
        where = f"CFItems[{index}]"
        fields = _item_fields(_object(raw, where), where)
        identifier = fields["identifier"]
        if identifier == document.identifier:
            raise CaseFormatError(
                f"{where}.identifier '{identifier}' is the CFDocument's identifier"
            )
        if identifier in positions:
            raise CaseFormatError(
                f"{where}.identifier '{identifier}' duplicates CFItems[{positions[identifier]}]"
            )
        positions[identifier] = index
        fields_by_id[identifier] = fields

    associations = _child_associations(_list(root, "CFAssociations"), document, positions)
    parents = {a.origin_identifier: a for a in associations}
    _refuse_cycles(parents, document.identifier)

    children: dict[str | None, list[str]] = {}
    for identifier in positions:
        assoc = parents.get(identifier)
        parent = None
        if assoc is not None and assoc.destination_identifier != document.identifier:
            parent = assoc.destination_identifier
        children.setdefault(parent, []).append(identifier)

    def sort_key(identifier: str) -> tuple[Any, ...]:
        assoc = parents.get(identifier)
        seq = assoc.sequence_number if assoc is not None else None
        enum = fields_by_id[identifier]["list_enumeration"]
        return (seq is None, seq or 0, not enum, _natural_key(enum), positions[identifier])

    for siblings in children.values():
        siblings.sort(key=sort_key)

    items: list[CaseItem] = []
    # Depth-first, iterative so deep frameworks cannot exhaust the stack.
    stack: list[tuple[str, str | None, int, int]] = [
        (identifier, None, 0, pos) for pos, identifier in enumerate(children.get(None, []), 1)
    ][::-1]
    while stack:
        identifier, parent, depth, position = stack.pop()
        items.append(
            CaseItem(
                **fields_by_id[identifier],
                parent_identifier=parent,
                position=position,
                depth=depth,
            )
        )
        kids = children.get(identifier, [])
        stack.extend(
            (kid, identifier, depth + 1, pos) for pos, kid in reversed(list(enumerate(kids, 1)))
        )
    return CasePackage(document=document, items=tuple(items), associations=tuple(associations))


# --- pieces ----------------------------------------------------------------------


def _load_json(data: bytes | str) -> Any:
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaseFormatError(f"not UTF-8: byte {exc.start} cannot be decoded") from exc
    if not isinstance(data, str):
        raise CaseFormatError(f"expected bytes or text, got {type(data).__name__}")
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


def _document(raw: Any) -> CaseDocument:
    where = "CFDocument"
    obj = _object(raw, where)
    return CaseDocument(
        identifier=_identifier(obj, where),
        uri=_uri(obj, where),
        title=_text(obj, where, "title", required=True, max_length=MAX_TITLE),
        creator=_text(obj, where, "creator", max_length=MAX_CREATOR),
        description=_text(obj, where, "description"),
        version=_text(obj, where, "version", max_length=MAX_VERSION),
        last_change=_datetime(obj, where, "lastChangeDateTime"),
    )


def _item_fields(obj: dict[str, Any], where: str) -> dict[str, str]:
    """The CaseItem fields read from one CFItem (the tree fields come later)."""
    identifier = _identifier(obj, where)
    item_type = _text(obj, where, "CFItemType", max_length=MAX_ITEM_TYPE)
    if not item_type and obj.get("CFItemTypeURI") is not None:
        type_uri = _object(obj["CFItemTypeURI"], f"{where}.CFItemTypeURI")
        item_type = _text(type_uri, f"{where}.CFItemTypeURI", "title", max_length=MAX_ITEM_TYPE)
    return {
        "identifier": identifier,
        "uri": _uri(obj, where),
        "human_coding_scheme": _text(obj, where, "humanCodingScheme", max_length=MAX_CODE),
        "full_statement": _text(obj, where, "fullStatement", required=True),
        "item_type": item_type,
        "list_enumeration": _enumeration(obj, where),
    }


def _child_associations(
    raw_list: list[Any], document: CaseDocument, items: dict[str, int]
) -> list[CaseAssociation]:
    """Validate every association's type; keep and check the isChildOf ones."""
    found: list[CaseAssociation] = []
    first_seen: dict[str, tuple[int, str]] = {}  # child -> (association index, parent)
    for index, raw in enumerate(raw_list):
        where = f"CFAssociations[{index}]"
        obj = _object(raw, where)
        kind = _text(obj, where, "associationType", required=True)
        if kind != IS_CHILD_OF:
            continue
        origin = _node(obj, where, "originNodeURI")
        destination = _node(obj, where, "destinationNodeURI")
        if origin == document.identifier:
            raise CaseFormatError(f"{where} isChildOf makes the CFDocument a child")
        if origin not in items:
            raise CaseFormatError(f"{where} isChildOf starts from unknown item '{origin}'")
        if destination != document.identifier and destination not in items:
            raise CaseFormatError(f"{where} isChildOf points to unknown item '{destination}'")
        if origin in first_seen:
            earlier, parent = first_seen[origin]
            if parent == destination:
                continue  # the same edge twice: harmless
            raise CaseFormatError(
                f"{where} gives item '{origin}' a second parent '{destination}'"
                f" (CFAssociations[{earlier}] already makes it a child of '{parent}');"
                " an item may have only one isChildOf parent"
            )
        first_seen[origin] = (index, destination)
        found.append(
            CaseAssociation(
                identifier=_identifier(obj, where),
                origin_identifier=origin,
                destination_identifier=destination,
                sequence_number=_sequence(obj, where),
            )
        )
    return found


def _refuse_cycles(parents: dict[str, CaseAssociation], document_id: str) -> None:
    done: set[str] = set()
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done and node != document_id:
            if node in on_path:
                cycle = [*path[path.index(node) :], node]
                raise CaseFormatError(
                    "isChildOf associations form a cycle: " + " → ".join(f"'{n}'" for n in cycle)
                )
            path.append(node)
            on_path.add(node)
            assoc = parents.get(node)
            node = assoc.destination_identifier if assoc is not None else None
        done.update(path)


# --- field readers ---------------------------------------------------------------


def _kind(value: Any) -> str:
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


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CaseFormatError(f"{where} must be an object, not {_kind(value)}")
    return value


def _list(root: dict[str, Any], key: str) -> list[Any]:
    value = root.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseFormatError(f"{key} must be a list, not {_kind(value)}")
    return value


def _text(
    obj: dict[str, Any], where: str, key: str, *, required: bool = False, max_length: int = 0
) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise CaseFormatError(f"{where}.{key} is missing")
        return ""
    if not isinstance(value, str):
        raise CaseFormatError(f"{where}.{key} must be a string, not {_kind(value)}")
    value = value.strip()
    if required and not value:
        raise CaseFormatError(f"{where}.{key} is empty")
    if max_length and len(value) > max_length:
        raise CaseFormatError(f"{where}.{key} is longer than {max_length} characters")
    return value


def _identifier(obj: dict[str, Any], where: str) -> str:
    return _text(obj, where, "identifier", required=True, max_length=MAX_IDENTIFIER)


def _node(obj: dict[str, Any], where: str, key: str) -> str:
    if obj.get(key) is None:
        raise CaseFormatError(f"{where}.{key} is missing")
    node = _object(obj[key], f"{where}.{key}")
    return _identifier(node, f"{where}.{key}")


def _uri(obj: dict[str, Any], where: str) -> str:
    value = _text(obj, where, "uri", max_length=MAX_URI)
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or re.search(r"\s", value):
        raise CaseFormatError(f"{where}.uri '{value}' is not an absolute http(s) URL")
    return value


def _datetime(obj: dict[str, Any], where: str, key: str) -> datetime | None:
    value = _text(obj, where, key)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CaseFormatError(f"{where}.{key} '{value}' is not an ISO 8601 date-time") from exc
    if parsed.tzinfo is None:  # CASE dates without an offset are UTC in practice
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _enumeration(obj: dict[str, Any], where: str) -> str:
    value = obj.get("listEnumeration")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(obj, where, "listEnumeration", max_length=MAX_CODE)


def _sequence(obj: dict[str, Any], where: str) -> int | None:
    value = obj.get("sequenceNumber")
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise CaseFormatError(f"{where}.sequenceNumber must be an integer, not {_kind(value)}")
    return value


def _natural_key(value: str) -> tuple[tuple[int, int | str], ...]:
    """'1.10' sorts after '1.9': runs of digits compare as numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.findall(r"\d+|\D+", value)
    )
