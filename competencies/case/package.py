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

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from . import fields as f
from .fields import CaseFormatError

IS_CHILD_OF = "isChildOf"
# CASE 1.0 and 1.1 association types (1.1 adds isTranslationOf; extensions are kept too).
ASSOCIATION_TYPES = (
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
)
MAX_ASSOCIATION_TYPE = 100
# Derived identifiers: uuid5 in this namespace of the document identifier and content.
DERIVED_NAMESPACE = uuid.UUID("6a0e3a52-1f7c-5c53-9e0a-2f4c8b7d1e11")


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

    @property
    def label(self) -> str:
        return label(self.human_coding_scheme, self.full_statement)


@dataclass(frozen=True)
class CaseAssociation:
    """An `isChildOf` association the tree uses: `origin` is a child of `destination`."""

    identifier: str
    origin_identifier: str
    destination_identifier: str
    sequence_number: int | None


@dataclass(frozen=True)
class CaseLink:
    """Any other association, from an item of the package. `destination_item` is the
    identifier of an item in the package, or None when the target is outside it."""

    identifier: str
    association_type: str
    origin_identifier: str
    destination_item: str | None
    destination_identifier: str  # as the package names it (inside or outside)
    destination_uri: str
    destination_title: str
    sequence_number: int | None


@dataclass(frozen=True)
class CaseNote:
    kind: Literal["skipped", "merged", "warning"]
    message: str


@dataclass(frozen=True)
class CasePackage:
    document: CaseDocument
    items: tuple[CaseItem, ...]  # in outline order: each parent before its children
    associations: tuple[CaseAssociation, ...]  # the isChildOf associations used
    links: tuple[CaseLink, ...] = ()
    notes: tuple[CaseNote, ...] = ()

    def item(self, identifier: str) -> CaseItem:
        for item in self.items:
            if item.identifier == identifier:
                return item
        raise KeyError(identifier)

    def notes_of(self, kind: str) -> list[str]:
        return [n.message for n in self.notes if n.kind == kind]


def label(code: str, statement: str) -> str:
    """How reports name an item: '"A.1 Chooses a tool for a task."'."""
    statement = " ".join(statement.split())
    if len(statement) > 70:
        statement = statement[:69].rstrip() + "…"
    return '"' + " ".join(part for part in (code, statement) if part) + '"'


def derive_identifier(*parts: str) -> str:
    return str(uuid.uuid5(DERIVED_NAMESPACE, "\n".join(parts)))


# --- entry point -----------------------------------------------------------------


def parse_case_package(data: bytes | str, *, strict: bool = False) -> CasePackage:
    """Parse a CFPackage, importing what can be (see the module docstring)."""
    root = f.load_json(data)
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
    reader = _Reader(_document(root["CFDocument"]), strict=strict)
    reader.read_items(f.as_list(root, "CFItems"))
    reader.read_associations(f.as_list(root, "CFAssociations"))
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


def _raw_label(raw: Any) -> str:
    if not isinstance(raw, dict):
        return ""
    code = raw.get("humanCodingScheme")
    statement = raw.get("fullStatement") or raw.get("abbreviatedStatement")
    code = code.strip() if isinstance(code, str) else ""
    statement = statement if isinstance(statement, str) else ""
    if not code and not statement:
        ident = raw.get("identifier")
        return f" '{ident}'" if isinstance(ident, str) and ident.strip() else ""
    return " " + label(code, statement)


@dataclass
class _Node:
    identifier: str  # "" when the package gives only a URI
    uri: str
    title: str


@dataclass
class _Reader:
    document: CaseDocument
    strict: bool
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

    # Items ---------------------------------------------------------------------------

    def read_items(self, raw_items: list[Any]) -> None:
        for index, raw in enumerate(raw_items):
            where = f"CFItems[{index}]"
            try:
                fields = self._item_fields(f.as_object(raw, where), where)
            except CaseFormatError as exc:
                if self.strict:
                    raise
                reason = str(exc).removeprefix(where).lstrip(". ")
                self.note("skipped", f"{where}{_raw_label(raw)} not imported: {reason}")
                continue
            ident = fields["identifier"]
            name = label(fields["human_coding_scheme"], fields["full_statement"])
            if ident in self.positions:
                first = self.positions[ident]
                if self.strict:
                    raise CaseFormatError(
                        f"{where}.identifier '{ident}' duplicates CFItems[{first}]"
                    )
                same = fields == self.fields_by_id[ident]
                self.note(
                    "merged",
                    f"{where} {name} repeats the identifier '{ident}' of CFItems[{first}]"
                    f" {self.labels[ident]}: merged into the first"
                    + ("" if same else " (its own statement and code were not imported)"),
                )
                continue
            self.positions[ident] = index
            self.fields_by_id[ident] = fields
            self.labels[ident] = name
            if fields["uri"]:
                self.by_uri.setdefault(fields["uri"], ident)

    def _item_fields(self, obj: dict[str, Any], where: str) -> dict[str, str]:
        code = f.text(obj, where, "humanCodingScheme", max_length=f.MAX_CODE)
        try:
            statement = f.text(obj, where, "fullStatement", required=True)
        except CaseFormatError:
            if self.strict:
                raise
            statement = f.text(obj, where, "abbreviatedStatement")
            if not statement:
                raise
            self.note("warning", f"{where} {label(code, statement)} has no fullStatement:"
                      " its abbreviatedStatement is used")  # fmt: skip
        try:
            ident = f.identifier(obj, where)
        except CaseFormatError as exc:
            if self.strict:
                raise
            ident = derive_identifier(self.document.identifier, code, statement)
            self.note(
                "warning",
                f"{where} {label(code, statement)}: {str(exc).removeprefix(where + '.')};"
                f" imported as '{ident}'",
            )
        if ident == self.document.identifier:
            raise CaseFormatError(f"{where}.identifier '{ident}' is the CFDocument's identifier")
        try:
            item_uri = f.uri(obj, where)
        except CaseFormatError as exc:
            if self.strict:
                raise
            item_uri = ""
            self.note("warning", f"{where} {label(code, statement)}: {exc}; imported without it")
        item_type = f.text(obj, where, "CFItemType", max_length=f.MAX_ITEM_TYPE)
        if not item_type and obj.get("CFItemTypeURI") is not None:
            type_uri = f.as_object(obj["CFItemTypeURI"], f"{where}.CFItemTypeURI")
            item_type = f.text(
                type_uri, f"{where}.CFItemTypeURI", "title", max_length=f.MAX_ITEM_TYPE
            )
        return {
            "identifier": ident,
            "uri": item_uri,
            "human_coding_scheme": code,
            "full_statement": statement,
            "item_type": item_type,
            "list_enumeration": f.enumeration(obj, where),
        }

    # Associations --------------------------------------------------------------------

    def read_associations(self, raw_list: list[Any]) -> None:
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_list):
            where = f"CFAssociations[{index}]"
            try:
                self._association(f.as_object(raw, where), where, index, seen)
            except CaseFormatError as exc:
                if self.strict:
                    raise
                reason = str(exc).removeprefix(where).lstrip(". ")
                self.note("warning", f"{where} not kept: {reason}")
        self._break_cycles()

    def _association(
        self, obj: dict[str, Any], where: str, index: int, seen: dict[str, int]
    ) -> None:
        kind = f.text(obj, where, "associationType", required=True, max_length=MAX_ASSOCIATION_TYPE)
        origin = self._node(obj, where, "originNodeURI")
        destination = self._node(obj, where, "destinationNodeURI")
        sequence = f.sequence(obj, where)
        if kind == IS_CHILD_OF and self._tree_edge(
            obj, where, index, origin, destination, sequence
        ):
            return
        ident = f.text(obj, where, "identifier", max_length=f.MAX_IDENTIFIER)
        ident = ident or derive_identifier(
            self.document.identifier, kind, origin.identifier or origin.uri,
            destination.identifier or destination.uri,
        )  # fmt: skip
        if ident in seen:
            self.note("warning", f"{where} repeats the identifier '{ident}' of"
                      f" CFAssociations[{seen[ident]}]: only the first is kept")  # fmt: skip
            return
        if origin.identifier not in self.positions:
            outside = origin.title or origin.identifier or origin.uri
            self.note("warning", f"{where} {kind} starts outside the package"
                      f" ('{outside}'): not kept")  # fmt: skip
            return
        doc = self.document.identifier
        if destination.identifier == doc:
            self.note("warning", f"{where} {kind} from {self.labels[origin.identifier]}"
                      " points to the framework itself: not kept")  # fmt: skip
            return
        if not destination.identifier and not destination.uri:
            raise CaseFormatError(f"{where}.destinationNodeURI has no identifier or uri")
        seen[ident] = index
        inside = destination.identifier in self.positions
        self.links.append(
            CaseLink(
                identifier=ident,
                association_type=kind,
                origin_identifier=origin.identifier,
                destination_item=destination.identifier if inside else None,
                destination_identifier=destination.identifier[: f.MAX_IDENTIFIER],
                destination_uri=destination.uri[: f.MAX_URI],
                destination_title=destination.title[: f.MAX_TITLE],
                sequence_number=sequence,
            )
        )

    def _tree_edge(
        self,
        obj: dict[str, Any],
        where: str,
        index: int,
        origin: _Node,
        destination: _Node,
        sequence: int | None,
    ) -> bool:
        """Record an isChildOf edge; False when it is a second parent, kept as a link."""
        doc = self.document.identifier
        if origin.identifier == doc:
            raise CaseFormatError(f"{where} isChildOf makes the CFDocument a child")
        if origin.identifier not in self.positions:
            raise CaseFormatError(
                f"{where} isChildOf starts from unknown item '{origin.identifier or origin.uri}'"
            )
        if destination.identifier != doc and destination.identifier not in self.positions:
            raise CaseFormatError(
                f"{where} isChildOf points to unknown item"
                f" '{destination.identifier or destination.uri}'"
            )
        if origin.identifier in self.parents:
            earlier = self.parent_index[origin.identifier]
            parent = self.parents[origin.identifier].destination_identifier
            if parent == destination.identifier:
                return True  # the same edge twice: harmless
            message = (
                f"{where} gives item '{origin.identifier}' a second parent"
                f" '{destination.identifier}' (CFAssociations[{earlier}] already makes it a"
                f" child of '{parent}'); an item may have only one isChildOf parent"
            )
            if self.strict:
                raise CaseFormatError(message)
            if destination.identifier == doc:
                self.note("warning", f"{message}: it stays under '{parent}'")
                return True
            self.note("warning", f"{message}: the second is kept as an association")
            return False
        ident = f.identifier(obj, where) if self.strict else (
            f.text(obj, where, "identifier", max_length=f.MAX_IDENTIFIER)
            or derive_identifier(doc, IS_CHILD_OF, origin.identifier, destination.identifier)
        )  # fmt: skip
        self.parent_index[origin.identifier] = index
        self.parents[origin.identifier] = CaseAssociation(
            identifier=ident,
            origin_identifier=origin.identifier,
            destination_identifier=destination.identifier,
            sequence_number=sequence,
        )
        return True

    def _node(self, obj: dict[str, Any], where: str, key: str) -> _Node:
        raw = obj.get(key)
        if raw is None:
            raise CaseFormatError(f"{where}.{key} is missing")
        if isinstance(raw, str) and not self.strict:  # a bare URI
            raw = {"uri": raw}
        node = f.as_object(raw, f"{where}.{key}")
        at = f"{where}.{key}"
        node_uri = f.text(node, at, "uri")
        title = f.text(node, at, "title")
        if self.strict:
            ident = f.identifier(node, at)
        else:
            ident = f.text(node, at, "identifier")
            if ident not in self.positions and node_uri in self.by_uri:
                ident = self.by_uri[node_uri]  # an item whose identifier was derived
            elif not ident and node_uri and node_uri == self.document.uri:
                ident = self.document.identifier
        return _Node(identifier=ident, uri=node_uri, title=title)

    def _break_cycles(self) -> None:
        doc = self.document.identifier
        done: set[str] = set()
        for start in list(self.parents):
            path: list[str] = []
            on_path: set[str] = set()
            node: str | None = start
            while node is not None and node not in done and node != doc:
                if node in on_path:
                    cycle = [*path[path.index(node) :], node]
                    message = "isChildOf associations form a cycle: " + " → ".join(
                        f"'{n}'" for n in cycle
                    )
                    if self.strict:
                        raise CaseFormatError(message)
                    del self.parents[path[-1]]  # the edge that closes it
                    self.note("warning", f"{message}; '{path[-1]}' becomes a top-level item")
                    break
                path.append(node)
                on_path.add(node)
                assoc = self.parents.get(node)
                node = assoc.destination_identifier if assoc is not None else None
            done.update(path)

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
