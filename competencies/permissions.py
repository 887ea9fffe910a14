"""Access policies for competencies (see `core.policies`).

- **Frameworks and competencies** are public: anyone may read them (badge alignments
  link to them), so they have no read policy.
- **Importing a framework** from a CASE package is for the admins of a district (the
  state's frameworks serve every school of it); a superuser may import too. The
  policy is over districts: "the districts for which this person imports".
- **A staged import** (`FrameworkImport`: the uploaded package, its preview and its
  report) is its author's, while they may still import.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Membership, Organization
from accounts.scopes import administered_q
from core.policies import Policy

from .models import FrameworkImport

DISTRICT = Organization.Kind.DISTRICT


class FrameworkImporterPolicy(Policy[Organization]):
    """`import`: the districts a person imports frameworks for (its admins)."""

    model = Organization
    rules = {"import": {"admin": lambda who: administered_q(who) & Q(kind=DISTRICT)}}
    superuser_actions = frozenset({"import"})

    def queryset(
        self, user: Any, action: str, *, union: bool | None = None
    ) -> QuerySet[Organization]:
        return super().queryset(user, action, union=union).filter(kind=DISTRICT)

    def users(self, action: str, obj: Organization) -> QuerySet[Any]:
        found = super().users(action, obj)
        return found if obj.kind == DISTRICT else found.none()

    def exists_for(self, user: Any, action: str) -> bool:
        """A superuser imports even before any district exists."""
        if self._actor_ok(user, action) and self._is_superuser(user, action):
            return True
        return super().exists_for(user, action)


def _district_admin_q() -> Q:
    """Users (a `Q` over the user model) who are an admin of some district."""
    return Q(
        Exists(
            Membership.objects.filter(
                user=OuterRef("pk"),
                role=Membership.Role.ADMIN,
                organization__kind=DISTRICT,
            )
        )
    ) | Q(is_superuser=True)


class FrameworkImportPolicy(Policy[FrameworkImport]):
    """`view` (the preview and report) and `run` (confirm): the author, while an importer."""

    model = FrameworkImport
    rules = {
        "view": {"author": lambda who: Q(created_by=who.at(0))},
        "run": {"author": lambda who: Q(created_by=who.at(0), imported_at__isnull=True)},
    }

    def actor_q(self, action: str) -> Q:
        return Q(is_active=True) & _district_admin_q()


importers = FrameworkImporterPolicy()
imports = FrameworkImportPolicy()


def may_import(user: Any) -> bool:
    """May `user` import frameworks (for at least one district)?"""
    return importers.exists_for(user, "import")
