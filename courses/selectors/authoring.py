"""Reads for the authoring pages: the modules a person authors, and the choices their
forms offer (badges, competencies, groups to assign to, cohort members)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import Membership, Organization, Section, User
from accounts.scopes import district_id_of, organizations_in_home_of
from badges.models import BadgeClass
from competencies.models import Competency
from evidence.models import ApprovalPolicy

from .. import permissions
from ..models import Cohort, Module
from .modules import ORDERED_STEPS


def modules_authored(*, user: User) -> QuerySet[Module]:
    """Every version of the modules `user` authors, by title, newest version first."""
    return (
        permissions.modules.queryset(user, "author")
        .select_related("organization", "author")
        .order_by("title", "-version")
    )


def authoring_list(*, user: User) -> QuerySet[Module]:
    """`modules_authored` with each version's number of learners."""
    return modules_authored(user=user).annotate(learners=Count("enrollments"))


def module_for_author(
    *, user: User, public_id: uuid.UUID | str, steps: bool = False
) -> Module | None:
    """A module version `user` authors (with its steps, questions and competencies)."""
    qs = modules_authored(user=user).select_related("leads_to", "participation_badge")
    if steps:
        qs = qs.prefetch_related(ORDERED_STEPS, "competencies__framework")
    return qs.filter(public_id=public_id).first()


def all_competencies() -> list[Competency]:
    """Every competency, by framework, for the authoring forms' choices."""
    return list(
        Competency.objects.select_related("framework").order_by(
            "framework__title", "list_order", "code", "pk"
        )
    )


def module_badge_choices(
    *, organizations: QuerySet[Organization] | Iterable[int], module: Module | None = None
) -> list[BadgeClass]:
    """Active badges issued in `organizations` (and those `module` has now), by name,
    each with `takes_evidence` (it has an approval policy)."""
    current = Q(pk__in=[module.leads_to_id, module.participation_badge_id]) if module else Q()
    return list(
        BadgeClass.objects.filter(
            Q(issuer__organization__in=organizations, status=BadgeClass.Status.ACTIVE) | current
        )
        .select_related("issuer__organization")
        .annotate(takes_evidence=Exists(ApprovalPolicy.objects.filter(badge_class=OuterRef("pk"))))
        .order_by("name")
    )


def badges_for_new_module(*, user: User) -> list[BadgeClass]:
    return module_badge_choices(organizations=permissions.authoring_organizations(user))


def badges_for_module(*, module: Module) -> list[BadgeClass]:
    """The badges of the module's district (and its schools), and its own."""
    return module_badge_choices(
        organizations=organizations_in_home_of(module.organization), module=module
    )


# Assigning -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentTargets:
    """What `user` may assign modules to: schools, sections, cohorts."""

    schools: list[Organization]
    sections: list[Section]
    cohorts: list[Cohort]


def assignment_targets(*, user: User) -> AssignmentTargets:
    schools = (
        permissions.organizations.queryset(user, "assign")
        .filter(kind=Organization.Kind.SCHOOL)
        .order_by("name")
    )
    sections = (
        Section.objects.filter(school__in=schools.values("pk"))
        .select_related("school")
        .order_by("school__name", "name")
    )
    cohorts = permissions.cohorts.queryset(user, "assign").order_by("name")
    return AssignmentTargets(schools=list(schools), sections=list(sections), cohorts=list(cohorts))


def assignable_modules(*, user: User, districts: Sequence[Organization]) -> list[Module]:
    """Published modules of `districts` that `user` may assign."""
    return list(
        permissions.modules.queryset(user, "assign")
        .filter(status=Module.Status.PUBLISHED, organization__in=districts)
        .order_by("title", "-version")
    )


@dataclass
class CohortCandidate:
    """A teacher or coach of the districts' schools: where they work, and in which
    districts."""

    user: User
    where: list[str] = field(default_factory=list)
    districts: set[int] = field(default_factory=set)


def cohort_candidates(*, districts: Sequence[Organization]) -> list[CohortCandidate]:
    """The teachers and coaches of `districts` (and their schools), by name."""
    ids = [d.pk for d in districts]
    homes = Q(organization_id__in=ids) | Q(
        organization__parent_id__in=ids, organization__kind=Organization.Kind.SCHOOL
    )
    people: dict[int, CohortCandidate] = {}
    for m in (
        Membership.objects.filter(role__in=[Membership.Role.TEACHER, Membership.Role.COACH])
        .filter(homes)
        .select_related("user", "organization")
        .order_by("user__name", "user__email", "organization__name")
    ):
        row = people.setdefault(m.user_id, CohortCandidate(user=m.user))
        row.where.append(f"{m.get_role_display()}, {m.organization.name}")
        row.districts.add(district_id_of(m.organization))
    return list(people.values())
