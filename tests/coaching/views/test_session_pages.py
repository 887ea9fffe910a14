"""The sessions on the two teacher pages in keyset pages: a second page past a page's
worth, every session once walking them (the coach's page only the coach's own), the
pager landing on the sessions, and a page's queries not growing with the sessions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coaching.models import CoachingAssignment
from coaching.selectors import sessions as selector
from tests.coaching.factories import CoachingSessionFactory
from tests.coaching.support import page_url
from tests.core.keyset_support import link, queries_of, seen_once, walk

pytestmark = pytest.mark.django_db

NAV = "Pages of sessions"


def logged(c, n: int, *, coach=None, start: int = 0) -> list:
    """`n` sessions of `coach` (the caseload's) with the teacher, two on each day."""
    coach = coach or c.coach
    assignment = CoachingAssignment.objects.filter(teacher=c.teacher).first()
    return [
        CoachingSessionFactory(
            assignment=assignment,
            coach=coach,
            held_on=timezone.localdate() - datetime.timedelta(days=60 - (start + i) // 2),
        )
        for i in range(start, start + n)
    ]


def markers(sessions) -> list[str]:
    ordered = sorted(sessions, key=lambda s: (s.held_on, s.pk), reverse=True)
    return [f'id="session-{s.public_id}"' for s in ordered]


def test_the_coach_walks_their_own_sessions_once(caseload, client, monkeypatch):
    monkeypatch.setattr(selector, "SESSIONS_PER_PAGE", 3)
    c = caseload
    own = logged(c, 7)
    theirs = logged(c, 2, coach=c.other_coach, start=1)  # another coach's log
    client.force_login(c.coach)
    url = page_url("teacher-detail", public_id=c.teacher.public_id)

    pages = walk(client, url, nav=NAV)

    assert len(pages) == 3
    assert '#sessions" rel="next">Earlier sessions</a>' in pages[0]  # lands on the list
    assert seen_once(pages, markers(own)) == markers(own)
    assert not any(m in page for m in markers(theirs) for page in pages)
    back = client.get(url + link(pages[2], "prev", NAV)).content.decode()
    assert [m for m in markers(own) if m in back] == markers(own)[3:6]


def test_the_teacher_walks_every_session_about_them_once(caseload, client, monkeypatch):
    monkeypatch.setattr(selector, "SESSIONS_PER_PAGE", 4)
    c = caseload
    about_me = logged(c, 5) + logged(c, 3, coach=c.other_coach, start=1)
    client.force_login(c.teacher)

    pages = walk(client, page_url("teacher-me"), nav=NAV)

    assert len(pages) == 2
    assert seen_once(pages, markers(about_me)) == markers(about_me)


@pytest.mark.parametrize("who", ["coach", "teacher"])
def test_a_page_of_sessions_runs_the_same_queries_for_3_or_40(caseload, client, who, monkeypatch):
    monkeypatch.setattr(selector, "SESSIONS_PER_PAGE", 10)
    c = caseload
    url = (
        page_url("teacher-detail", public_id=c.teacher.public_id)
        if who == "coach"
        else page_url("teacher-me")
    )
    logged(c, 3)
    client.force_login(getattr(c, who))
    few = queries_of(client, url)
    logged(c, 37, start=3)
    first = client.get(url).content.decode()
    assert first.count('<article class="card session"') == 10
    assert queries_of(client, url) == few
    assert queries_of(client, url + link(first, "next", NAV)) == few
