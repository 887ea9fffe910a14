"""Access policies for modules, exemplars, cohorts, assignments and enrollments (see
`core.policies`). Each rule is written once, as a `Q`; the predicates below are names
for what pages, the API, the admin, the services and the menu ask.

- **Authoring** (modules and exemplars: writing, editing, publishing, retiring,
  reviewing proposed exemplars) happens only in districts and their schools
  (`accounts.scopes.EDUCATION_KINDS`), by those who administer the organization (an
  admin of it or of its district) and by coaches anywhere in its district. An
  employer's, a college's or an association's admin authors nothing. Superusers author
  in every district and school.
- **Assigning** modules to a school's teachers, a section's teachers or a cohort, and
  reading who has started and finished them (the assignment report), is for those who
  administer the district (superusers: every district and school).
- A published module version is for everyone signed in (the library); a draft for its
  authors; a retired version for its authors and those who started it.
- A published exemplar is for everyone signed in; an unpublished one for the teacher
  who proposed it and the authors of its district. A teacher proposes an exemplar only
  from their own evidence for an educator badge, never a minor.
- An enrollment is its learner's own; the admins who assign its module read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from accounts.models import Membership, Organization, Section, User
from accounts.scopes import EDUCATION_KINDS, administered_q, home_id_of, in_home_q, memberships
from badges.models import BadgeClass
from core.policies import Policy, Rule, Who
from evidence.models import Submission

from .models import Cohort, Enrollment, Exemplar, Module, ModuleAssignment

if TYPE_CHECKING:
    from django.db.models import QuerySet

Role = Membership.Role


# Rules every policy here is made of ------------------------------------------------------


def _kind(path: str) -> str:
    return f"{path}__kind" if path else "kind"


def _in_education(path: str) -> Q:
    """Rows whose organization (at `path`) is a district or a school."""
    return Q(**{f"{_kind(path)}__in": EDUCATION_KINDS})


def _superuser_q(who: Who) -> Q:
    """The user is an active superuser (the rows do not matter)."""
    return Q(Exists(User.objects.filter(pk=who.at(1), is_superuser=True, is_active=True)))


def authoring_rules(path: str) -> dict[str, Rule]:
    """Rows whose organization (at `path`) the user authors for: a district or school
    they administer, or one in the district where they coach."""
    return {
        "admin": lambda who: _in_education(path) & administered_q(who, path),
        "coach": lambda who: _in_education(path) & in_home_q(who, path, roles=[Role.COACH]),
        "superuser": lambda who: _in_education(path) & _superuser_q(who),
    }


def assigning_rules(path: str) -> dict[str, Rule]:
    """Rows whose organization (at `path`) the user assigns modules in: a district or
    school they administer."""
    return {
        "admin": lambda who: _in_education(path) & administered_q(who, path),
        "superuser": lambda who: _in_education(path) & _superuser_q(who),
    }


def _published_module(who: Who) -> Q:
    return Q(status=Module.Status.PUBLISHED)


# Policies -------------------------------------------------------------------------------


class OrganizationPolicy(Policy[Organization]):
    """Where a person authors modules and exemplars, and where they assign modules."""

    model = Organization
    rules = {"author": authoring_rules(""), "assign": assigning_rules("")}


class ModulePolicy(Policy[Module]):
    """`browse`: the library; `view`: a version's pages; `author`: edit, preview,
    publish, retire, start a new version; `assign`: assign it (once published)."""

    model = Module
    rules = {
        "browse": {"published": _published_module},
        "view": {
            "published": _published_module,
            **authoring_rules("organization"),
            "started": lambda who: Q(
                Exists(Enrollment.objects.filter(module=OuterRef("pk"), learner=who.at(1)))
            ),
        },
        "author": authoring_rules("organization"),
        "assign": assigning_rules("organization"),
    }


class ExemplarPolicy(Policy[Exemplar]):
    """`view`: read it and download its files; `review`: publish or decline it."""

    model = Exemplar
    rules = {
        "view": {
            "published": lambda who: Q(status=Exemplar.Status.PUBLISHED),
            "proposer": lambda who: Q(proposed_by=who.at(0)),
            **authoring_rules("organization"),
        },
        "review": authoring_rules("organization"),
    }


class ExemplarSourcePolicy(Policy[Submission]):
    """The evidence a teacher may propose as an exemplar (once approved): their own, for
    an educator badge, and never a minor's."""

    model = Submission
    rules = {
        "propose": {
            "teacher": lambda who: Q(
                earner=who.at(0),
                earner__is_minor=False,
                badge_class__audience=BadgeClass.Audience.EDUCATOR,
            ),
        },
    }


class CohortPolicy(Policy[Cohort]):
    """`assign`: assign modules to the cohort (and see it among the groups offered)."""

    model = Cohort
    rules = {"assign": assigning_rules("organization")}


class ModuleAssignmentPolicy(Policy[ModuleAssignment]):
    """`report`: read who has started and finished; `take`: the assignment reaches the
    user (a teacher of the school, a teacher of the section, a member of the cohort)."""

    model = ModuleAssignment
    rules = {
        "report": assigning_rules("module__organization"),
        "take": {
            "school teacher": lambda who: Q(
                school_id__in=memberships(who, [Role.TEACHER]).values("organization_id")
            ),
            "section teacher": lambda who: Q(
                section_id__in=Section.teachers.through.objects.filter(user=who.at(1)).values(
                    "section_id"
                )
            ),
            "cohort member": lambda who: Q(
                cohort_id__in=Cohort.members.through.objects.filter(user=who.at(1)).values(
                    "cohort_id"
                )
            ),
        },
    }


class EnrollmentPolicy(Policy[Enrollment]):
    """`own`: the learner works through it; `report`: the admins who assign its module
    read it."""

    model = Enrollment
    rules = {
        "own": {"learner": lambda who: Q(learner=who.at(0))},
        "report": assigning_rules("module__organization"),
    }


organizations = OrganizationPolicy()
modules = ModulePolicy()
exemplars = ExemplarPolicy()
exemplar_sources = ExemplarSourcePolicy()
cohorts = CohortPolicy()
assignments = ModuleAssignmentPolicy()
enrollments = EnrollmentPolicy()


# Predicates and scopes -----------------------------------------------------------------


def can_author(user: User, organization: Organization) -> bool:
    """May `user` author modules and exemplars for `organization`?"""
    return organizations.allows(user, "author", organization)


def authoring_organizations(user: User) -> QuerySet[Organization]:
    """The districts and schools `user` authors for."""
    return organizations.queryset(user, "author")


def authoring_districts(user: User) -> list[Organization]:
    """The districts `user` writes new modules and exemplars in, by name."""
    return list(authoring_organizations(user).filter(kind=Organization.Kind.DISTRICT))


def can_author_anywhere(user: User) -> bool:
    """Does any authoring page open for `user` (the menu's "Author")?"""
    return organizations.exists_for(user, "author")


def can_assign(user: User, organization: Organization) -> bool:
    """May `user` assign modules to groups of `organization` (and make its cohorts)?"""
    return organizations.allows(user, "assign", organization)


def _districts_assigned_in(user: User) -> QuerySet[Organization]:
    return organizations.queryset(user, "assign").filter(kind=Organization.Kind.DISTRICT)


def assigning_districts(user: User) -> list[Organization]:
    """The districts `user` assigns modules in, by name: the assignment pages' scope."""
    return list(_districts_assigned_in(user).order_by("name"))


def can_assign_anywhere(user: User) -> bool:
    """Do the assignment pages (assignments, new cohort) open for `user`?"""
    return _districts_assigned_in(user).exists()


def can_view_module(user: User, module: Module) -> bool:
    return modules.allows(user, "view", module)


def can_edit_module(user: User, module: Module) -> bool:
    return modules.allows(user, "author", module)


def can_assign_module(user: User, module: Module) -> bool:
    return modules.allows(user, "assign", module)


def can_read_report(user: User, assignment: ModuleAssignment) -> bool:
    return assignments.allows(user, "report", assignment)


def can_view_exemplar(user: User, exemplar: Exemplar) -> bool:
    return exemplars.allows(user, "view", exemplar)


def can_review_exemplar(user: User, exemplar: Exemplar) -> bool:
    """Publish or decline it."""
    return exemplars.allows(user, "review", exemplar)


def can_propose_from(user: User, submission: Submission) -> bool:
    """May `user` propose an exemplar from `submission` (once it is approved)?"""
    return exemplar_sources.allows(user, "propose", submission)


def owns_enrollment(user: User, enrollment: Enrollment) -> bool:
    return enrollments.allows(user, "own", enrollment)


def is_local_badge(badge: BadgeClass, organization: Organization) -> bool:
    """Is `badge` issued in `organization`'s home (its district and the district's
    schools)? A module leads to, and awards, only badges of its own district."""
    return home_id_of(badge.issuer.organization) == home_id_of(organization)
