"""Recommendations over the API: made by the coach, dismissed by the teacher."""

import pytest

from coaching import services
from courses import services as course_services
from tests.coaching.support import (
    api,
    assert_only_public_ids,
    ids,
    log,
    published_module,
)
from tests.coaching.support import api_url as url

pytestmark = pytest.mark.django_db


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
    assert len(api(c.teacher2).get(url("recommendation-list")).json()["results"]) == 0
    assert len(api(c.other_coach).get(url("recommendation-list")).json()["results"]) == 0
    assert ids(api(c.coach).get(url("recommendation-list"))) == [rec["id"]]

    dismiss = url("recommendation-dismiss", rec["id"])
    assert api(c.coach).post(dismiss).status_code == 403
    assert api(c.teacher2).post(dismiss).status_code == 404
    got = api(c.teacher).post(dismiss)
    assert got.status_code == 200
    assert got.json()["dismissed_at"] is not None
    assert len(api(c.teacher).get(url("recommendation-list")).json()["results"]) == 0
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
