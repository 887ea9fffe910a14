"""Session logs over the API: private notes reach their author only; caseload scoping."""

import datetime
import uuid

import pytest

from coaching import services
from coaching.models import CoachingSession
from tests.coaching.support import (
    PRIVATE,
    SHARED,
    api,
    assert_only_public_ids,
    ids,
    log,
    published_module,
    session_payload,
    today,
)
from tests.coaching.support import api_url as url
from tests.competencies.factories import CompetencyFactory

pytestmark = pytest.mark.django_db


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
