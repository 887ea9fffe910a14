"""Coaching's writes: caseloads, session logs, goals and their moves, action steps,
recommendations; each refuses who may not act."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from coaching import services
from coaching.models import CoachingAssignment, Recommendation
from core.errors import InvalidTransition
from core.models import AuditEntry
from core.workflow import history_of
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.coaching.support import log, today

pytestmark = pytest.mark.django_db


def test_only_admins_assign_and_reassignment_keeps_history(caseload):
    c = caseload
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            actor=c.coach, coach=c.coach, teacher=c.outsider_teacher, school=c.school
        )
    foreign = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            actor=foreign, coach=c.coach, teacher=c.outsider_teacher, school=c.school
        )
    services.assignment_create(
        actor=c.admin,
        coach=c.coach,
        teacher=c.outsider_teacher,
        school=c.school,
        starts_on=today() + datetime.timedelta(days=1),
    )
    history = list(CoachingAssignment.objects.filter(teacher=c.outsider_teacher).order_by("pk"))
    assert [h.coach for h in history] == [c.other_coach, c.coach]
    assert history[0].ends_on is not None
    assert history[1].ends_on is None


def test_the_coach_must_coach_in_the_teachers_district(caseload):
    c = caseload
    elsewhere = MembershipFactory(organization=SchoolFactory(), role="coach").user
    with pytest.raises(services.CoachingError, match="not a coach in this district"):
        services.assignment_create(
            actor=c.admin, coach=elsewhere, teacher=c.outsider_teacher, school=c.school
        )
    # A coach of the district itself (not of one school) coaches at all its schools.
    district_coach = MembershipFactory(organization=c.district, role="coach").user
    services.assignment_create(
        actor=c.admin, coach=district_coach, teacher=c.outsider_teacher, school=c.school
    )


def test_a_coach_logs_only_for_their_caseload(caseload):
    c = caseload
    s = log(c, focus=[])
    assert s.school == c.school
    with pytest.raises(PermissionDenied):
        log(c, teacher=c.outsider_teacher)
    with pytest.raises(services.CoachingError, match="future"):
        log(c, held_on=today() + datetime.timedelta(days=2))
    with pytest.raises(services.CoachingError, match="before the session"):
        log(c, follow_up_on=today() - datetime.timedelta(days=3))


def test_goal_status_moves_and_who_may_change_it(caseload):
    c = caseload
    goal = services.goal_create(
        actor=c.coach, teacher=c.teacher, statement="Use exit tickets daily"
    )
    with pytest.raises(PermissionDenied):
        services.goal_create(actor=c.coach, teacher=c.outsider_teacher, statement="x")
    services.goal_set_status(actor=c.teacher, goal=goal, status="in_progress")
    services.goal_set_status(actor=c.coach, goal=goal, status="met")
    with pytest.raises(InvalidTransition, match="A goal that is met cannot become set aside"):
        services.goal_set_status(actor=c.coach, goal=goal, status="set_aside")
    with pytest.raises(PermissionDenied):
        services.goal_set_status(actor=c.other_coach, goal=goal, status="in_progress")
    # Each move has its history row and its audit row, naming who moved it.
    moves = [(t.from_status, t.to_status, t.actor) for t in history_of(goal).order_by("pk")]
    assert moves == [("not_started", "in_progress", c.teacher), ("in_progress", "met", c.coach)]
    assert AuditEntry.objects.filter(action="coaching.goal_status").count() == 2
    # Moving a goal to where it is changes nothing.
    services.goal_set_status(actor=c.coach, goal=goal, status="met")
    assert history_of(goal).count() == 2

    step = services.action_step_add(
        actor=c.teacher, goal=goal, description="Draft 3 tickets", owner=c.teacher
    )
    services.action_step_set_done(actor=c.teacher, step=step, done=True)
    step.refresh_from_db()
    assert step.done_at is not None
    with pytest.raises(PermissionDenied):
        services.action_step_set_done(actor=c.teacher2, step=step, done=False)


def test_a_new_coach_carries_on_the_goals_and_the_old_one_no_longer_changes_them(caseload):
    c = caseload
    goal = services.goal_create(actor=c.coach, teacher=c.teacher, statement="Exit tickets")
    services.assignment_create(
        actor=c.admin, coach=c.other_coach, teacher=c.teacher, school=c.school
    )
    services.goal_set_status(actor=c.other_coach, goal=goal, status="in_progress")
    with pytest.raises(PermissionDenied):
        services.goal_set_status(actor=c.coach, goal=goal, status="met")


def test_only_the_teacher_dismisses_an_open_recommendation(caseload, module):
    c = caseload
    rec = services.recommendation_create(actor=c.coach, teacher=c.teacher, module=module)
    again = services.recommendation_create(actor=c.coach, teacher=c.teacher, module=module)
    assert again == rec  # one open recommendation per module
    with pytest.raises(PermissionDenied):
        services.recommendation_dismiss(actor=c.coach, recommendation=rec)
    services.recommendation_dismiss(actor=c.teacher, recommendation=rec)
    assert Recommendation.objects.get(pk=rec.pk).dismissed_at is not None
    with pytest.raises(PermissionDenied):
        services.recommendation_dismiss(actor=c.teacher, recommendation=rec)


def test_a_recommendation_comes_from_the_coachs_own_session_with_the_teacher(caseload, module):
    c = caseload
    theirs = log(c, actor=c.other_coach, teacher=c.outsider_teacher)
    with_teacher2 = log(c, teacher=c.teacher2)
    for session in (theirs, with_teacher2):
        with pytest.raises(services.CoachingError, match="not with this teacher"):
            services.recommendation_create(
                actor=c.coach, teacher=c.teacher, module=module, session=session
            )
    mine = log(c)
    rec = services.recommendation_create(
        actor=c.coach, teacher=c.teacher, module=module, session=mine
    )
    assert rec.session == mine
