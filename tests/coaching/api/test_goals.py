"""Goals over the API: status moves, action steps, progress, scoping."""

import datetime

import pytest

from coaching import services
from courses import services as course_services
from courses.models import Enrollment
from evidence import services as evidence_services
from tests.badges.factories import AssertionFactory, BadgeClassFactory
from tests.coaching.support import (
    api,
    assert_only_public_ids,
    ids,
    published_module,
    today,
)
from tests.coaching.support import api_url as url
from tests.competencies.factories import CompetencyFactory
from tests.evidence.factories import ApprovalPolicyFactory

pytestmark = pytest.mark.django_db


def test_goal_status_moves_action_steps_and_progress(caseload):
    c = caseload
    module = published_module(c.coach, c.district)
    earned = BadgeClassFactory(issuer__organization=c.district, name="Exit ticket designer")
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=c.district,
        badge_class__audience="educator",
        badge_class__name="Formative assessment",
        allow_section_teacher=False,
        allow_coach=True,
    )
    competency = CompetencyFactory()
    got = api(c.coach).post(
        url("goal-list"),
        {
            "teacher": str(c.teacher.public_id),
            "statement": "Use exit tickets daily",
            "competency": str(competency.public_id),
            "target_date": str(today() + datetime.timedelta(days=60)),
            "modules": [str(module.public_id)],
            "badge_classes": [str(earned.public_id), str(policy.badge_class.public_id)],
        },
        format="json",
    )
    assert got.status_code == 201, got.content
    goal = got.json()
    assert_only_public_ids(goal)
    assert goal["status"] == "not_started"
    assert goal["competency"]["id"] == str(competency.public_id)
    progress = goal["progress"]
    assert (progress["modules_finished"], progress["modules_pending"]) == ([], [module.title])
    assert (progress["badges_earned"], progress["submissions_in_review"]) == ([], [])
    assert sorted(progress["badges_pending"]) == ["Exit ticket designer", "Formative assessment"]

    # Progress follows the module, the submission and the badge.
    enrollment = course_services.enrollment_start(learner=c.teacher, module=module)
    for step in module.steps.all():
        course_services.step_complete(learner=c.teacher, enrollment=enrollment, step=step)
    course_services.enrollment_finish(learner=c.teacher, enrollment=enrollment)
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None
    submission = evidence_services.submission_start(
        actor=c.teacher, earner=c.teacher, badge_class=policy.badge_class
    )
    evidence_services.artifact_add_link(
        actor=c.teacher, submission=submission, url="https://example.org/tickets"
    )
    evidence_services.submission_submit(actor=c.teacher, submission=submission)
    AssertionFactory(badge_class=earned, recipient=c.teacher)

    progress = api(c.teacher).get(url("goal-detail", goal["id"])).json()["progress"]
    assert progress["modules_finished"] == [module.title]
    assert progress["modules_pending"] == []
    assert progress["badges_earned"] == ["Exit ticket designer"]
    assert progress["badges_pending"] == ["Formative assessment"]
    assert progress["submissions_in_review"] == ["Formative assessment"]

    # Status moves: the teacher and their coach move it; an illegal move is refused.
    move = url("goal-status", goal["id"])
    got = api(c.teacher).post(move, {"status": "in_progress"}, format="json")
    assert (got.status_code, got.json()["status"]) == (200, "in_progress")
    got = api(c.coach).post(move, {"status": "met"}, format="json")
    assert (got.status_code, got.json()["status"]) == (200, "met")
    got = api(c.coach).post(move, {"status": "set_aside"}, format="json")
    assert got.status_code == 400
    assert "cannot become set aside" in got.json()["detail"]
    got = api(c.coach).post(move, {"status": "abandoned"}, format="json")
    assert got.status_code == 400
    assert "status" in got.json()
    assert api(c.teacher2).post(move, {"status": "in_progress"}, format="json").status_code == 404
    assert len(api(c.teacher).get(url("goal-list"), {"status": "met"}).json()["results"]) == 1
    assert (
        len(api(c.teacher).get(url("goal-list"), {"status": "in_progress"}).json()["results"]) == 0
    )

    # Action steps with owners; done and undone.
    steps = url("goal-action-steps", goal["id"])
    got = api(c.teacher).post(steps, {"description": "Draft three tickets"}, format="json")
    assert got.status_code == 201
    step = got.json()
    assert (step["owner"]["id"], step["done"]) == (str(c.teacher.public_id), False)
    got = api(c.coach).post(
        steps,
        {"description": "Model one in class", "owner": str(c.coach.public_id)},
        format="json",
    )
    assert got.json()["owner"]["id"] == str(c.coach.public_id)
    got = api(c.coach).post(
        steps, {"description": "x", "owner": str(c.teacher2.public_id)}, format="json"
    )
    assert got.status_code == 400
    done = url("goal-action-step-done", goal["id"], step_id=step["id"])
    got = api(c.teacher).post(done, {}, format="json")
    assert (got.status_code, got.json()["done"]) == (200, True)
    got = api(c.coach).post(done, {"done": False}, format="json")
    assert (got.json()["done"], got.json()["done_at"]) == (False, None)
    other_goal = services.goal_create(actor=c.coach, teacher=c.teacher2, statement="Other")
    wrong = url("goal-action-step-done", other_goal, step_id=step["id"])
    assert api(c.coach).post(wrong, {}, format="json").status_code == 404
    detail = api(c.coach).get(url("goal-detail", goal["id"])).json()
    assert [s["description"] for s in detail["action_steps"]] == [
        "Draft three tickets",
        "Model one in class",
    ]


def test_goal_lists_are_scoped(caseload):
    c = caseload
    mine = services.goal_create(actor=c.coach, teacher=c.teacher, statement="Mine")
    theirs = services.goal_create(actor=c.coach, teacher=c.teacher2, statement="Theirs")
    services.goal_create(actor=c.other_coach, teacher=c.outsider_teacher, statement="Elsewhere")
    assert ids(api(c.teacher).get(url("goal-list"))) == [str(mine.public_id)]
    assert set(ids(api(c.coach).get(url("goal-list")))) == {
        str(mine.public_id),
        str(theirs.public_id),
    }
    filtered = api(c.coach).get(url("goal-list"), {"teacher": str(c.teacher2.public_id)})
    assert ids(filtered) == [str(theirs.public_id)]
    assert len(api(c.admin).get(url("goal-list")).json()["results"]) == 0
    # A teacher may not write goals through the coach's door.
    got = api(c.teacher).post(
        url("goal-list"), {"teacher": str(c.teacher.public_id), "statement": "x"}, format="json"
    )
    assert got.status_code == 400
