"""Caseloads, session logs, goals and progress, recommendations, reports."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from coaching import selectors, services
from coaching.models import CoachingAssignment, CoachingSession
from tests.accounts.factories import MembershipFactory, SchoolFactory

pytestmark = pytest.mark.django_db
today = timezone.localdate


def log(c, teacher=None, **kw):
    return services.session_log(
        actor=kw.pop("actor", c.coach),
        teacher=teacher or c.teacher,
        held_on=kw.pop("held_on", today()),
        minutes=kw.pop("minutes", 30),
        kind=kw.pop("kind", "observation"),
        shared_notes=kw.pop("shared_notes", "Strong launch; exit ticket next."),
        private_notes=kw.pop("private_notes", "Seemed tired; check in about workload."),
        **kw,
    )


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


def test_private_notes_never_reach_the_teacher(caseload, django_assert_num_queries):
    c = caseload
    log(c)
    as_teacher = selectors.sessions_for_teacher_page(c.teacher, c.teacher)
    assert as_teacher[0].shared_notes.startswith("Strong launch")
    assert as_teacher[0].private_notes is None
    as_coach = selectors.sessions_for_teacher_page(c.coach, c.teacher)
    assert as_coach[0].private_notes.startswith("Seemed tired")
    assert selectors.sessions_for_teacher_page(c.other_coach, c.teacher) == []


def test_caseload_dashboard_shows_contact_follow_up_and_overdue(caseload):
    c = caseload
    log(
        c,
        held_on=today() - datetime.timedelta(days=10),
        follow_up_on=today() - datetime.timedelta(days=3),
    )
    log(c, teacher=c.teacher2, follow_up_on=today() + datetime.timedelta(days=5))
    rows = {r.teacher: r for r in selectors.caseload_dashboard(c.coach)}
    assert set(rows) == {c.teacher, c.teacher2}
    assert rows[c.teacher].overdue
    assert not rows[c.teacher2].overdue
    assert rows[c.teacher2].next_follow_up == today() + datetime.timedelta(days=5)
    assert [r.teacher for r in selectors.caseload_dashboard(c.other_coach)] == [c.outsider_teacher]


def test_goal_status_moves_and_who_may_change_it(caseload):
    c = caseload
    goal = services.goal_create(
        actor=c.coach, teacher=c.teacher, statement="Use exit tickets daily"
    )
    with pytest.raises(PermissionDenied):
        services.goal_create(actor=c.coach, teacher=c.outsider_teacher, statement="x")
    services.goal_set_status(actor=c.teacher, goal=goal, status="in_progress")
    services.goal_set_status(actor=c.coach, goal=goal, status="met")
    with pytest.raises(services.CoachingError):
        services.goal_set_status(actor=c.coach, goal=goal, status="set_aside")
    with pytest.raises(PermissionDenied):
        services.goal_set_status(actor=c.other_coach, goal=goal, status="in_progress")
    step = services.action_step_add(
        actor=c.teacher, goal=goal, description="Draft 3 tickets", owner=c.teacher
    )
    services.action_step_set_done(actor=c.teacher, step=step, done=True)
    step.refresh_from_db()
    assert step.done_at is not None


def test_report_suppresses_small_counts(caseload):
    c = caseload
    log(c)
    log(c, teacher=c.teacher2, kind="debrief")
    report = selectors.coaching_report(
        {c.district.pk}, today() - datetime.timedelta(days=30), today()
    )
    assert report.total_sessions == 2
    assert all(r.suppressed for r in report.by_school)  # 2 teachers < 10
    rows = selectors.report_csv_rows(report)
    assert rows[0] == ["dimension", "group", "teachers", "sessions", "minutes"]
    assert all("suppressed" in r for r in rows[1:])
    assert not any("tired" in cell for r in rows for cell in r)


def test_report_shows_groups_of_ten_or_more(caseload):
    c = caseload
    for _ in range(10):
        t = MembershipFactory(organization=c.school, role="teacher").user
        services.assignment_create(actor=c.admin, coach=c.coach, teacher=t, school=c.school)
        log(c, teacher=t, minutes=20)
    report = selectors.coaching_report(
        {c.district.pk}, today() - datetime.timedelta(days=1), today()
    )
    school_row = report.by_school[0]
    assert (school_row.teachers, school_row.sessions, school_row.minutes) == (10, 10, 200)
    assert CoachingSession.objects.count() == 10
