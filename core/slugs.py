"""Unique slugs for public addresses."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    max_length: int = 100,
    field: str = "slug",
) -> str:
    """A slug made from `text` that no `model` row uses yet (text, text-2, text-3, …),
    never longer than `max_length`: one query."""
    base = (slugify(text).strip("-") or fallback)[:max_length].strip("-") or fallback
    stem = base[: max(1, max_length - 8)]
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": stem}).values_list(
            field, flat=True
        )
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].strip("-") + suffix
    return candidate
