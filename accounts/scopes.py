"""Scopes: which organizations a person administers, coaches in, belongs to, which
sections they teach; and the district of an organization. Written once, here.

Two meanings, used everywhere:

- **administers** an organization: an admin membership of it, or of the district it is
  a school of. An employer's or a college's admin administers that organization only.
- **the district of** an organization: a district is its own; a school's is its
  parent; an employer, college or association belongs to none. Its **home** is its
  district where it has one, else itself (an employer is its own home).

Each scope comes two ways: as a `Q` for access-policy rules (taking `who`, the user as
`core.policies.Who`, and `depth`, how many subqueries below the policy's model the
`Q` is used), and as a plain function for Python callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.policies import Who, as_who

from .models import Membership, Organization, Placement, Section, User

Role = Membership.Role
SCHOOL = Organization.Kind.SCHOOL
DISTRICT = Organization.Kind.DISTRICT
# Organizations with schools and classrooms: where modules, coaching and student
# evidence live. Employers, colleges and associations endorse, agree credit, mentor.
EDUCATION_KINDS = (DISTRICT, SCHOOL)


# The district of an organization ---------------------------------------------------------


def district_id_of(org: Organization) -> int | None:
    """The primary key of `org`'s district: itself, a school's parent, or None."""
    if org.kind == DISTRICT:
        return org.pk
    if org.kind == SCHOOL:
        return org.parent_id
    return None


def home_id_of(org: Organization) -> int:
    """`org`'s district where it has one, else `org` itself (an employer's home is itself)."""
    district = district_id_of(org)
    return district if district is not None else org.pk


def home_of(org: Organization) -> Organization:
    if org.kind == SCHOOL and org.parent_id:
        return org.parent
    return org


def organizations_in_home_of(org: Organization) -> QuerySet[Organization]:
    """`org`'s home and, for a district, its schools."""
    home = home_id_of(org)
    return Organization.objects.filter(Q(pk=home) | Q(parent_id=home, kind=SCHOOL))


# Helpers for rules ---------------------------------------------------------------------


def _field(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def _org_id(path: str) -> str:
    return f"{path}_id" if path else "pk"


def memberships(who: Who | Any, roles: Iterable[str] | None = None, *, depth: int = 0):
    """The user's memberships (with `roles`), as a subquery one level below `depth`."""
    who = as_who(who)
    qs = Membership.objects.filter(user=who.at(depth + 1))
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs


# Administers --------------------------------------------------------------------------


def administered_q(who: Who | Any, path: str = "", *, depth: int = 0) -> Q:
    """Rows whose organization (at `path`; "" for an Organization itself) the user
    administers: an admin of it, or of the district it is a school of."""
    admin_of = memberships(who, [Role.ADMIN], depth=depth).values("organization_id")
    return Q(**{f"{_org_id(path)}__in": admin_of}) | Q(
        **{_field(path, "kind"): SCHOOL, f"{_field(path, 'parent_id')}__in": admin_of}
    )


def organizations_administered(user: User) -> QuerySet[Organization]:
    """Every organization `user` administers (their own, and their districts' schools)."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(administered_q(user))


def districts_administered(user: User) -> QuerySet[Organization]:
    """The districts `user` is an admin of."""
    return organizations_administered(user).filter(kind=DISTRICT)


def administers(user: User, org: Organization) -> bool:
    """Does `user` administer `org` (an admin of it or of its district)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    orgs = {org.pk}
    if org.kind == SCHOOL and org.parent_id:
        orgs.add(org.parent_id)
    return Membership.objects.filter(user=user, role=Role.ADMIN, organization_id__in=orgs).exists()


# Belongs to the same district ----------------------------------------------------------


def in_home_q(
    who: Who | Any, path: str = "", *, roles: Iterable[str] | None = None, depth: int = 0
) -> Q:
    """Rows whose organization (at `path`) is in the home of one of the user's
    memberships (with `roles`): the same district (the district or any of its
    schools), or the same employer or college."""
    org, parent = OuterRef(_org_id(path)), OuterRef(_field(path, "parent_id"))
    found = memberships(who, roles, depth=depth).filter(
        Q(organization_id=org)
        | Q(organization_id=parent)
        | Q(organization__parent_id=org)
        | Q(organization__parent_id=parent)
    )
    return Q(Exists(found))


def belongs_to_home_of(
    user: User, org: Organization, *, roles: Iterable[str] | None = None
) -> bool:
    """Is `user` a member (with `roles`) of `org`'s home: its district or any of that
    district's schools, or the employer or college itself?"""
    qs = Membership.objects.filter(user=user, organization__in=organizations_in_home_of(org))
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs.exists()


def home_ids_of(user: User, roles: Iterable[str] | None = None) -> set[int]:
    """The homes (districts, or employers and colleges) of `user`'s memberships."""
    qs = Membership.objects.filter(user=user)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return {
        parent if kind == SCHOOL and parent else org
        for org, kind, parent in qs.values_list(
            "organization_id", "organization__kind", "organization__parent_id"
        )
    }


def has_role(user: User, roles: Iterable[str]) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, role__in=list(roles)).exists()
    )


# What a district may take as its own --------------------------------------------------


def _in_district_q(district_id: int) -> Q:
    """Memberships of the district or of one of its schools."""
    return Q(organization_id=district_id) | Q(
        organization__parent_id=district_id, organization__kind=SCHOOL
    )


def district_claimable_q(district_id: int) -> Q:
    """Users a district's sign-in provider or roster may take as its own person: not
    staff, not a superuser, and no membership of an organization outside the district
    and its schools. (A district's admins control their provider and their roster; an
    account looked after elsewhere is never theirs to sign in as or take over.)"""
    outside = Membership.objects.filter(user_id=OuterRef("pk")).exclude(_in_district_q(district_id))
    return Q(is_staff=False, is_superuser=False) & ~Q(Exists(outside))


def district_may_claim(district: Organization | int, user: User) -> bool:
    """May `district`'s sign-in provider or roster take `user` as its own person? (See
    `district_claimable_q`.)"""
    district_id = district if isinstance(district, int) else district.pk
    if user.is_staff or user.is_superuser:
        return False
    return not (Membership.objects.filter(user=user).exclude(_in_district_q(district_id)).exists())


# Coaches ------------------------------------------------------------------------------


def coached_q(who: Who | Any, path: str = "", *, depth: int = 0) -> Q:
    """Rows whose organization (at `path`) the user coaches in: a coach membership of
    it, or of the district it is a school of."""
    coach_of = memberships(who, [Role.COACH], depth=depth).values("organization_id")
    return Q(**{f"{_org_id(path)}__in": coach_of}) | Q(
        **{_field(path, "kind"): SCHOOL, f"{_field(path, 'parent_id')}__in": coach_of}
    )


def organizations_coached(user: User) -> QuerySet[Organization]:
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(coached_q(user))


# Teaches ------------------------------------------------------------------------------


def sections_taught(user: User) -> QuerySet[Section]:
    return Section.objects.filter(teachers=user)


def teaches(user: User, student: User) -> bool:
    """`student` sits in one of `user`'s sections."""
    return Section.objects.filter(teachers=user, students=student).exists()


def students_taught_q(who: Who | Any, field: str = "pk", *, depth: int = 0) -> Q:
    """Rows whose user at `field` sits in one of the user's sections."""
    enrolled = Section.students.through.objects.filter(
        section__teachers=as_who(who).at(depth + 1)
    ).values("user_id")
    return Q(**{f"{field}__in": enrolled})


# Placements ---------------------------------------------------------------------------


def current_placements() -> Q:
    """Placements under way today (started, not ended)."""
    today = timezone.localdate()
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def placed_with_q(who: Who | Any, field: str, *, as_: str, depth: int = 0) -> Q:
    """Rows whose user at `field` is placed, today, with the user as their `as_`
    ("mentor" or "supervisor")."""
    placed = Placement.objects.filter(
        current_placements(), **{as_: as_who(who).at(depth + 1)}
    ).values("student_id")
    return Q(**{f"{field}__in": placed})


__all__ = [
    "EDUCATION_KINDS",
    "administered_q",
    "administers",
    "belongs_to_home_of",
    "coached_q",
    "current_placements",
    "district_id_of",
    "districts_administered",
    "has_role",
    "home_id_of",
    "home_ids_of",
    "home_of",
    "in_home_q",
    "memberships",
    "organizations_administered",
    "organizations_coached",
    "organizations_in_home_of",
    "placed_with_q",
    "sections_taught",
    "students_taught_q",
    "teaches",
]
