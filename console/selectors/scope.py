"""What every dashboard section is about: one district (its own row and its schools),
a date range, the district's threshold and review target, and its people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization
from accounts.scopes import organizations_in_home_of


@dataclass(frozen=True)
class Scope:
    district: Organization
    start: date
    end: date  # inclusive
    threshold: int
    target_days: int
    org_ids: tuple[int, ...]  # the district and its schools
    org_labels: dict[int, str]
    now: datetime

    @property
    def since(self) -> datetime:
        """The first instant of the range (local midnight of `start`)."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first instant after the range (local midnight after `end`)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def in_range(self, field: str) -> dict[str, datetime]:
        """Lookups for a datetime `field` within the range."""
        return {f"{field}__gte": self.since, f"{field}__lt": self.until}

    def in_date_range(self, field: str) -> dict[str, date]:
        return {f"{field}__gte": self.start, f"{field}__lte": self.end}

    @property
    def overdue_before(self) -> datetime:
        return self.now - timedelta(days=self.target_days)

    def memberships(self) -> QuerySet[Membership]:
        """One membership per person and organization of the district (a teacher who is
        also a coach at a school counts once there): the rows "by school" groups by."""
        first = (
            Membership.objects.filter(organization_id__in=self.org_ids)
            .order_by()
            .values("user", "organization")
            .annotate(first=Min("pk"))
            .values("first")
        )
        return Membership.objects.filter(pk__in=first)

    def people(self) -> QuerySet[Membership]:
        """The user ids of the district's people: anyone with a membership in it."""
        return Membership.objects.filter(organization_id__in=self.org_ids).values("user_id")


def scope_for(
    district: Organization,
    *,
    start: date,
    end: date,
    threshold: int,
    target_days: int,
) -> Scope:
    """The scope of one district's dashboard (one query: its organizations)."""
    labels: dict[int, str] = {}
    for pk, name in organizations_in_home_of(district).values_list("pk", "name"):
        labels[pk] = _("%(name)s (district staff)") % {"name": name} if pk == district.pk else name
    return Scope(
        district=district,
        start=start,
        end=end,
        threshold=threshold,
        target_days=target_days,
        org_ids=tuple(labels),
        org_labels=labels,
        now=timezone.now(),
    )
