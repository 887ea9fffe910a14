"""Read 1EdTech CASE 1.0 and 1.1 packages (CFPackage JSON). Pure: no ORM, no I/O.

`parse_case_package` turns a CFPackage document

    {"CFDocument": {...}, "CFItems": [...], "CFAssociations": [...]}

(or CASE 1.1's REST answer, the same wrapped in {"CFPackage": {...}}) into a
`CasePackage` whose items form a tree.

The tree comes from `isChildOf` associations: the origin is the child, the
destination its parent. An item whose parent is the CFDocument is a root, and so is
an item with no `isChildOf` association. Every other association (`exactMatchOf`,
`isRelatedTo`, `precedes`, `exemplar`, ..., and a second `isChildOf` parent) is kept
as a `CaseLink` from an item of the package to another item or to something outside
it.

Real packages are messier than the spec. By default what can be imported is, and
each thing that could not be taken as written is named in `notes`:

- two CFItems with one identifier: the first is kept, the later one merged into it;
- a CFItem without an identifier: imported under one derived from the document's
  identifier, its code and statement (the same on every import of that package);
- a CFItem that cannot be read (no statement, a code too long, ...): skipped;
- an association that cannot be used: not kept, with the reason.

`strict=True` refuses the whole package at the first such problem, raising
`CaseFormatError` with a message naming exactly what is wrong
("CFItems[3].identifier is missing"). A broken CFDocument or unreadable JSON is
refused in both modes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from . import fields as f
from .associations import AssociationReader
from .fields import CaseFormatError
from .items import ItemReader
from .limits import CaseLimitError, CaseLimits
from .records import (
    ASSOCIATION_TYPES,
    DERIVED_NAMESPACE,
    IS_CHILD_OF,
    CaseAssociation,
    CaseDocument,
    CaseItem,
    CaseLink,
    CaseNote,
    CasePackage,
    derive_identifier,
    label,
)

__all__ = [
    "ASSOCIATION_TYPES",
    "DERIVED_NAMESPACE",
    "IS_CHILD_OF",
    "CaseAssociation",
    "CaseDocument",
    "CaseFormatError",
    "CaseItem",
    "CaseLimitError",
    "CaseLimits",
    "CaseLink",
    "CaseNote",
    "CasePackage",
    "derive_identifier",
    "label",
    "parse_case_package",
]


# --- entry point -----------------------------------------------------------------


def parse_case_package(
    data: bytes | str, *, strict: bool = False, limits: CaseLimits | None = None
) -> CasePackage:
    """Parse a CFPackage, importing what can be (see the module docstring).

    Over `limits` (default: from settings) it raises `CaseLimitError`: the size before
    the JSON is read, then the counts and the nesting of the JSON and of the tree."""
    limits = limits or CaseLimits.from_settings()
    limits.check_size(len(data) if isinstance(data, bytes | bytearray) else len(data.encode()))
    try:
        root = f.load_json(data)
    except RecursionError as exc:  # deeper than the interpreter's own limit
        raise CaseLimitError(limits.nesting_message()) from exc
    del data  # the caller's copy may stay; this function keeps none
    limits.check_nesting(root)
    if (
        isinstance(root, dict)
        and "CFDocument" not in root
        and isinstance(root.get("CFPackage"), dict)
    ):
        root = root["CFPackage"]  # CASE 1.1 REST: {"CFPackage": {...}}
    if not isinstance(root, dict):
        raise CaseFormatError(f"top level is {f.kind(root)}, expected a CFPackage object")
    if "CFDocument" not in root:
        raise CaseFormatError("CFDocument is missing")
    raw_items = f.as_list(root, "CFItems")
    raw_associations = f.as_list(root, "CFAssociations")
    limits.check_counts(raw_items, raw_associations)
    reader = _Reader(_document(root["CFDocument"]), strict=strict, limits=limits)
    del root  # the raw JSON goes as soon as each part has been read
    reader.read_items(raw_items)
    del raw_items
    reader.read_associations(raw_associations)
    del raw_associations
    return reader.package()


def _document(raw: Any) -> CaseDocument:
    where = "CFDocument"
    obj = f.as_object(raw, where)
    return CaseDocument(
        identifier=f.identifier(obj, where),
        uri=f.uri(obj, where),
        title=f.text(obj, where, "title", required=True, max_length=f.MAX_TITLE),
        creator=f.text(obj, where, "creator", max_length=f.MAX_CREATOR),
        description=f.text(obj, where, "description"),
        version=f.text(obj, where, "version", max_length=f.MAX_VERSION),
        last_change=f.date_time(obj, where, "lastChangeDateTime"),
    )


@dataclass
class _Reader(ItemReader, AssociationReader):
    document: CaseDocument
    strict: bool
    limits: CaseLimits = field(default_factory=CaseLimits)
    fields_by_id: dict[str, dict[str, str]] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)  # identifier -> CFItems index
    labels: dict[str, str] = field(default_factory=dict)
    by_uri: dict[str, str] = field(default_factory=dict)
    parents: dict[str, CaseAssociation] = field(default_factory=dict)
    parent_index: dict[str, int] = field(default_factory=dict)
    links: list[CaseLink] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)

    def note(self, kind: Literal["skipped", "merged", "warning"], message: str) -> None:
        self.notes.append(CaseNote(kind, message))

    # The tree ------------------------------------------------------------------------

    def package(self) -> CasePackage:
        doc = self.document.identifier
        children: dict[str | None, list[str]] = {}
        for ident in self.positions:
            assoc = self.parents.get(ident)
            parent = None
            if assoc is not None and assoc.destination_identifier != doc:
                parent = assoc.destination_identifier
            children.setdefault(parent, []).append(ident)

        def sort_key(ident: str) -> tuple[Any, ...]:
            assoc = self.parents.get(ident)
            seq = assoc.sequence_number if assoc is not None else None
            enum = self.fields_by_id[ident]["list_enumeration"]
            return (seq is None, seq or 0, not enum, f.natural_key(enum), self.positions[ident])

        for siblings in children.values():
            siblings.sort(key=sort_key)

        items: list[CaseItem] = []
        # Depth-first, iterative so deep frameworks cannot exhaust the stack.
        stack: list[tuple[str, str | None, int, int]] = [
            (ident, None, 0, pos) for pos, ident in enumerate(children.get(None, []), 1)
        ][::-1]
        while stack:
            ident, parent, depth, position = stack.pop()
            if depth >= self.limits.max_depth:
                raise CaseLimitError(self.limits.tree_message())
            items.append(
                CaseItem(
                    **self.fields_by_id[ident],
                    parent_identifier=parent,
                    position=position,
                    depth=depth,
                )
            )
            kids = children.get(ident, [])
            stack.extend(
                (kid, ident, depth + 1, pos) for pos, kid in reversed(list(enumerate(kids, 1)))
            )
        return CasePackage(
            document=self.document,
            items=tuple(items),
            associations=tuple(self.parents.values()),
            links=tuple(self.links),
            notes=tuple(self.notes),
        )
