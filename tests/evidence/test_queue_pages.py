"""The review queue in keyset pages: the cursor and the filters together, the caption's
capped count, and a page's queries not growing with the queue."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evidence.views import lists
from tests.evidence.factories import ApprovalPolicyFactory
from tests.evidence.test_views import detail, placed_student, submitted

pytestmark = pytest.mark.django_db

QUEUE = "/evidence/queue/"


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a href="(\?[^"]*)" rel="{rel}"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def test_cursor_and_filters_walk_the_filtered_queue_once(client, world, monkeypatch):
    monkeypatch.setattr(lists, "QUEUE_PAGE_SIZE", 2)
    monkeypatch.setattr(lists, "QUEUE_COUNT_CAP", 4)
    other_badge = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district,
        allow_supervisor=True,
        required_kinds=["supervisor"],
    ).badge_class
    mine, others = [], []
    start = timezone.now() - datetime.timedelta(days=20)
    for i in range(5):
        with time_machine.travel(start + datetime.timedelta(days=i)):
            mine.append(submitted(world, earner=placed_student(world), badge=other_badge))
            others.append(submitted(world, earner=placed_student(world)))
    assert reverse("evidence:review-queue") == QUEUE
    client.force_login(world.supervisor)

    page = client.get(QUEUE, {"badge": other_badge.slug}).content.decode()
    assert "4+ submissions waiting" in page  # capped count: the cap is 4
    assert link(page, "prev") is None
    seen, pages = [], 0
    while True:
        pages += 1
        seen += [s for s in mine + others if detail(s) in page]
        nxt = link(page, "next")
        if nxt is None:
            break
        assert f"badge={other_badge.slug}" in nxt  # the filter rides along
        page = client.get(QUEUE + nxt).content.decode()
        assert 'aria-label="Queue pages"' in page
        assert link(page, "prev")
    assert pages == 3
    assert seen == mine  # oldest first, each once, only the filtered badge

    # Back from the last page: the middle page again, with the filter.
    back = client.get(QUEUE + link(page, "prev")).content.decode()
    assert [s for s in mine if detail(s) in back] == mine[2:4]


def test_a_garbage_cursor_reads_the_first_page(client, world, monkeypatch):
    monkeypatch.setattr(lists, "QUEUE_PAGE_SIZE", 1)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        old = submitted(world)
    submitted(world, earner=placed_student(world))
    client.force_login(world.supervisor)
    for cursor in ["junk", "eyJkIjoibiJ9:abc", "%ff"]:
        got = client.get(QUEUE, {"cursor": cursor, "page": "7"})
        assert got.status_code == 200
        page = got.content.decode()
        assert detail(old) in page
        assert "2 submissions waiting" in page
