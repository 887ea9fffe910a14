"""What an import did (or, previewed, would do): each competency named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Framework

# Lists kept whole in the audit row and the stored report; longer ones are cut there
# (the counts stay exact).
STORED_NAMES = 500


@dataclass
class ImportReport:
    framework: Framework | None  # None in a preview of a framework not yet imported
    framework_title: str
    framework_created: bool
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)  # no longer listed: kept, retired
    restored: list[str] = field(default_factory=list)  # retired before, listed again
    skipped: list[str] = field(default_factory=list)  # CFItems that could not be imported
    merged: list[str] = field(default_factory=list)  # CFItems repeating an identifier
    warnings: list[str] = field(default_factory=list)
    associations_created: int = 0
    associations_updated: int = 0
    associations_removed: int = 0

    @property
    def changes_nothing(self) -> bool:
        return not (
            self.framework_created
            or self.created
            or self.updated
            or self.retired
            or self.restored
            or self.associations_created
            or self.associations_updated
            or self.associations_removed
        )

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "retired": len(self.retired),
            "restored": len(self.restored),
            "skipped": len(self.skipped),
            "merged": len(self.merged),
            "warnings": len(self.warnings),
            "associations_created": self.associations_created,
            "associations_updated": self.associations_updated,
            "associations_removed": self.associations_removed,
        }

    def summary(self) -> dict[str, Any]:
        """Counts, and the names of what was retired, skipped, merged or warned about."""
        return {
            "framework_created": self.framework_created,
            **self.counts(),
            **{
                name: getattr(self, name)[:STORED_NAMES]
                for name in ("retired", "restored", "skipped", "merged", "warnings")
            },
        }

    def as_dict(self) -> dict[str, Any]:
        """Everything, for the stored report of a console import (lists cut at 500)."""
        return {
            "framework_title": self.framework_title,
            **self.summary(),
            "created_names": self.created[:STORED_NAMES],
            "updated_names": self.updated[:STORED_NAMES],
        }

    def lines(self, *, names: bool = True) -> list[str]:
        """The report as text lines (the command prints them)."""
        c = self.counts()
        out = [
            f"Competencies: {c['created']} created, {c['updated']} updated,"
            f" {c['unchanged']} unchanged, {c['retired']} retired, {c['restored']} restored;"
            f" {c['skipped']} skipped, {c['merged']} merged.",
            f"Associations: {c['associations_created']} created,"
            f" {c['associations_updated']} updated, {c['associations_removed']} removed.",
        ]
        sections = [("Retired", self.retired), ("Restored", self.restored)]
        if names:
            sections = [("Created", self.created), ("Updated", self.updated), *sections]
        sections += [("Skipped", self.skipped), ("Merged", self.merged)]
        sections += [("Warning", self.warnings)]
        for title, entries in sections:
            out.extend(f"{title}: {entry}" for entry in entries)
        return out
