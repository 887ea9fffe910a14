"""My learning in keyset pages: in progress and finished each paged by its own cursor
(the other's kept), every module once walking them, and a page's queries not growing
with the enrollments."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from courses.views.learn import library as views
from tests.accounts.factories import DistrictFactory, UserFactory
from tests.core.keyset_support import link, queries_of, seen_once, walk
from tests.courses.factories import EnrollmentFactory, ModuleFactory

pytestmark = pytest.mark.django_db

URL = "/learn/mine/"
BASE = timezone.now() - datetime.timedelta(days=30)
_n = itertools.count()
GOING, DONE = "Pages of modules in progress", "Pages of finished modules"


def enrolled(learner, n: int, *, finished: bool, start: int = 0) -> list[Enrollment]:
    """`n` enrollments of new modules, two last active at each instant."""
    district = DistrictFactory()
    rows = []
    for i in range(start, start + n):
        module = ModuleFactory(organization=district, title=f"Learning {next(_n):04d}")
        at = BASE + datetime.timedelta(hours=i // 2)
        rows.append(
            EnrollmentFactory(
                learner=learner,
                module=module,
                last_active_at=at,
                completed_at=at if finished else None,
            )
        )
    return rows


def titles(rows: list[Enrollment]) -> list[str]:
    ordered = sorted(rows, key=lambda e: (e.last_active_at, e.pk), reverse=True)
    return [f">{e.module.title}</a>" for e in ordered]


def test_in_progress_and_finished_page_separately_and_keep_each_other(client, monkeypatch):
    monkeypatch.setattr(views, "LEARNING_PER_PAGE", 3)
    me = UserFactory()
    going = enrolled(me, 7, finished=False)
    done = enrolled(me, 5, finished=True, start=1)
    enrolled(UserFactory(), 4, finished=False)  # someone else's
    client.force_login(me)
    assert reverse("courses:enrollment-mine") == URL

    first = client.get(URL).content.decode()
    assert f'aria-label="{GOING}"' in first
    assert f'aria-label="{DONE}"' in first

    # Walking what is in progress: every module once, the finished list stays on its page.
    pages = walk(client, URL, nav=GOING)
    assert len(pages) == 3
    assert seen_once(pages, titles(going)) == titles(going)
    for page in pages:
        assert [t for t in titles(done) if t in page] == titles(done)[:3]

    # The finished list's next page keeps the in-progress list where it was.
    second = client.get(URL + link(first, "next", GOING)).content.decode()
    finished_next = link(second, "next", DONE)
    assert "cursor=" in finished_next
    both = client.get(URL + finished_next).content.decode()
    assert [t for t in titles(going) if t in both] == titles(going)[3:6]
    assert [t for t in titles(done) if t in both] == titles(done)[3:]

    # Walking the finished list alone: each once.
    done_pages = walk(client, URL, nav=DONE)
    assert len(done_pages) == 2
    finished_only = [p.split('id="finished-h"')[1] for p in done_pages]
    assert seen_once(finished_only, titles(done)) == titles(done)


def test_a_page_of_my_learning_runs_the_same_queries_for_3_or_40(client, monkeypatch):
    monkeypatch.setattr(views, "LEARNING_PER_PAGE", 10)
    me = UserFactory()
    enrolled(me, 2, finished=False)
    enrolled(me, 1, finished=True)
    client.force_login(me)
    few = queries_of(client, URL)
    enrolled(me, 20, finished=False, start=2)
    enrolled(me, 17, finished=True, start=2)
    first = client.get(URL).content.decode()
    assert first.count("Resume") == 10
    assert queries_of(client, URL) == few
    assert queries_of(client, URL + link(first, "next", GOING)) == few
    assert queries_of(client, URL + link(first, "next", DONE)) == few
