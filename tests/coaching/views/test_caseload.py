"""The caseload dashboard: only the coach's own teachers, follow-ups, queries."""

import datetime

import pytest
from django.urls import reverse

from coaching import services
from tests.coaching.support import (
    PRIVATE,
    add_teachers,
    log,
    page_url,
    submitted_for_coach_review,
    text,
    today,
)

pytestmark = pytest.mark.django_db


def test_dashboard_lists_only_my_caseload_with_follow_ups(caseload, client):
    c = caseload
    log(
        c,
        held_on=today() - datetime.timedelta(days=10),
        follow_up_on=today() - datetime.timedelta(days=2),
    )
    log(c, teacher=c.teacher2, follow_up_on=today() + datetime.timedelta(days=4))
    log(c, actor=c.other_coach, teacher=c.outsider_teacher)
    client.force_login(c.coach)
    page = text(client.get(page_url("caseload-dashboard")))
    assert c.teacher.name in page
    assert c.teacher2.name in page
    assert c.outsider_teacher.name not in page
    assert page.count(">overdue<") == 1  # said in words, not by colour alone
    assert page_url("session-create", public_id=c.teacher.public_id) in page
    assert page_url("teacher-detail", public_id=c.teacher2.public_id) in page
    assert PRIVATE not in page


def test_dashboard_links_waiting_submissions_to_the_review_queue(caseload, client):
    c = caseload
    submitted_for_coach_review(c)
    client.force_login(c.coach)
    page = text(client.get(page_url("caseload-dashboard")))
    assert "1 submission" in page
    assert reverse("evidence:review-queue") in page


def test_dashboard_is_for_coaches(caseload, client):
    client.force_login(caseload.teacher)
    assert client.get(page_url("caseload-dashboard")).status_code == 404
    client.logout()
    assert client.get(page_url("caseload-dashboard")).status_code == 302  # to sign in


def test_dashboard_queries_do_not_grow_with_teachers_or_sessions(
    caseload, client, django_assert_max_num_queries
):
    c = caseload
    log(c)
    client.force_login(c.coach)
    client.get(page_url("caseload-dashboard"))  # the session is warm for both counts
    counts = []
    for size in ("small", "larger"):
        if size == "larger":
            for t in add_teachers(c, 8):
                for days in range(3):
                    log(c, teacher=t, held_on=today() - datetime.timedelta(days=days))
                services.goal_create(actor=c.coach, teacher=t, statement="Exit tickets daily")
        with django_assert_max_num_queries(16) as ctx:
            response = client.get(page_url("caseload-dashboard"))
        assert response.content.decode().count('class="card caseload-row') == (
            2 if size == "small" else 10
        )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
