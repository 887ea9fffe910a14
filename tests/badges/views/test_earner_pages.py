"""My badges in keyset pages: a second page past a page's worth, every badge once
walking them, the filters riding along with the cursor, and a page's queries not
growing with the badges held."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.models import Assertion
from badges.views import earner
from tests.accounts.factories import UserFactory
from tests.badges.factories import AssertionFactory, BadgeClassFactory
from tests.core.keyset_support import link, queries_of, seen_once, walk

pytestmark = pytest.mark.django_db

URL = "/badges/mine/"
BASE = timezone.now() - datetime.timedelta(days=90)


def held(recipient, n: int, *, revoked: bool, start: int = 0) -> list[Assertion]:
    """`n` badges of one new badge class: revoked ones (so many of one class may be held),
    or one valid one per new class; two issued at each instant."""
    badge = BadgeClassFactory()
    rows = []
    for i in range(start, start + n):
        rows.append(
            AssertionFactory(
                badge_class=badge if revoked else BadgeClassFactory(issuer=badge.issuer),
                recipient=recipient,
                issued_on=BASE + datetime.timedelta(hours=i // 2),
                revoked_at=timezone.now() if revoked else None,
                revocation_reason="Issued in error" if revoked else "",
            )
        )
    return rows


def marker(a: Assertion) -> str:
    return f'id="b-{a.public_id}"'


def newest_first(rows: list[Assertion]) -> list[str]:
    return [marker(a) for a in sorted(rows, key=lambda a: (a.issued_on, a.pk), reverse=True)]


def test_my_badges_walk_every_badge_once_newest_first(client, monkeypatch):
    monkeypatch.setattr(earner, "MINE_PAGE_SIZE", 3)
    me = UserFactory()
    mine = held(me, 4, revoked=False) + held(me, 4, revoked=True, start=1)
    held(UserFactory(), 2, revoked=True)  # someone else's
    client.force_login(me)
    assert reverse("badges:assertion-mine") == URL

    pages = walk(client, URL)

    assert len(pages) == 3
    assert 'aria-label="Pages of my badges"' in pages[0]
    assert link(pages[0], "prev") is None
    expected = newest_first(mine)
    assert seen_once(pages, expected) == expected
    others = Assertion.objects.exclude(recipient=me)
    assert not any(marker(a) in page for a in others for page in pages)
    back = client.get(URL + link(pages[2], "prev")).content.decode()
    assert [m for m in expected if m in back] == expected[3:6]


def test_my_badges_filter_rides_along_with_the_cursor(client, monkeypatch):
    monkeypatch.setattr(earner, "MINE_PAGE_SIZE", 2)
    me = UserFactory()
    valid = held(me, 3, revoked=False)
    revoked = held(me, 5, revoked=True, start=1)
    client.force_login(me)

    pages = walk(client, URL, {"status": "revoked"})

    assert len(pages) == 3
    for page in pages[1:]:
        assert "Clear filters" in page  # still filtered on later pages
    assert "status=revoked" in link(pages[0], "next")
    expected = newest_first(revoked)
    assert seen_once(pages, expected + [marker(a) for a in valid]) == expected


def test_a_page_of_my_badges_runs_the_same_queries_for_3_or_40(client, monkeypatch):
    monkeypatch.setattr(earner, "MINE_PAGE_SIZE", 10)
    me = UserFactory()
    held(me, 3, revoked=True)
    client.force_login(me)
    few = queries_of(client, URL)
    held(me, 37, revoked=True, start=3)
    first = client.get(URL).content.decode()
    assert first.count("Download PNG") == 10
    assert queries_of(client, URL) == few
    assert queries_of(client, URL + link(first, "next")) == few
