"""Goals: written by the coach, moved and stepped by the teacher and their coach."""

import pytest

from coaching.models import Goal
from tests.coaching.support import page_url, text

pytestmark = pytest.mark.django_db


def test_goals_created_by_the_coach_moved_and_stepped_by_both(caseload, client, module):
    c = caseload
    client.force_login(c.coach)
    response = client.post(
        page_url("goal-create", public_id=c.teacher.public_id),
        {"statement": "Use exit tickets daily", "modules": [str(module.public_id)]},
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert list(goal.modules.all()) == [module]
    teacher_page = text(client.get(page_url("teacher-detail", public_id=c.teacher.public_id)))
    assert f"Module not finished yet: {module.title}" in teacher_page

    client.force_login(c.teacher)
    assert (
        client.post(
            page_url("goal-status", public_id=goal.public_id), {"status": "in_progress"}
        ).status_code
        == 302
    )
    client.post(
        page_url("action-step-create", public_id=goal.public_id),
        {"description": "Draft three tickets", "owner": "teacher"},
    )
    step = goal.action_steps.get()
    assert step.owner == c.teacher
    client.post(page_url("action-step-done", public_id=step.public_id), {"done": "on"})
    step.refresh_from_db()
    assert step.done_at is not None
    goal.refresh_from_db()
    assert goal.status == Goal.Status.IN_PROGRESS
    # An illegal move is refused with its message, nothing changed.
    client.post(page_url("goal-status", public_id=goal.public_id), {"status": "met"})
    response = client.post(
        page_url("goal-status", public_id=goal.public_id), {"status": "not_started"}, follow=True
    )
    assert "cannot become" in text(response)
    goal.refresh_from_db()
    assert goal.status == Goal.Status.MET

    # Others: a teacher who is not theirs, and the coach of someone else.
    for outsider in (c.teacher2, c.other_coach):
        client.force_login(outsider)
        assert (
            client.post(
                page_url("goal-status", public_id=goal.public_id), {"status": "in_progress"}
            ).status_code
            == 404
        )
        assert (
            client.post(page_url("action-step-done", public_id=step.public_id), {}).status_code
            == 404
        )
