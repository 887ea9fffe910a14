from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command

from accounts.models import Membership, User
from coaching import selectors
from coaching.models import (
    ActionStep,
    CoachingAssignment,
    CoachingSession,
    Goal,
    Recommendation,
)
from courses.models import Module
from demo.coaching_seed import COACHING_USERS, seed_coaching
from demo.seed import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

COACHING_MODELS = (CoachingAssignment, CoachingSession, Goal, ActionStep, Recommendation)


def user(key: str) -> User:
    return User.objects.get(email=f"{key}@demo.cairn.test")


def coaching_counts() -> dict[str, int]:
    counts = {m._meta.label: m.objects.count() for m in COACHING_MODELS}
    counts["session focus"] = CoachingSession.focus.through.objects.count()
    counts["goal modules"] = Goal.modules.through.objects.count()
    counts["goal badges"] = Goal.badge_classes.through.objects.count()
    return counts


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def seed(lines: list[str] | None = None) -> None:
    seed_coaching(out=(lines.append if lines is not None else lambda s: None))


@pytest.fixture
def demo() -> None:
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def seeded(demo) -> list[str]:
    lines: list[str] = []
    seed(lines)
    return lines


def test_both_coaches_have_caseloads_of_demo_teachers(seeded):
    coach, coach2 = user("coach"), user("coach2")
    mine = {a.teacher.email for a in selectors.current_caseload(coach=coach)}
    theirs = {a.teacher.email for a in selectors.current_caseload(coach=coach2)}
    assert {"teacher@demo.cairn.test", "teacher2@demo.cairn.test"} <= mine
    assert len(mine) == 5
    assert len(theirs) == 3
    assert not mine & theirs
    # The people added for it sign in like the rest of the demo.
    for spec in COACHING_USERS:
        person = User.objects.get(email=spec.email)
        assert person.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=person, verified=True, primary=True).exists()
        assert Membership.objects.filter(user=person, role=spec.role).exists()
    assert Membership.objects.filter(user=user("coach2"), role=Membership.Role.COACH).exists()


def test_a_term_of_sessions_of_every_kind_and_goals_in_every_status(seeded):
    kinds = set(CoachingSession.objects.values_list("kind", flat=True))
    assert kinds == set(CoachingSession.Kind.values)
    statuses = set(Goal.objects.values_list("status", flat=True))
    assert statuses == set(Goal.Status.values)
    assert ActionStep.objects.filter(done_at__isnull=False).exists()
    assert ActionStep.objects.filter(done_at__isnull=True).exists()
    owners = {(s.owner_id == s.goal.teacher_id) for s in ActionStep.objects.select_related("goal")}
    assert owners == {True, False}  # steps owned by teachers and by coaches
    assert Goal.badge_classes.through.objects.exists()
    sessions = CoachingSession.objects.all()
    assert sessions.count() >= 40
    assert not sessions.filter(shared_notes="").exists()
    assert sessions.exclude(private_notes="").exists()
    assert sessions.filter(focus__isnull=False).exists()
    rows = {
        "coach": selectors.caseload_dashboard(coach=user("coach")).rows,
        "coach2": selectors.caseload_dashboard(coach=user("coach2")).rows,
    }
    assert sum(r.overdue for r in rows["coach"]) == 2
    assert sum(r.overdue for r in rows["coach2"]) == 1
    for coach_rows in rows.values():
        assert any(r.next_follow_up and not r.overdue for r in coach_rows)
        assert all(r.last_contact for r in coach_rows)


def test_a_reassignment_keeps_the_history(seeded):
    coach, coach2 = user("coach"), user("coach2")
    moved = [
        t
        for t in User.objects.filter(coaching_assignments__ends_on__isnull=False).distinct()
        if CoachingAssignment.objects.filter(teacher=t, ends_on__isnull=True).exists()
    ]
    assert len(moved) == 1
    teacher = moved[0]
    ended, current = (
        CoachingAssignment.objects.get(teacher=teacher, ends_on__isnull=False),
        CoachingAssignment.objects.get(teacher=teacher, ends_on__isnull=True),
    )
    assert (ended.coach, current.coach) == (coach2, coach)
    assert ended.ends_on < current.starts_on
    coaches = set(CoachingSession.objects.filter(teacher=teacher).values_list("coach", flat=True))
    assert coaches == {coach.pk, coach2.pk}
    # Each coach's sessions fall within their own assignment.
    for s in CoachingSession.objects.filter(teacher=teacher):
        a = ended if s.coach_id == coach2.pk else current
        assert a.starts_on <= s.held_on <= (a.ends_on or s.held_on)


def test_second_run_creates_nothing(seeded):
    before, rows_before = coaching_counts(), row_counts()
    lines: list[str] = []
    seed(lines)
    assert coaching_counts() == before
    assert row_counts() == rows_before
    assert "already in place" in lines[0]


def test_skipped_without_the_demo_district():
    lines: list[str] = []
    seed(lines)
    assert "skipped" in lines[0]
    assert not any(coaching_counts().values())


def test_recommendations_and_module_links_follow_the_courses_demo(demo):
    seed_courses = pytest.importorskip("demo.courses_seed").seed_courses
    seed()
    if not Module.objects.filter(status=Module.Status.PUBLISHED).exists():
        # Without published modules nothing is recommended or linked.
        assert not Recommendation.objects.exists()
        assert not Goal.modules.through.objects.exists()
    seed_courses(out=lambda s: None)
    seed()  # adds what needed the modules
    recommended_to = set(Recommendation.objects.values_list("teacher__email", flat=True))
    assert recommended_to == {"teacher@demo.cairn.test", "teacher2@demo.cairn.test"}
    assert not Recommendation.objects.exclude(module__status=Module.Status.PUBLISHED).exists()
    assert Recommendation.objects.filter(session__isnull=False).exists()
    assert Recommendation.objects.filter(goal__isnull=False).exists()
    assert Goal.objects.filter(modules__isnull=False, badge_classes__isnull=False).exists()
    before = row_counts()
    seed()
    assert row_counts() == before
