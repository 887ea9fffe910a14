"""Rewrite every module's stored search vector from its title, summary and steps' text.

    manage.py rebuild_search_vectors

The services keep the vector up to date and migration 0002 filled it for the modules
there were; run this after loading modules by other means (a restore, a bulk COPY) or
after changing the weights or the text search configuration in `courses.search`.
On a database other than PostgreSQL there is no vector and it writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from courses.search import full_text_search
from courses.services.search import module_search_vectors_rebuild


class Command(BaseCommand):
    help = "Rewrite the modules' stored search vectors (PostgreSQL) from their text."

    def handle(self, *args: Any, **options: Any) -> None:
        if not full_text_search():
            self.stdout.write(
                "This database has no full-text search: the library matches words "
                "without a stored vector, so there is nothing to rebuild."
            )
            return
        count = module_search_vectors_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the search vectors of {count} module(s)."))
