"""How big a CASE package Cairn reads: bytes, CFItems, CFAssociations, JSON nesting and
isChildOf depth. Over any of them the package is refused, before parsing when the size
is known, with `CaseLimitError` saying which limit and how to raise it.

The defaults come from settings (`CASE_MAX_BYTES`, `CASE_MAX_ITEMS`, `CASE_MAX_DEPTH`);
tests and callers may pass their own `CaseLimits`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .fields import CaseFormatError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ITEMS = 100_000
DEFAULT_MAX_DEPTH = 64
ASSOCIATIONS_PER_ITEM = 4


class CaseLimitError(CaseFormatError):
    """The package is over one of Cairn's limits (not necessarily invalid)."""


@dataclass(frozen=True)
class CaseLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_items: int = DEFAULT_MAX_ITEMS
    max_depth: int = DEFAULT_MAX_DEPTH

    @property
    def max_associations(self) -> int:
        return self.max_items * ASSOCIATIONS_PER_ITEM

    @classmethod
    def from_settings(cls) -> CaseLimits:
        from django.conf import settings

        return cls(
            max_bytes=int(getattr(settings, "CASE_MAX_BYTES", DEFAULT_MAX_BYTES)),
            max_items=int(getattr(settings, "CASE_MAX_ITEMS", DEFAULT_MAX_ITEMS)),
            max_depth=int(getattr(settings, "CASE_MAX_DEPTH", DEFAULT_MAX_DEPTH)),
        )

    # Checks -------------------------------------------------------------------------

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise CaseLimitError(too_big(self.max_bytes))

    def check_counts(self, items: list[Any], associations: list[Any]) -> None:
        if len(items) > self.max_items:
            raise CaseLimitError(
                f"the package has {len(items):,} CFItems; Cairn imports at most "
                f"{self.max_items:,} (CASE_MAX_ITEMS)"
            )
        if len(associations) > self.max_associations:
            raise CaseLimitError(
                f"the package has {len(associations):,} CFAssociations; Cairn imports at "
                f"most {self.max_associations:,} ({ASSOCIATIONS_PER_ITEM} per CFItem "
                "allowed by CASE_MAX_ITEMS)"
            )

    def check_nesting(self, root: Any) -> None:
        """Refuse JSON nested deeper than `max_depth` (iteratively: no recursion)."""
        if not isinstance(root, dict | list):
            return
        stack: list[tuple[Any, int]] = [(root, 1)]
        while stack:
            value, depth = stack.pop()
            if depth > self.max_depth:
                raise CaseLimitError(self.nesting_message())
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))

    def nesting_message(self) -> str:
        return (
            f"the JSON is nested more than {self.max_depth} levels deep; a CASE package "
            "needs a few (CASE_MAX_DEPTH)"
        )

    def tree_message(self) -> str:
        return (
            f"isChildOf associations nest items more than {self.max_depth} levels deep "
            "(CASE_MAX_DEPTH)"
        )


def size_text(size: int) -> str:
    """1 MB and over in MB ("50 MB", "1.5 MB"), less in bytes ("2,000 bytes")."""
    return f"{size / 2**20:g} MB" if size >= 2**20 else f"{size:,} bytes"


def too_big(max_bytes: int) -> str:
    return (
        f"the package is larger than {size_text(max_bytes)}, the most Cairn imports "
        "(CASE_MAX_BYTES)"
    )
