"""Access policies of the console's own pages (see `core.policies`).

- **The district dashboard and the district's settings** belong to a district: its
  admins read the dashboard and change the settings; a superuser may do both for every
  district. A school's admin has neither (a school is not a district), nor does
  anyone for an employer or a college.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Organization
from accounts.scopes import administered_q
from core.policies import Policy

DISTRICT = Organization.Kind.DISTRICT


class DistrictPolicy(Policy[Organization]):
    """A district's dashboard (`view`) and settings (`configure`): its admins."""

    model = Organization
    rules = {
        "view": {"admin": lambda who: administered_q(who) & Q(kind=DISTRICT)},
        "configure": {"admin": lambda who: administered_q(who) & Q(kind=DISTRICT)},
    }
    superuser_actions = frozenset({"view", "configure"})

    # A superuser's reach is every *district*: the rules already ask for one, and these
    # keep the superuser's answers to districts too, so the three answers agree.

    def queryset(
        self, user: Any, action: str, *, union: bool | None = None
    ) -> QuerySet[Organization]:
        return super().queryset(user, action, union=union).filter(kind=DISTRICT)

    def users(self, action: str, obj: Organization) -> QuerySet[Any]:
        found = super().users(action, obj)
        return found if obj.kind == DISTRICT else found.none()


districts = DistrictPolicy()


def dashboard_districts(user: Any) -> QuerySet[Organization]:
    """The districts whose dashboard `user` may read, by name."""
    return districts.queryset(user, "view").order_by("name", "pk")


def can_configure(user: Any, district: Organization) -> bool:
    return districts.allows(user, "configure", district)
