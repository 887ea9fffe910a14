"""Assignments as the admins who made them read them: the list, and the report of who
has started and who has finished."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Section, User

from .. import permissions
from ..models import Cohort, Enrollment, ModuleAssignment


def assignments_reported(*, user: User) -> QuerySet[ModuleAssignment]:
    """The assignments whose report `user` reads, newest first."""
    return (
        permissions.assignments.queryset(user, "report")
        .select_related("module", "school", "section", "cohort", "assigned_by")
        .order_by("-created_at")
    )


def is_past_due(due_on: date | None) -> bool:
    return due_on is not None and due_on < timezone.localdate()


def assignment_for_report(*, user: User, public_id: uuid.UUID | str) -> ModuleAssignment | None:
    return assignments_reported(user=user).filter(public_id=public_id).first()


def assignment_members(*, assignment: ModuleAssignment) -> QuerySet[User]:
    """Everyone the assignment reaches (the access policy's `take`), by name."""
    return permissions.assignments.users("take", assignment).order_by("name", "email")


@dataclass(frozen=True)
class ReportRow:
    learner: User
    started_at: datetime | None
    completed_at: datetime | None
    overdue: bool

    @property
    def name(self) -> str:
        return self.learner.get_full_name()


@dataclass(frozen=True)
class AssignmentReport:
    """Who has started and who has finished an assignment's module."""

    assignment: ModuleAssignment
    rows: list[ReportRow]

    @property
    def past_due(self) -> bool:
        return is_past_due(self.assignment.due_on)

    @property
    def target(self) -> Organization | Section | Cohort:
        a = self.assignment
        return a.school or a.cohort or a.section

    @property
    def target_kind(self) -> str:
        a = self.assignment
        return str(_("School") if a.school_id else _("Cohort") if a.cohort_id else _("Section"))

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def started(self) -> int:
        return sum(1 for r in self.rows if r.started_at)

    @property
    def finished(self) -> int:
        return sum(1 for r in self.rows if r.completed_at)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def assignment_report(*, assignment: ModuleAssignment) -> AssignmentReport:
    """Who has started and finished, in two queries whatever the group's size."""
    members = list(assignment_members(assignment=assignment))
    enrollments = {
        e.learner_id: e
        for e in Enrollment.objects.filter(
            family=assignment.family, learner_id__in=[m.pk for m in members]
        )
    }
    past_due = is_past_due(assignment.due_on)
    rows = []
    for m in members:
        e = enrollments.get(m.pk)
        completed_at = e.completed_at if e else None
        rows.append(
            ReportRow(
                learner=m,
                started_at=e.started_at if e else None,
                completed_at=completed_at,
                overdue=past_due and completed_at is None,
            )
        )
    return AssignmentReport(assignment=assignment, rows=rows)
