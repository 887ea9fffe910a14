"""Who may import a district's roster: its district admins, and superusers.

One policy, over districts, asked by every door: the console upload, the REST pull's
settings page and `manage.py import_oneroster --actor` (without `--actor` the operator
at the shell acts, audited as such). A school's admins may not: a roster import
creates and deactivates accounts across the whole district.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.policies import Policy

from ..models import Organization, RosterImport
from ..scopes import administered_q

DISTRICT = Organization.Kind.DISTRICT


class RosterImportPolicy(Policy[Organization]):
    """The districts whose roster a user may import (action "administer")."""

    model = Organization
    rules = {"administer": {"district admin": lambda who: Q(kind=DISTRICT) & administered_q(who)}}
    superuser_actions = frozenset({"administer"})

    def queryset(
        self, user: Any, action: str, *, union: bool | None = None
    ) -> QuerySet[Organization]:
        # Superusers too import into districts only.
        return super().queryset(user, action, union=union).filter(kind=DISTRICT)

    def users(self, action: str, obj: Organization) -> QuerySet[Any]:
        found = super().users(action, obj)
        return found if obj.kind == DISTRICT else found.none()


roster_imports = RosterImportPolicy()


def may_import(user: Any, district: Organization) -> bool:
    return roster_imports.allows(user, "administer", district)


def imports_visible_to(user: Any) -> QuerySet[RosterImport]:
    """The imports of the districts `user` may import into."""
    return RosterImport.objects.filter(
        district__in=roster_imports.queryset(user, "administer").values("pk")
    )
