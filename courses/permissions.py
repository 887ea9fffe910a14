"""Who may author, see and assign modules and exemplars. Predicates only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import Membership
from accounts.scopes import administers, district_id_of

if TYPE_CHECKING:
    from accounts.models import Organization, User

    from .models import Exemplar, Module


def _district(org: Organization) -> int | None:
    return district_id_of(org)


def is_coach_in(user: User, org: Organization) -> bool:
    """A coach at the organization, its district, or any school of its district."""
    if not user.is_authenticated:
        return False
    district = _district(org)
    orgs = {org.pk} | ({district} if district else set())
    return Membership.objects.filter(user=user, role=Membership.Role.COACH).filter(
        organization_id__in=orgs
    ).exists() or (
        district is not None
        and Membership.objects.filter(
            user=user, role=Membership.Role.COACH, organization__parent_id=district
        ).exists()
    )


def can_author(user: User, org: Organization) -> bool:
    """District admins and coaches author modules and exemplars; teachers do not."""
    return user.is_authenticated and (
        (user.is_superuser or administers(user, org)) or is_coach_in(user, org)
    )


def can_view_module(user: User, module: Module, *, enrolled: bool = False) -> bool:
    """Published modules are for everyone signed in; drafts only for their authors;
    retired versions for those who started them."""
    if module.status == module.Status.PUBLISHED:
        return user.is_authenticated
    if module.status == module.Status.RETIRED and enrolled:
        return True
    return can_author(user, module.organization)


def can_assign(user: User, org: Organization) -> bool:
    return user.is_superuser or administers(user, org)


def can_publish_exemplar(user: User, exemplar: Exemplar) -> bool:
    return can_author(user, exemplar.organization)


def authorable_org_ids(user: User) -> set[int]:
    """Districts (and their schools) where `user` is an admin or a coach: one query each."""
    from accounts.models import Organization

    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Organization.objects.values_list("pk", flat=True))
    districts: set[int] = set()
    for org_id, kind, parent_id in Membership.objects.filter(
        user=user, role__in=[Membership.Role.ADMIN, Membership.Role.COACH]
    ).values_list("organization_id", "organization__kind", "organization__parent_id"):
        districts.add(parent_id if kind == Organization.Kind.SCHOOL and parent_id else org_id)
    schools = Organization.objects.filter(parent_id__in=districts).values_list("pk", flat=True)
    return districts | set(schools)
