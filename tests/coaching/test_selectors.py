"""Coaching's reads: what each person's pages and API lists hold, private notes only
for their author, the caseload dashboard, the report."""

import datetime

import pytest

from coaching import selectors, services
from coaching.models import CoachingSession
from core.errors import NotFound
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.coaching.support import PRIVATE, SHARED, log, today

pytestmark = pytest.mark.django_db


def test_private_notes_never_reach_the_teacher(caseload):
    c = caseload
    log(c)
    as_teacher = selectors.sessions_for_teacher_page(viewer=c.teacher, teacher=c.teacher)
    assert as_teacher.rows[0].shared_notes == SHARED
    assert as_teacher.rows[0].private_notes is None
    as_coach = selectors.sessions_for_teacher_page(viewer=c.coach, teacher=c.teacher)
    assert as_coach.rows[0].private_notes == PRIVATE
    # Another coach names a teacher they never coached: not found.
    with pytest.raises(NotFound):
        selectors.sessions_for_teacher_page(viewer=c.other_coach, teacher=c.teacher)


def test_visible_sessions_carry_private_notes_for_their_author_only(caseload):
    c = caseload
    session = log(c)
    for viewer, notes in ((c.coach, PRIVATE), (c.teacher, None)):
        found = selectors.visible_sessions(viewer=viewer).get(pk=session.pk)
        assert found.own_private_notes == notes
        assert found.may_read_private_notes is (notes is not None)
    for outsider in (c.other_coach, c.admin, c.teacher2):
        assert not selectors.visible_sessions(viewer=outsider).exists()


def test_caseload_dashboard_shows_contact_follow_up_and_overdue(caseload):
    c = caseload
    log(
        c,
        held_on=today() - datetime.timedelta(days=10),
        follow_up_on=today() - datetime.timedelta(days=3),
    )
    log(c, teacher=c.teacher2, follow_up_on=today() + datetime.timedelta(days=5))
    rows = {r.teacher: r for r in selectors.caseload_dashboard(coach=c.coach).rows}
    assert set(rows) == {c.teacher, c.teacher2}
    assert rows[c.teacher].overdue
    assert not rows[c.teacher2].overdue
    assert rows[c.teacher2].next_follow_up == today() + datetime.timedelta(days=5)
    other = selectors.caseload_dashboard(coach=c.other_coach)
    assert [r.teacher for r in other.rows] == [c.outsider_teacher]


def test_goals_with_progress_say_which_goals_the_viewer_may_change(caseload):
    c = caseload
    goal = services.goal_create(actor=c.coach, teacher=c.teacher, statement="Exit tickets")
    for viewer in (c.coach, c.teacher):
        [progress] = selectors.goals_with_progress(viewer=viewer, teacher=c.teacher)
        assert (progress.goal, progress.editable) == (goal, True)
    services.assignment_create(
        actor=c.admin, coach=c.other_coach, teacher=c.teacher, school=c.school
    )
    assert selectors.goal_for(viewer=c.coach, public_id=goal.public_id) is None
    assert selectors.goal_for(viewer=c.other_coach, public_id=goal.public_id) == goal


def test_the_caseloads_page_lists_the_admins_schools_only(caseload):
    c = caseload
    foreign = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    mine = selectors.caseload_overview(admin=c.admin)
    assert {a.teacher for a in mine.current} == {c.teacher, c.teacher2, c.outsider_teacher}
    assert list(mine.ended) == []
    assert selectors.caseload_overview(admin=foreign).current == []
    choices = selectors.caseload_choices(admin=c.admin)
    assert choices.schools == [c.school]
    assert set(choices.coaches) == {c.coach, c.other_coach}
    assert c.coach not in choices.teachers


def test_report_suppresses_small_counts(caseload):
    c = caseload
    log(c)
    log(c, teacher=c.teacher2, kind="debrief")
    report = selectors.coaching_report(
        viewer=c.admin, start=today() - datetime.timedelta(days=30), end=today()
    )
    assert report.total_sessions == 2
    assert all(r.suppressed for r in report.by_school)  # 2 teachers < 10
    assert not report.show_totals  # the totals would give the withheld school away
    rows = selectors.report_csv_rows(report)
    assert rows[0] == ["dimension", "group", "teachers", "sessions", "minutes"]
    assert all("suppressed" in r for r in rows[1:])
    assert not any(PRIVATE in cell or SHARED in cell for r in rows for cell in r)


def test_report_shows_groups_of_ten_or_more(caseload):
    c = caseload
    for _ in range(10):
        t = MembershipFactory(organization=c.school, role="teacher").user
        services.assignment_create(actor=c.admin, coach=c.coach, teacher=t, school=c.school)
        log(c, teacher=t, minutes=20)
    report = selectors.coaching_report(
        viewer=c.admin, start=today() - datetime.timedelta(days=1), end=today()
    )
    school_row = report.by_school[0]
    assert (school_row.teachers, school_row.sessions, school_row.minutes) == (10, 10, 200)
    assert report.show_totals
    assert CoachingSession.objects.count() == 10
    # Another district's admin reads nothing of it.
    foreign = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    theirs = selectors.coaching_report(viewer=foreign, start=today(), end=today())
    assert (theirs.total_sessions, theirs.by_school) == (0, [])
