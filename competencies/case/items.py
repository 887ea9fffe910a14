"""Reading CFItems: a repeated identifier merged, a missing one derived, an unreadable
item skipped, each named (or, strict, refused)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import fields as f
from .fields import CaseFormatError
from .records import derive_identifier, label

if TYPE_CHECKING:
    from .package import _Reader


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


class ItemReader:
    """The CFItems part of `package._Reader`."""

    def read_items(self: _Reader, raw_items: list[Any]) -> None:
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

    def _item_fields(self: _Reader, obj: dict[str, Any], where: str) -> dict[str, str]:
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
