"""Staged console imports, as their author sees them (competencies.permissions.imports)."""

from __future__ import annotations

import uuid
from typing import Any

from ..models import FrameworkImport
from ..permissions import imports

RECENT = 10


def import_get(*, user: Any, public_id: uuid.UUID) -> FrameworkImport | None:
    return (
        imports.queryset(user, "view")
        .select_related("framework")
        .filter(public_id=public_id)
        .first()
    )


def imports_recent(*, user: Any) -> list[FrameworkImport]:
    """The person's latest imports (without their package bytes)."""
    return list(
        imports.queryset(user, "view")
        .select_related("framework")
        .defer("data")
        .order_by("-created_at", "-pk")[:RECENT]
    )
