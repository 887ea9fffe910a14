"""Caseload assignments over the API: reassignment keeps the history; ending."""

import pytest

from coaching.models import CoachingAssignment
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.coaching.support import (
    PRIVATE,
    api,
    assert_only_public_ids,
    log,
    session_payload,
    today,
)
from tests.coaching.support import api_url as url

pytestmark = pytest.mark.django_db


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
    assert len(admin_view["results"]) == 4
    assert len(api(c.admin).get(url("assignment-list"), {"current": "true"}).json()["results"]) == 3
    assert len(api(foreign).get(url("assignment-list")).json()["results"]) == 0

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
