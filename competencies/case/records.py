"""What a CASE package is read into: plain, frozen records (no ORM)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

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
