"""The list filters shared by the pages and the API."""

import pytest
from django.utils import timezone

from coaching.filters import AssignmentFilter, GoalFilter, SessionFilter
from coaching.models import CoachingAssignment, CoachingSession, Goal
from core.errors import NotFound
from tests.coaching.factories import (
    CoachingAssignmentFactory,
    CoachingSessionFactory,
    GoalFactory,
)

pytestmark = pytest.mark.django_db


def test_current_assignments():
    current = CoachingAssignmentFactory()
    ended = CoachingAssignmentFactory(ends_on=timezone.localdate())
    everything = CoachingAssignment.objects.all()
    only_current = AssignmentFilter({"current": "true"}, everything, viewer=current.coach).qs
    assert list(only_current) == [current]
    assert set(AssignmentFilter({}, everything, viewer=current.coach).qs) == {current, ended}
    assert set(AssignmentFilter({"current": "false"}, everything).qs) == {current, ended}


def test_sessions_of_a_teacher_the_viewer_follows():
    session = CoachingSessionFactory()
    other = CoachingSessionFactory()
    everything = CoachingSession.objects.all()
    for viewer in (session.coach, session.teacher):
        found = SessionFilter(
            {"teacher": str(session.teacher.public_id)}, everything, viewer=viewer
        )
        assert list(found.qs) == [session]
    with pytest.raises(NotFound):
        list(
            SessionFilter(
                {"teacher": str(other.teacher.public_id)}, everything, viewer=session.coach
            ).qs
        )
    bad = SessionFilter({"teacher": "not-an-id"}, everything, viewer=session.coach)
    assert not bad.is_valid()


def test_goals_by_teacher_and_status():
    goal = GoalFactory()
    GoalFactory(teacher=goal.teacher, coach=goal.coach, status=Goal.Status.MET)
    everything = Goal.objects.all()
    mine = {"teacher": str(goal.teacher.public_id), "status": "not_started"}
    assert list(GoalFilter(mine, everything, viewer=goal.coach).qs) == [goal]
    stranger = GoalFactory().coach
    with pytest.raises(NotFound):
        list(GoalFilter(mine, everything, viewer=stranger).qs)
    assert not GoalFilter({"status": "abandoned"}, everything, viewer=goal.coach).is_valid()
