"""What the two teacher pages show: the coach's page about a teacher on their caseload,
and the teacher's own "My coaching". Each is read in a fixed number of queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import QueryDict

from accounts.models import User
from core.pagination import KeysetPage
from evidence.models import Submission
from evidence.selectors import review_queue

from .. import permissions
from ..models import CoachingAssignment, Recommendation
from .caseloads import assignment_history, caseload_assignment
from .goals import GoalProgress, goals_with_progress
from .recommendations import open_recommendations
from .sessions import sessions_for_teacher_page


@dataclass
class CoachTeacherPage:
    """A teacher on the coach's current caseload: their goals, the coach's own sessions
    with them (with the coach's private notes), what waits on the coach's review, the
    modules they were recommended and the coaches they have had."""

    assignment: CoachingAssignment
    teacher: User
    goals: list[GoalProgress]
    sessions: KeysetPage  # of SessionView
    waiting: list[Submission]
    recommendations: list[Recommendation]
    history: list[CoachingAssignment]


def coach_teacher_page(
    *, coach: User, teacher_id: uuid.UUID, data: QueryDict | None = None
) -> CoachTeacherPage | None:
    """None unless the teacher (by public id) is on `coach`'s current caseload. The
    sessions are the page `data`'s cursor points at."""
    assignment = caseload_assignment(coach=coach, teacher_id=teacher_id)
    if assignment is None:
        return None
    teacher = assignment.teacher
    return CoachTeacherPage(
        assignment=assignment,
        teacher=teacher,
        goals=goals_with_progress(viewer=coach, teacher=teacher),
        sessions=sessions_for_teacher_page(viewer=coach, teacher=teacher, data=data),
        waiting=waiting_on(coach=coach, teacher=teacher),
        recommendations=list(open_recommendations(teacher=teacher)),
        history=list(assignment_history(teacher=teacher)),
    )


def waiting_on(*, coach: User, teacher: User) -> list[Submission]:
    """`teacher`'s submissions waiting on `coach`'s review."""
    return list(review_queue(user=coach).filter(earner=teacher))


@dataclass
class MyCoachingPage:
    """The teacher's own coaching: their coach, goals, sessions with shared notes only
    (private notes never leave the database for them) and open recommendations."""

    coach: User | None
    goals: list[GoalProgress]
    sessions: KeysetPage  # of SessionView
    recommendations: list[Recommendation]


def my_coaching_page(*, teacher: User, data: QueryDict | None = None) -> MyCoachingPage:
    history = permissions.assignments.queryset(teacher, "history").select_related("coach")
    current = next((a for a in history if a.ends_on is None), None)
    return MyCoachingPage(
        coach=current.coach if current else None,
        goals=goals_with_progress(viewer=teacher, teacher=teacher),
        sessions=sessions_for_teacher_page(viewer=teacher, teacher=teacher, data=data),
        recommendations=list(open_recommendations(teacher=teacher)),
    )
