"""Reading CFAssociations: `isChildOf` edges for the tree (a cycle cut, a second parent
kept as an association), every other type kept as a `CaseLink`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import fields as f
from .fields import CaseFormatError
from .records import IS_CHILD_OF, MAX_ASSOCIATION_TYPE, CaseAssociation, CaseLink, derive_identifier

if TYPE_CHECKING:
    pass


@dataclass
class _Node:
    identifier: str  # "" when the package gives only a URI
    uri: str
    title: str


class AssociationReader:
    """The CFAssociations part of `package._Reader`."""

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
