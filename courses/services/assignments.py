"""Cohorts and module assignments: a district's admins name a group of educators and
assign a published module to a school's teachers, a section's teachers or a cohort."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, Section, User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..models import Cohort, Module, ModuleAssignment
from .base import CourseError


def cohort_create(
    *, actor: User, organization: Organization, name: str, members: Sequence[User]
) -> Cohort:
    """A named group of the organization's educators, to assign modules to."""
    if not permissions.can_assign(actor, organization):
        raise Forbidden("Only district admins make cohorts.")
    if not name.strip():
        raise CourseError("A cohort needs a name.")
    with transaction.atomic():
        cohort = Cohort.objects.create(organization=organization, name=name.strip())
        cohort.members.set(members)
        audit_record(
            actor=actor,
            action=AuditAction.COHORT_CREATE,
            target=cohort,
            data={"members": len(members)},
        )
    return cohort


def _may_assign_to(
    actor: User, school: Organization | None, section: Section | None, cohort: Cohort | None
) -> bool:
    if cohort is not None:
        return permissions.cohorts.allows(actor, "assign", cohort)
    return permissions.can_assign(actor, school if school is not None else section.school)


def assignment_create(
    *,
    actor: User,
    module: Module,
    school: Organization | None = None,
    section: Section | None = None,
    cohort: Cohort | None = None,
    due_on: date | None = None,
) -> ModuleAssignment:
    """Assign a published module to exactly one school, section or cohort."""
    targets = [t for t in (school, section, cohort) if t is not None]
    if len(targets) != 1:
        raise CourseError("Assign to exactly one school, section or cohort.")
    if module.status != Module.Status.PUBLISHED:
        raise CourseError("Only a published module can be assigned.")
    if not permissions.can_assign_module(actor, module) or not _may_assign_to(
        actor, school, section, cohort
    ):
        raise Forbidden("Only district admins assign modules to their own district.")
    if due_on is not None and due_on < timezone.localdate():
        raise CourseError("The due date is in the past.")
    with transaction.atomic():
        assignment = ModuleAssignment.objects.create(
            family=module.family,
            module=module,
            assigned_by=actor,
            school=school,
            section=section,
            cohort=cohort,
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_ASSIGN,
            target=assignment,
            data={"due_on": str(due_on or "")},
        )
    return assignment
