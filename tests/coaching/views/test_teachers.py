"""The teacher pages: the coach's page about a teacher and the teacher's own; private
notes reach only the coach who wrote them."""

import pytest

from coaching import services
from tests.coaching.support import PRIVATE, SHARED, log, page_url, text
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module

pytestmark = pytest.mark.django_db


def test_coach_sees_their_private_notes_the_teacher_never_does(caseload, client):
    c = caseload
    log(c, next_steps="Try the 3-2-1 exit ticket.")
    client.force_login(c.coach)
    coach_page = text(client.get(page_url("teacher-detail", public_id=c.teacher.public_id)))
    assert SHARED in coach_page
    assert PRIVATE in coach_page

    client.force_login(c.teacher)
    me = client.get(page_url("teacher-me"))
    assert me.status_code == 200
    assert SHARED in text(me)
    assert "Try the 3-2-1 exit ticket." in text(me)
    assert PRIVATE not in text(me)
    assert "exhausted" not in me.content.decode()
    # The teacher cannot open the coach's view of their own page.
    assert client.get(page_url("teacher-detail", public_id=c.teacher.public_id)).status_code == 404


def test_another_coach_gets_404_for_a_teacher_not_on_their_caseload(caseload, client, module):
    c = caseload
    session = log(c)
    goal = services.goal_create(actor=c.coach, teacher=c.teacher, statement="Exit tickets")
    client.force_login(c.other_coach)
    for name in ("teacher-detail", "session-create", "goal-create", "recommendation-create"):
        assert client.get(page_url(name, public_id=c.teacher.public_id)).status_code == 404, name
    assert (
        client.post(page_url("session-create", public_id=c.teacher.public_id), {}).status_code
        == 404
    )
    assert (
        client.post(
            page_url("goal-status", public_id=goal.public_id), {"status": "met"}
        ).status_code
        == 404
    )
    assert (
        client.post(page_url("session-attach", public_id=session.public_id), {}).status_code == 404
    )
    page = text(client.get(page_url("caseload-dashboard")))
    assert c.teacher.name not in page
    # ... while their own teacher's page opens.
    assert (
        client.get(page_url("teacher-detail", public_id=c.outsider_teacher.public_id)).status_code
        == 200
    )


def test_teacher_pages_queries_do_not_grow_with_sessions_goals_or_recommendations(
    caseload, client, module, django_assert_max_num_queries
):
    c = caseload
    counts: dict[str, list[int]] = {"coach": [], "teacher": []}
    for n in (1, 5):
        for i in range(n):
            s = log(c)
            s.focus.add(CompetencyFactory())
            goal = services.goal_create(
                actor=c.coach, teacher=c.teacher, statement="Goal", modules=[module]
            )
            services.action_step_add(actor=c.coach, goal=goal, description="Step", owner=c.teacher)
            extra = build_module(c.coach, c.district, slug=f"m-{n}-{i}", title=f"Module {n}-{i}")
            services.recommendation_create(actor=c.coach, teacher=c.teacher, module=extra)
        for who, user, page in (
            ("coach", c.coach, page_url("teacher-detail", public_id=c.teacher.public_id)),
            ("teacher", c.teacher, page_url("teacher-me")),
        ):
            client.force_login(user)
            with django_assert_max_num_queries(30) as ctx:
                assert client.get(page).status_code == 200
            counts[who].append(len(ctx.captured_queries))
    assert counts["coach"][0] == counts["coach"][1], counts
    assert counts["teacher"][0] == counts["teacher"][1], counts


def test_teacher_page_shows_goal_progress(caseload, client, module):
    c = caseload
    services.goal_create(
        actor=c.coach, teacher=c.teacher, statement="Exit tickets", modules=[module]
    )
    client.force_login(c.teacher)
    page = text(client.get(page_url("teacher-me")))
    assert "Exit tickets" in page
    assert f"Module not finished yet: {module.title}" in page
