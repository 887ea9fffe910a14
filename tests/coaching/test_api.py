"""The coaching API over /api/v1/coaching/ with token auth: privacy of private notes,
caseload scoping, reassignment, goals and progress, recommendations, queries, schema."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Membership
from coaching import services
from coaching.models import CoachingAssignment, CoachingSession
from courses import services as course_services
from courses.models import Enrollment
from evidence import services as evidence_services
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.badges.factories import AssertionFactory, BadgeClassFactory
from tests.competencies.factories import CompetencyFactory
from tests.evidence.factories import ApprovalPolicyFactory

pytestmark = pytest.mark.django_db
today = timezone.localdate

PRIVATE = "Seemed tired; check in about workload."
SHARED = "Strong launch; exit ticket next."


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def url(name: str, obj=None, **kwargs) -> str:
    if obj is not None:
        kwargs["public_id"] = getattr(obj, "public_id", obj)
    return reverse(f"api:coaching:{name}", kwargs=kwargs or None)


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def assert_only_public_ids(data) -> None:
    """Every `id` in a response is a UUID: database ids never leave the API."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id":
                uuid.UUID(value)
            assert_only_public_ids(value)
    elif isinstance(data, list):
        for item in data:
            assert_only_public_ids(item)


def log(c, teacher=None, **kw) -> CoachingSession:
    """A session logged through the service (set-up, not under test)."""
    return services.session_log(
        actor=kw.pop("actor", c.coach),
        teacher=teacher or c.teacher,
        held_on=kw.pop("held_on", today()),
        minutes=kw.pop("minutes", 30),
        kind=kw.pop("kind", "observation"),
        shared_notes=kw.pop("shared_notes", SHARED),
        private_notes=kw.pop("private_notes", PRIVATE),
        **kw,
    )


def published_module(author, district, slug: str = "exit-tickets", **kw):
    module = course_services.module_create(
        actor=author,
        organization=district,
        slug=slug,
        title=kw.pop("title", "Exit tickets that drive tomorrow's lesson"),
        summary="Design a three-question exit ticket.",
        minutes=15,
        **kw,
    )
    course_services.step_add(actor=author, module=module, kind="read", title="Why", body="Short.")
    return course_services.module_publish(actor=author, module=module)


def session_payload(c, **kw) -> dict:
    return {
        "teacher": str(c.teacher.public_id),
        "held_on": str(today()),
        "minutes": 40,
        "kind": "debrief",
        "shared_notes": SHARED,
        "private_notes": PRIVATE,
        "next_steps": "Try a hinge question.",
        "follow_up_on": str(today() + datetime.timedelta(days=7)),
        **kw,
    }


# Sessions and private notes ---------------------------------------------------------------


def test_a_coach_logs_a_session_and_alone_sees_its_private_notes(caseload):
    c = caseload
    focus = CompetencyFactory()
    got = api(c.coach).post(
        url("session-list"), session_payload(c, focus=[str(focus.public_id)]), format="json"
    )
    assert got.status_code == 201, got.content
    body = got.json()
    assert body["view"] == "author"
    assert body["private_notes"] == PRIVATE
    assert body["shared_notes"] == SHARED
    assert body["teacher"]["id"] == str(c.teacher.public_id)
    assert [f["id"] for f in body["focus"]] == [str(focus.public_id)]
    assert_only_public_ids(body)
    session = CoachingSession.objects.get(public_id=body["id"])
    assert session.coach == c.coach
    assert session.private_notes == PRIVATE

    detail = api(c.coach).get(url("session-detail", session))
    assert detail.json()["private_notes"] == PRIVATE
    listed = api(c.coach).get(url("session-list"), {"teacher": str(c.teacher.public_id)})
    assert listed.json()["results"][0]["private_notes"] == PRIVATE


def test_private_notes_never_reach_the_teacher_another_coach_or_an_admin(caseload):
    c = caseload
    session = log(c)
    goal = services.goal_create(actor=c.coach, teacher=c.teacher, statement="Exit tickets daily")
    module = published_module(c.coach, c.district)
    services.recommendation_create(
        actor=c.coach, teacher=c.teacher, module=module, session=session, goal=goal
    )
    everything = [
        url("session-list"),
        url("session-list") + f"?teacher={c.teacher.public_id}",
        url("session-detail", session),
        url("goal-list"),
        url("goal-detail", goal),
        url("recommendation-list"),
        url("assignment-list"),
    ]
    for person in (c.teacher, c.other_coach, c.admin, c.teacher2):
        for address in everything:
            got = api(person).get(address)
            assert got.status_code in (200, 404), (person, address, got.status_code)
            assert PRIVATE not in got.content.decode(), (person, address)
            assert "private_notes" not in got.content.decode(), (person, address)

    # The teacher sees the session itself, shared notes and all, without the field.
    as_teacher = api(c.teacher).get(url("session-detail", session)).json()
    assert as_teacher["view"] == "shared"
    assert as_teacher["shared_notes"] == SHARED
    assert as_teacher["next_steps"] == ""
    assert "private_notes" not in as_teacher
    listed = api(c.teacher).get(url("session-list")).json()["results"]
    assert [s["id"] for s in listed] == [str(session.public_id)]
    assert "private_notes" not in listed[0]
    # Nobody but the coach and the teacher sees the session at all.
    for person in (c.other_coach, c.admin, c.teacher2):
        assert api(person).get(url("session-detail", session)).status_code == 404
        assert api(person).get(url("session-list")).json()["results"] == []
    # And the author still does.
    assert PRIVATE in api(c.coach).get(url("session-detail", session)).content.decode()


def test_a_teacher_sees_every_coachs_sessions_but_no_coachs_private_notes(caseload):
    c = caseload
    first = log(c)
    services.assignment_create(
        actor=c.admin, coach=c.other_coach, teacher=c.teacher, school=c.school
    )
    second = log(c, actor=c.other_coach, private_notes="Second coach's own note.")
    got = api(c.teacher).get(url("session-list"))
    assert set(ids(got)) == {str(first.public_id), str(second.public_id)}
    assert "private_notes" not in got.content.decode()
    # Each coach sees only their own session, with their own note.
    mine = api(c.other_coach).get(url("session-list")).json()["results"]
    assert [(s["id"], s["private_notes"]) for s in mine] == [
        (str(second.public_id), "Second coach's own note.")
    ]
    assert api(c.other_coach).get(url("session-detail", first)).status_code == 404


def test_a_coach_cannot_see_another_coachs_teacher_or_sessions(caseload):
    c = caseload
    theirs = log(c, actor=c.other_coach, teacher=c.outsider_teacher)
    goal = services.goal_create(actor=c.other_coach, teacher=c.outsider_teacher, statement="Wait")
    coach = api(c.coach)
    outsider = str(c.outsider_teacher.public_id)
    # Allowed: my own teacher.
    assert coach.get(url("session-list"), {"teacher": str(c.teacher.public_id)}).status_code == 200
    assert coach.get(url("goal-list"), {"teacher": str(c.teacher.public_id)}).status_code == 200
    # Denied: another coach's teacher, their sessions and goals.
    assert coach.get(url("session-list"), {"teacher": outsider}).status_code == 404
    assert coach.get(url("goal-list"), {"teacher": outsider}).status_code == 404
    assert coach.get(url("session-detail", theirs)).status_code == 404
    assert coach.get(url("goal-detail", goal)).status_code == 404
    got = coach.post(url("goal-status", goal), {"status": "in_progress"}, format="json")
    assert got.status_code == 404
    assert coach.get(url("session-list")).json()["results"] == []
    assert coach.get(url("goal-list")).json()["results"] == []
    assert outsider not in coach.get(url("assignment-list")).content.decode()
    # Nor can they log, set goals or recommend for that teacher.
    got = coach.post(url("session-list"), session_payload(c, teacher=outsider), format="json")
    assert got.status_code == 400
    assert got.json() == {"teacher": ["No such teacher on your caseload."]}
    got = coach.post(url("goal-list"), {"teacher": outsider, "statement": "x"}, format="json")
    assert got.status_code == 400
    # An unknown id reads the same.
    got = coach.post(
        url("session-list"), session_payload(c, teacher=str(uuid.uuid4())), format="json"
    )
    assert got.json() == {"teacher": ["No such teacher on your caseload."]}


def test_session_input_is_checked(caseload):
    c = caseload
    coach = api(c.coach)
    got = coach.post(url("session-list"), session_payload(c, minutes=0), format="json")
    assert got.status_code == 400
    assert "minutes" in got.json()
    future = str(today() + datetime.timedelta(days=2))
    got = coach.post(url("session-list"), session_payload(c, held_on=future), format="json")
    assert got.status_code == 400
    assert "future" in got.json()["detail"]
    got = coach.post(url("session-list"), session_payload(c, kind="gossip"), format="json")
    assert got.status_code == 400
    assert "kind" in got.json()
    got = coach.post(url("session-list"), session_payload(c, teacher="not-an-id"), format="json")
    assert got.status_code == 400
    assert "teacher" in got.json()
    got = coach.get(url("session-list"), {"teacher": "not-an-id"})
    assert got.status_code == 400
    # A teacher logs nothing: they have no caseload.
    got = api(c.teacher).post(url("session-list"), session_payload(c), format="json")
    assert got.status_code == 400
    assert not CoachingSession.objects.exists()
    assert api().get(url("session-list")).status_code in (401, 403)


# Assignments ---------------------------------------------------------------------------


def test_reassignment_through_the_api_keeps_history(caseload):
    c = caseload
    old_session = log(c)
    payload = {
        "coach": str(c.other_coach.public_id),
        "teacher": str(c.teacher.public_id),
        "school": str(c.school.public_id),
    }
    # Only an admin of the teacher's district assigns.
    assert api(c.coach).post(url("assignment-list"), payload, format="json").status_code == 403
    assert api(c.teacher).post(url("assignment-list"), payload, format="json").status_code == 403
    foreign = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    assert api(foreign).post(url("assignment-list"), payload, format="json").status_code == 403

    got = api(c.admin).post(url("assignment-list"), payload, format="json")
    assert got.status_code == 201, got.content
    assert got.json()["coach"]["id"] == str(c.other_coach.public_id)
    assert got.json()["current"] is True
    assert_only_public_ids(got.json())

    history = CoachingAssignment.objects.filter(teacher=c.teacher).order_by("pk")
    assert [(a.coach, a.ends_on is None) for a in history] == [
        (c.coach, False),
        (c.other_coach, True),
    ]
    # The teacher sees the whole history; each coach their current caseload.
    mine = api(c.teacher).get(url("assignment-list")).json()["results"]
    assert {(a["coach"]["id"], a["current"]) for a in mine} == {
        (str(c.coach.public_id), False),
        (str(c.other_coach.public_id), True),
    }
    old = api(c.coach).get(url("assignment-list")).json()["results"]
    assert [a["teacher"]["id"] for a in old] == [str(c.teacher2.public_id)]
    new = api(c.other_coach).get(url("assignment-list")).json()["results"]
    assert {a["teacher"]["id"] for a in new} == {
        str(c.teacher.public_id),
        str(c.outsider_teacher.public_id),
    }
    admin_view = api(c.admin).get(url("assignment-list")).json()
    assert admin_view["count"] == 4
    assert api(c.admin).get(url("assignment-list"), {"current": "true"}).json()["count"] == 3
    assert api(foreign).get(url("assignment-list")).json()["count"] == 0

    # The old coach keeps their own session log (and note) but logs no more.
    kept = api(c.coach).get(url("session-detail", old_session)).json()
    assert kept["private_notes"] == PRIVATE
    got = api(c.coach).post(url("session-list"), session_payload(c), format="json")
    assert got.status_code == 400
    # The new coach does not inherit the old coach's sessions.
    assert api(c.other_coach).get(url("session-detail", old_session)).status_code == 404


def test_ending_an_assignment(caseload):
    c = caseload
    current = CoachingAssignment.objects.get(teacher=c.teacher2, ends_on__isnull=True)
    # The coach sees the assignment but may not end it; another coach does not see it.
    assert api(c.coach).post(url("assignment-end", current), format="json").status_code == 403
    assert api(c.other_coach).post(url("assignment-end", current)).status_code == 404
    got = api(c.admin).post(url("assignment-end", current), format="json")
    assert got.status_code == 200
    assert got.json()["ends_on"] == str(today())
    assert got.json()["current"] is False
    again = api(c.admin).post(url("assignment-end", current), format="json")
    assert again.status_code == 400
    assert "ended already" in again.json()["detail"]
    left = api(c.coach).get(url("assignment-list")).json()["results"]
    assert str(c.teacher2.public_id) not in {a["teacher"]["id"] for a in left}


# Goals ---------------------------------------------------------------------------------


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
    assert api(c.teacher).get(url("goal-list"), {"status": "met"}).json()["count"] == 1
    assert api(c.teacher).get(url("goal-list"), {"status": "in_progress"}).json()["count"] == 0

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
    assert api(c.admin).get(url("goal-list")).json()["count"] == 0
    # A teacher may not write goals through the coach's door.
    got = api(c.teacher).post(
        url("goal-list"), {"teacher": str(c.teacher.public_id), "statement": "x"}, format="json"
    )
    assert got.status_code == 400


# Recommendations -----------------------------------------------------------------------


def test_recommendations_reach_the_teacher_who_may_dismiss_them(caseload):
    c = caseload
    module = published_module(c.coach, c.district)
    session = log(c)
    goal = services.goal_create(actor=c.coach, teacher=c.teacher, statement="Exit tickets")
    got = api(c.coach).post(
        url("recommendation-list"),
        {
            "teacher": str(c.teacher.public_id),
            "module": str(module.public_id),
            "note": "Try the sorting step first.",
            "session": str(session.public_id),
            "goal": str(goal.public_id),
        },
        format="json",
    )
    assert got.status_code == 201, got.content
    rec = got.json()
    assert_only_public_ids(rec)
    assert (rec["session"], rec["goal"]) == (str(session.public_id), str(goal.public_id))
    # Recommending from a goal links the module to it.
    linked = api(c.teacher).get(url("goal-detail", goal)).json()["modules"]
    assert [m["id"] for m in linked] == [str(module.public_id)]

    listed = api(c.teacher).get(url("recommendation-list")).json()["results"]
    assert [(r["id"], r["module"]["title"], r["note"]) for r in listed] == [
        (rec["id"], module.title, "Try the sorting step first.")
    ]
    assert api(c.teacher2).get(url("recommendation-list")).json()["count"] == 0
    assert api(c.other_coach).get(url("recommendation-list")).json()["count"] == 0
    assert ids(api(c.coach).get(url("recommendation-list"))) == [rec["id"]]

    dismiss = url("recommendation-dismiss", rec["id"])
    assert api(c.coach).post(dismiss).status_code == 403
    assert api(c.teacher2).post(dismiss).status_code == 404
    got = api(c.teacher).post(dismiss)
    assert got.status_code == 200
    assert got.json()["dismissed_at"] is not None
    assert api(c.teacher).get(url("recommendation-list")).json()["count"] == 0
    assert api(c.coach).get(url("recommendation-list")).json()["results"][0]["dismissed_at"]


def test_recommendation_input_is_checked(caseload):
    c = caseload
    draft = course_services.module_create(
        actor=c.coach,
        organization=c.district,
        slug="draft-one",
        title="Not yet",
        summary="Draft.",
        minutes=10,
    )
    module = published_module(c.coach, c.district)
    theirs = log(c, actor=c.other_coach, teacher=c.outsider_teacher)
    coach = api(c.coach)
    base = {"teacher": str(c.teacher.public_id), "module": str(module.public_id)}
    got = coach.post(
        url("recommendation-list"), {**base, "module": str(draft.public_id)}, format="json"
    )
    assert got.json() == {"module": ["No such published module."]}
    got = coach.post(
        url("recommendation-list"), {**base, "session": str(theirs.public_id)}, format="json"
    )
    assert got.json() == {"session": ["No such session of yours."]}
    mine_with_teacher2 = log(c, teacher=c.teacher2)
    got = coach.post(
        url("recommendation-list"),
        {**base, "session": str(mine_with_teacher2.public_id)},
        format="json",
    )
    assert got.status_code == 400
    assert "not with this teacher" in got.json()["detail"]
    got = api(c.teacher).post(url("recommendation-list"), base, format="json")
    assert got.status_code == 400


# Queries -------------------------------------------------------------------------------


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        got = client.get(address)
    assert got.status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_rows(caseload, django_assert_max_num_queries):
    c = caseload
    focus = [CompetencyFactory(), CompetencyFactory()]
    module = published_module(c.coach, c.district)
    badge = BadgeClassFactory(issuer__organization=c.district)
    log(c, focus=focus[:1])
    services.goal_create(actor=c.coach, teacher=c.teacher, statement="One", modules=[module])
    services.recommendation_create(actor=c.coach, teacher=c.teacher, module=module)
    coach, teacher = api(c.coach), api(c.teacher)
    lists = {
        "sessions (coach)": (coach, url("session-list")),
        "sessions (teacher)": (teacher, url("session-list")),
        "goals (coach)": (coach, url("goal-list")),
        "goals (teacher)": (teacher, url("goal-list")),
        "recommendations (coach)": (coach, url("recommendation-list")),
        "assignments (admin)": (api(c.admin), url("assignment-list")),
    }
    # Token, page count, rows, and one prefetch per to-many relation: 3 to 5 queries.
    small = {name: _queries(*target) for name, target in lists.items()}
    assert max(small.values()) <= 5, small

    # More teachers, sessions with several competencies, goals with links, recommendations.
    for i in range(6):
        t = MembershipFactory(organization=c.school, role=Membership.Role.TEACHER).user
        services.assignment_create(
            actor=c.admin,
            coach=c.coach,
            teacher=t,
            school=c.school,
            starts_on=today() - datetime.timedelta(days=30),
        )
        for teacher in (t, c.teacher):
            log(c, teacher=teacher, focus=focus, held_on=today() - datetime.timedelta(days=i))
        services.goal_create(
            actor=c.coach,
            teacher=t,
            statement=f"Goal {i}",
            competency=focus[0],
            modules=[module],
            badge_classes=[badge],
        )
        services.goal_create(actor=c.coach, teacher=c.teacher, statement=f"Mine {i}")
        services.recommendation_create(actor=c.coach, teacher=t, module=module)
    assert CoachingSession.objects.count() == 13

    for name, (client, address) in lists.items():
        with django_assert_max_num_queries(small[name]):
            got = client.get(address)
        assert got.status_code == 200, name
        assert got.json()["count"] > 1, name


# Schema --------------------------------------------------------------------------------


def test_the_schema_describes_the_coaching_api(caseload):
    got = api(caseload.admin).get(reverse("schema"), {"format": "json"})
    assert got.status_code == 200
    schema = json.loads(got.content)
    paths = schema["paths"]
    for path, methods in {
        "/api/v1/coaching/assignments/": {"get", "post"},
        "/api/v1/coaching/assignments/{public_id}/end": {"post"},
        "/api/v1/coaching/sessions/": {"get", "post"},
        "/api/v1/coaching/sessions/{public_id}/": {"get"},
        "/api/v1/coaching/goals/": {"get", "post"},
        "/api/v1/coaching/goals/{public_id}/": {"get"},
        "/api/v1/coaching/goals/{public_id}/status": {"post"},
        "/api/v1/coaching/goals/{public_id}/action-steps": {"post"},
        "/api/v1/coaching/goals/{public_id}/action-steps/{step_id}/done": {"post"},
        "/api/v1/coaching/recommendations/": {"get", "post"},
        "/api/v1/coaching/recommendations/{public_id}/dismiss": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
    components = schema["components"]["schemas"]
    assert "private_notes" not in components["CoachingSession"]["properties"]
    assert "private_notes" in components["CoachingSessionAuthor"]["properties"]
    assert components["CoachingSessionView"]["discriminator"]["propertyName"] == "view"
