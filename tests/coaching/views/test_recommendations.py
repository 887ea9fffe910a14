"""Recommending a module, and the teacher dismissing it."""

import pytest
from django.urls import reverse

from coaching import services
from tests.coaching.support import page_url, text

pytestmark = pytest.mark.django_db


def test_teacher_sees_and_dismisses_a_recommendation(caseload, client, module):
    c = caseload
    rec = services.recommendation_create(
        actor=c.coach, teacher=c.teacher, module=module, note="Try it"
    )
    client.force_login(c.teacher2)
    assert (
        client.post(page_url("recommendation-dismiss", public_id=rec.public_id)).status_code == 404
    )
    client.force_login(c.teacher)
    page = text(client.get(page_url("teacher-me")))
    assert "Recommended by your coach" in page
    assert module.title in page
    assert "Try it" in page
    assert (
        client.post(page_url("recommendation-dismiss", public_id=rec.public_id)).status_code == 302
    )
    rec.refresh_from_db()
    assert rec.dismissed_at is not None
    page = text(client.get(page_url("teacher-me")))
    assert "No recommendations right now." in page
    assert reverse("courses:module-detail", kwargs={"public_id": module.public_id}) not in page
