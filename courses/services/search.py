"""Writing the library's stored search vector (`courses.search`).

The services that write a module's title, summary or steps' text (create, update, the
steps, a new version, publish) rewrite its `search_vector` in their transaction;
migration 0002 and `manage.py rebuild_search_vectors` fill it for rows written another
way. Off PostgreSQL there is no vector and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ..models import Module
from ..search import full_text_search, module_vector


def module_search_vector_store(*, modules: Iterable[Module]) -> None:
    """Rewrite the vector of `modules` from what is saved now (one UPDATE; none off
    PostgreSQL). Called after saving their title, summary or search text."""
    pks = [m.pk for m in modules]
    if pks and full_text_search():
        Module.objects.filter(pk__in=pks).update(search_vector=module_vector())


@transaction.atomic
def module_search_vectors_rebuild() -> int:
    """Rewrite every module's vector from its text; the number of rows written (none
    off PostgreSQL)."""
    if not full_text_search():
        return 0
    return Module.objects.update(search_vector=module_vector())
