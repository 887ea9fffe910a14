"""What the navigation needs about authoring: asked only when a page shows the menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import permissions


def _can_author_anywhere(request: HttpRequest) -> bool:
    known = getattr(request, "authorable_org_ids", None)  # an authoring page asked already
    if known is None:
        known = permissions.authorable_org_ids(request.user)
    return bool(known)


def author_nav(request: HttpRequest) -> dict[str, object]:
    """`can_author_anywhere`: show the "Author" link (district admins and coaches)."""
    return {"can_author_anywhere": SimpleLazyObject(lambda: _can_author_anywhere(request))}
