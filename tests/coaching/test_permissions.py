"""Coaching's access policies over the demo district: predicate, queryset and who-may
agree (`tests.policies.check_policy`), with each rule's allowed and denied cases, and
every coaching menu entry shown to a person opens for them.

In the demo, Elena (coach) coaches teacher–teacher5; Hannah (coach2) coaches
teacher6–teacher8 and coached teacher5 (Ben) until he moved to Elena mid-term.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization, User
from coaching import permissions as p
from coaching.models import CoachingAssignment, CoachingSession, Goal, Recommendation
from demo.seed import DISTRICT, EMPLOYER, HIGH_SCHOOL
from evidence.models import Submission
from tests.coaching.factories import (
    CoachingAssignmentFactory,
    CoachingSessionFactory,
    GoalFactory,
)
from tests.policies import check_policy, demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo_keys):
    return demo_people(demo_keys)


def _ben(people) -> tuple[CoachingAssignment, CoachingAssignment]:
    """Ben's (teacher5) ended assignment with coach2 and current one with coach."""
    history = CoachingAssignment.objects.filter(teacher=people["teacher5"])
    return history.get(coach=people["coach2"]), history.get(coach=people["coach"])


def test_on_caseload_q_is_the_current_caseload(people):
    coach, coach2 = people["coach"], people["coach2"]
    mine = {"teacher", "teacher2", "teacher3", "teacher4", "teacher5"}
    found = User.objects.filter(p.on_caseload_q(coach)).values_list("email", flat=True)
    assert {e.split("@")[0] for e in found} == mine
    # On another model's user field, and for "who" (each user in turn) one level down.
    sessions = CoachingSession.objects.filter(p.on_caseload_q(coach2, "teacher_id"))
    assert {s.teacher.email.split("@")[0] for s in sessions} == {"teacher6", "teacher7", "teacher8"}
    assert set(p.teachers.users("coach", people["teacher5"])) == {coach}
    assert Submission.objects.filter(p.on_caseload_q(coach, "earner_id")).exists()


def test_an_assignment_not_yet_started_or_ended_puts_no_one_on_a_caseload():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = CoachingAssignmentFactory(starts_on=tomorrow)
    ended = CoachingAssignmentFactory(ends_on=timezone.localdate())
    current = CoachingAssignmentFactory()
    assert not p.coaches(future.coach, future.teacher)
    assert not p.coaches(ended.coach, ended.teacher)
    assert p.coaches(current.coach, current.teacher)
    assert not p.coaches(current.coach, future.teacher)


def test_teacher_policy(people):
    teachers = [people[k] for k in people if k.startswith("teacher")] + [people["other_teacher"]]
    t, t5, t6 = people["teacher"], people["teacher5"], people["teacher6"]
    checks = {
        "coach": [
            ("coach", t5, True),
            ("coach2", t5, False),  # coached him until mid-term
            ("coach2", t6, True),
            ("coach", t6, False),
            ("teacher", t, False),
            ("admin", t, False),
            ("district_admin", t, False),
        ],
        "follow_goals": [
            ("teacher", t, True),
            ("coach", t5, True),
            ("coach2", t5, False),
            ("teacher2", t, False),
        ],
        "follow_sessions": [
            ("teacher5", t5, True),
            ("coach2", t5, True),  # keeps their own log of him
            ("coach2", t, False),
            ("district_admin", t, False),
        ],
    }
    for action, expect in checks.items():
        assert check_policy(p.teachers, action, people, teachers, expect=expect)


def test_caseload_and_report_policies(people):
    orgs = {o.slug: o for o in Organization.objects.all()}
    district, school, employer = orgs[DISTRICT], orgs[HIGH_SCHOOL], orgs[EMPLOYER]
    other_school = people["other_teacher"].memberships.get().organization
    expect = [
        ("admin", school, True),
        ("district_admin", school, True),
        ("district_admin", district, True),
        ("district_admin", other_school, False),
        ("other_admin", other_school, True),
        ("other_admin", school, False),
        ("employer_admin", employer, False),  # an employer has no caseloads
        ("coach", school, False),
        ("teacher", school, False),
    ]
    assert check_policy(p.caseloads, "manage", people, orgs.values(), expect=expect)
    assert check_policy(p.reports, "view", people, orgs.values(), expect=expect)


def test_assignment_policy(people):
    ended, current = _ben(people)
    teacher6s = CoachingAssignment.objects.get(teacher=people["teacher6"])
    objects = CoachingAssignment.objects.all()
    checks = {
        "view": [
            ("coach", current, True),
            ("coach2", ended, False),  # a caseload is what is under way
            ("coach", teacher6s, False),
            ("teacher5", ended, True),
            ("teacher", ended, False),
            ("district_admin", ended, True),
            ("other_admin", current, False),
            ("admin", ended, True),
        ],
        "manage": [
            ("district_admin", current, True),
            ("admin", current, True),
            ("coach", current, False),
            ("teacher5", current, False),
            ("other_admin", current, False),
            ("employer_admin", current, False),
        ],
        "history": [
            ("teacher5", ended, True),
            ("teacher5", current, True),
            ("coach", current, False),
            ("admin", ended, False),
        ],
    }
    for action, expect in checks.items():
        assert check_policy(p.assignments, action, people, objects, expect=expect)


def test_session_policy_keeps_private_notes_to_their_author(people):
    teacher5 = people["teacher5"]
    by_coach2 = CoachingSession.objects.filter(teacher=teacher5, coach=people["coach2"]).first()
    by_coach = CoachingSession.objects.filter(teacher=teacher5, coach=people["coach"]).first()
    objects = list(CoachingSession.objects.filter(teacher=teacher5)) + list(
        CoachingSession.objects.filter(teacher=people["teacher"])[:3]
    )
    checks = {
        "view": [
            ("coach2", by_coach2, True),  # the coach who logged it keeps it
            ("coach", by_coach2, False),  # the new coach does not inherit it
            ("coach", by_coach, True),
            ("teacher5", by_coach2, True),
            ("teacher", by_coach2, False),
            ("admin", by_coach2, False),
            ("district_admin", by_coach2, False),
        ],
        "read_private_notes": [
            ("coach2", by_coach2, True),
            ("teacher5", by_coach2, False),
            ("coach", by_coach2, False),
            ("admin", by_coach2, False),
            ("district_admin", by_coach2, False),
        ],
        "use": [("coach2", by_coach2, True), ("teacher5", by_coach2, False)],
        "oversee": [("admin", by_coach2, True), ("district_admin", by_coach2, False)],
    }
    for action, expect in checks.items():
        assert check_policy(p.sessions, action, people, objects, expect=expect)
    # No one but its author, ever, for every session of the demo.
    for session in CoachingSession.objects.select_related("coach"):
        assert list(p.sessions.users("read_private_notes", session)) == [session.coach]


def test_goal_policy_is_the_teacher_and_their_current_coach(people):
    teacher5 = people["teacher5"]
    with_coach2 = Goal.objects.get(teacher=teacher5, coach=people["coach2"])
    teachers_goal = Goal.objects.filter(teacher=people["teacher"]).first()
    expect = [
        ("teacher5", with_coach2, True),
        ("coach", with_coach2, True),  # his current coach carries it on
        ("coach2", with_coach2, False),  # who wrote it, but no longer coaches him
        ("teacher", with_coach2, False),
        ("admin", with_coach2, False),
        ("district_admin", with_coach2, False),
        ("coach", teachers_goal, True),
        ("coach2", teachers_goal, False),
    ]
    for action in ("view", "edit"):
        assert check_policy(p.goals, action, people, Goal.objects.all(), expect=expect)
    assert check_policy(
        p.goals, "oversee", people, [with_coach2], expect=[("admin", with_coach2, True)]
    )


def test_recommendation_policy(people):
    rec = Recommendation.objects.filter(teacher=people["teacher"]).first()
    objects = Recommendation.objects.all()
    assert check_policy(
        p.recommendations,
        "view",
        people,
        objects,
        expect=[
            ("teacher", rec, True),
            ("coach", rec, True),
            ("teacher2", rec, False),
            ("coach2", rec, False),
            ("admin", rec, False),
        ],
    )
    assert check_policy(
        p.recommendations,
        "dismiss",
        people,
        objects,
        expect=[("teacher", rec, True), ("coach", rec, False)],
    )
    rec.dismissed_at = timezone.now()
    rec.save(update_fields=["dismissed_at"])
    assert not p.recommendations.allows(people["teacher"], "view", rec)
    assert p.recommendations.allows(people["coach"], "view", rec)
    assert not p.can_dismiss_recommendation(people["teacher"], rec)


def test_predicates_name_the_policies():
    session = CoachingSessionFactory()
    coach, teacher = session.coach, session.teacher
    assert p.can_see_session(teacher, session)
    assert p.can_read_private_notes(coach, session)
    assert not p.can_read_private_notes(teacher, session)
    assert p.can_use_session(coach, session)
    goal = GoalFactory(teacher=teacher, coach=coach)
    assert p.can_edit_goal(teacher, goal)
    stranger = CoachingAssignmentFactory().coach
    assert not p.can_edit_goal(stranger, goal)
    assert not p.can_see_session(stranger, session)


def test_every_coaching_menu_entry_shown_opens(people, client):
    entries = {
        "coach": ["coaching:caseload-dashboard"],
        "admin": ["coaching:assignment-list", "coaching:report-detail"],
        "coached": ["coaching:teacher-me"],
    }
    shown = {}
    for key, user in people.items():
        menu = p.coaching_menu(user)
        shown[key] = menu
        client.force_login(user)
        for flag, names in entries.items():
            for name in names:
                status = client.get(reverse(name)).status_code
                if getattr(menu, flag):
                    assert status == 200, (key, name)
                elif name != "coaching:teacher-me":  # anyone signed in has a "My coaching"
                    assert status == 404, (key, name)
        if menu.url:
            assert client.get(menu.url).status_code == 200, key
        assert p.coaching_home_url(user) == menu.url
    assert (shown["coach"].coach, shown["coach"].url) == (
        True,
        reverse("coaching:caseload-dashboard"),
    )
    assert shown["district_admin"].admin
    assert not shown["district_admin"].coach
    assert shown["teacher5"].url == reverse("coaching:teacher-me")
    assert shown["employer_admin"] == p.NO_COACHING_MENU
    assert shown["outsider"].url == ""
    assert shown["admin"].admin  # the superuser
