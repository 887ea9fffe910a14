"""My submissions in keyset pages: a second page past a page's worth, every row once
walking them (the ones I made for students too), and a page's queries not growing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.models import Submission
from evidence.views import lists
from tests.core.keyset_support import link, queries_of, seen_once, walk
from tests.evidence.test_views import detail

pytestmark = pytest.mark.django_db

BASE = timezone.now() - datetime.timedelta(days=60)


def closed(world, n: int, *, earner=None, by=None, start: int = 0) -> list[Submission]:
    """`n` withdrawn submissions (closed, so many of one badge), two at each instant."""
    earner = earner or world.student
    return Submission.objects.bulk_create(
        Submission(
            earner=earner,
            submitted_by=by or earner,
            badge_class=world.badge,
            status=Submission.Status.WITHDRAWN,
            updated_at=BASE + datetime.timedelta(hours=(start + i) // 2),
        )
        for i in range(n)
    )


def newest_first(rows: list[Submission]) -> list[Submission]:
    return sorted(rows, key=lambda s: (s.updated_at, s.pk), reverse=True)


def test_my_submissions_walk_every_row_once_newest_first(client, world, monkeypatch):
    monkeypatch.setattr(lists, "MINE_PAGE_SIZE", 4)
    # The teacher's own, and the ones they started for a student (both are "mine").
    own = closed(world, 5, earner=world.teacher)
    for_student = closed(world, 6, by=world.teacher, start=1)
    closed(world, 3, earner=world.other_student)  # someone else's
    client.force_login(world.teacher)
    url = reverse("evidence:submission-list")

    pages = walk(client, url)

    assert len(pages) == 3
    assert link(pages[0], "prev") is None
    assert 'aria-label="Pages of my submissions"' in pages[1]
    expected = [detail(s) for s in newest_first(own + for_student)]
    assert seen_once(pages, expected) == expected
    everyone = Submission.objects.exclude(pk__in=[s.pk for s in own + for_student])
    assert not any(detail(s) in page for s in everyone for page in pages)

    # Back from the last page: the middle one again.
    back = client.get(url + link(pages[2], "prev")).content.decode()
    assert [m for m in expected if m in back] == expected[4:8]


def test_a_page_of_my_submissions_fits_one_page_without_a_pager(client, world, monkeypatch):
    monkeypatch.setattr(lists, "MINE_PAGE_SIZE", 4)
    closed(world, 4)
    client.force_login(world.student)
    page = client.get(reverse("evidence:submission-list")).content.decode()
    assert 'aria-label="Pages of my submissions"' not in page
    assert link(page, "next") is None


def test_a_page_of_my_submissions_runs_the_same_queries_for_3_or_40(client, world, monkeypatch):
    monkeypatch.setattr(lists, "MINE_PAGE_SIZE", 10)
    client.force_login(world.teacher)
    url = reverse("evidence:submission-list")
    closed(world, 2, earner=world.teacher)
    closed(world, 1, by=world.teacher)
    few = queries_of(client, url)
    closed(world, 20, earner=world.teacher, start=10)
    closed(world, 17, by=world.teacher, start=40)
    first = client.get(url).content.decode()
    assert queries_of(client, url) == few
    assert queries_of(client, url + link(first, "next")) == few
