"""Caseloads: a coach's current caseload and dashboard, the assignments a person may
see, and the caseloads page of a school's or district's admins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Membership, Organization, User
from evidence.selectors import review_queue

from .. import permissions
from ..filters import AssignmentFilter
from ..models import CoachingAssignment, CoachingSession, Goal

HISTORY_PAGE_SIZE = 50
PEOPLE = ("coach", "teacher", "school")


def current_caseload(*, coach: User) -> QuerySet[CoachingAssignment]:
    """The assignments that make up `coach`'s current caseload."""
    return CoachingAssignment.objects.filter(permissions.caseload_q(coach)).select_related(
        "teacher", "school"
    )


def caseload_assignment(*, coach: User, teacher_id: uuid.UUID) -> CoachingAssignment | None:
    """The current assignment of the teacher (by public id) on `coach`'s caseload."""
    return current_caseload(coach=coach).filter(teacher__public_id=teacher_id).first()


def assignment_history(*, teacher: User) -> QuerySet[CoachingAssignment]:
    """Every coach `teacher` has had, newest first."""
    return CoachingAssignment.objects.filter(teacher=teacher).select_related(*PEOPLE)


def visible_assignments(*, viewer: User) -> QuerySet[CoachingAssignment]:
    """A coach's current caseload, a teacher's own history, and, for the admins of a
    school or district, every assignment at its schools; newest first."""
    return (
        permissions.assignments.queryset(viewer, "view")
        .select_related(*PEOPLE)
        .order_by("-starts_on", "-pk")
    )


def manageable_assignment(*, admin: User, public_id: uuid.UUID) -> CoachingAssignment | None:
    return (
        permissions.assignments.queryset(admin, "manage")
        .select_related(*PEOPLE)
        .filter(public_id=public_id)
        .first()
    )


# The caseload dashboard -------------------------------------------------------------------


@dataclass
class CaseloadRow:
    assignment: CoachingAssignment
    teacher: User
    last_contact: date | None
    next_follow_up: date | None
    overdue: bool
    open_goals: int
    waiting_review: int


@dataclass
class CaseloadDashboard:
    today: date
    rows: list[CaseloadRow] = field(default_factory=list)

    @property
    def waiting_total(self) -> int:
        return sum(r.waiting_review for r in self.rows)


def caseload_dashboard(*, coach: User) -> CaseloadDashboard:
    """One row per teacher on the caseload, in a fixed number of queries."""
    today = timezone.localdate()
    assignments = list(current_caseload(coach=coach).order_by("teacher__name", "teacher__email"))
    teacher_ids = [a.teacher_id for a in assignments]
    contacts = {
        r["teacher_id"]: r
        for r in CoachingSession.objects.filter(coach=coach, teacher_id__in=teacher_ids)
        .values("teacher_id")
        .annotate(
            last=Max("held_on"),
            follow=Min("follow_up_on", filter=Q(follow_up_on__gte=today)),
            overdue=Max("follow_up_on", filter=Q(follow_up_on__lt=today)),
        )
    }
    goals = dict(
        Goal.objects.filter(teacher_id__in=teacher_ids)
        .exclude(status__in=[Goal.Status.MET, Goal.Status.SET_ASIDE])
        .values("teacher_id")
        .annotate(n=Count("pk"))
        .values_list("teacher_id", "n")
    )
    waiting = dict(
        review_queue(user=coach)
        .filter(earner_id__in=teacher_ids)
        .order_by()
        .values("earner_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("earner_id", "n")
    )
    dashboard = CaseloadDashboard(today=today)
    for a in assignments:
        c = contacts.get(a.teacher_id, {})
        last = c.get("last")
        overdue_date = c.get("overdue")
        # A follow-up is overdue when its date passed with no session held since.
        overdue = bool(overdue_date and (last is None or last < overdue_date))
        dashboard.rows.append(
            CaseloadRow(
                assignment=a,
                teacher=a.teacher,
                last_contact=last,
                next_follow_up=overdue_date if overdue else c.get("follow"),
                overdue=overdue,
                open_goals=goals.get(a.teacher_id, 0),
                waiting_review=waiting.get(a.teacher_id, 0),
            )
        )
    return dashboard


# The caseloads page (school and district admins) --------------------------------------------


@dataclass
class CaseloadChoices:
    """Whom the admin may put on a caseload, where, with whom."""

    schools: list[Organization]
    teachers: list[User]
    coaches: list[User]


def _members(orgs: QuerySet[Organization], role: str) -> list[User]:
    member = Membership.objects.filter(user=OuterRef("pk"), organization__in=orgs, role=role)
    return list(User.objects.filter(Exists(member), is_active=True).order_by("name", "email"))


def caseload_choices(*, admin: User) -> CaseloadChoices:
    """The schools whose caseloads `admin` manages, and their teachers and coaches."""
    orgs = permissions.caseloads.queryset(admin, "manage")
    return CaseloadChoices(
        schools=list(orgs.filter(kind=Organization.Kind.SCHOOL).order_by("name")),
        teachers=_members(orgs, Membership.Role.TEACHER),
        coaches=_members(orgs, Membership.Role.COACH),
    )


@dataclass
class CaseloadOverview:
    """The current assignments at the admin's schools, and a page of the ended ones."""

    current: list[CoachingAssignment]
    ended: Page


def caseload_overview(*, admin: User, page: str | int | None = None) -> CaseloadOverview:
    managed = permissions.assignments.queryset(admin, "manage").select_related(
        *PEOPLE, "assigned_by", "ended_by"
    )
    current = AssignmentFilter({"current": True}, managed, viewer=admin).qs.order_by(
        "school__name", "coach__name", "teacher__name", "-starts_on", "-pk"
    )
    ended = managed.filter(ends_on__isnull=False).order_by("-ends_on", "-pk")
    return CaseloadOverview(
        current=list(current),
        ended=Paginator(ended, HISTORY_PAGE_SIZE).get_page(page),
    )
