"""The API's cursor pagination (core.pagination.api), through my badges' API: `next`
walks every row exactly once, also with rows inserted between pages; `page_size` is
capped; a forged cursor reads the first page; the query count does not grow."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from core.pagination.api import MAX_PAGE_SIZE, CursorPagination
from tests.accounts.factories import UserFactory
from tests.badges.factories import AssertionFactory, BadgeClassFactory, IssuerFactory

pytestmark = pytest.mark.django_db

MINE = "/api/v1/assertions/mine"
NOW = timezone.now().replace(microsecond=654321)


@pytest.fixture
def me():
    return UserFactory()


@pytest.fixture
def badge():
    """The issuer every badge is from (one assertion a badge class and person)."""
    return IssuerFactory()


def held(me, badge, n: int, *, days: float = 0, step: float = 1):
    return [
        AssertionFactory(
            recipient=me,
            badge_class=BadgeClassFactory(issuer=badge),
            issued_on=NOW - datetime.timedelta(days=days + (i // 2) * step),  # ties by twos
        )
        for i in range(n)
    ]


def ids(body) -> list[str]:
    return [row["id"] for row in body["results"]]


def test_the_default_pagination_is_the_cursor():
    from django.conf import settings

    assert (
        settings.REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"]
        == "core.pagination.api.CursorPagination"
    )
    assert CursorPagination.page_size == 50
    assert MAX_PAGE_SIZE == 200


def test_next_walks_every_row_once_under_inserts(client, me, badge):
    originals = held(me, badge, 9, days=1)
    client.force_login(me)
    body = client.get(MINE, {"page_size": 2}).json()
    assert set(body) == {"next", "previous", "results"}
    assert body["previous"] is None
    seen = ids(body)
    # Rows that sort before page 1 (newer), in the middle and after the end (older).
    held(me, badge, 2, days=0)
    held(me, badge, 1, days=2.5)
    held(me, badge, 1, days=30)
    while body["next"]:
        assert "page_size=2" in body["next"]
        body = client.get(body["next"]).json()
        assert body["previous"]
        seen += ids(body)
    wanted = [
        str(a.public_id) for a in sorted(originals, key=lambda a: (a.issued_on, a.pk), reverse=True)
    ]
    assert [i for i in seen if i in set(wanted)] == wanted  # none repeated or skipped


def test_previous_link_goes_back(client, me, badge):
    held(me, badge, 5)
    client.force_login(me)
    first = client.get(MINE, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert ids(client.get(third["previous"]).json()) == ids(second)
    back = client.get(second["previous"]).json()
    assert ids(back) == ids(first)
    assert back["previous"] is None


def test_page_size_is_capped_and_a_forged_cursor_reads_the_first_page(client, me, badge):
    held(me, badge, 3)
    client.force_login(me)
    first = client.get(MINE, {"page_size": 1}).json()
    assert len(first["results"]) == 1
    cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
    for forged in ["nonsense", cursor[:-2] + "zz", "eyJkIjoibiJ9"]:
        got = client.get(MINE, {"page_size": 1, "cursor": forged})
        assert got.status_code == 200
        assert ids(got.json()) == ids(first)
    assert CursorPagination().get_page_size(_request({"page_size": "100000"})) == MAX_PAGE_SIZE


def _request(params):
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    return Request(APIRequestFactory().get("/", params))


@pytest.mark.parametrize("rows", [5, 60])
def test_queries_a_page_do_not_grow_with_rows(
    rows, client, me, badge, django_assert_max_num_queries
):
    held(me, badge, rows)
    client.force_login(me)
    # Session, user, one page (no COUNT); the second page the same.
    with django_assert_max_num_queries(4) as captured:
        body = client.get(MINE, {"page_size": 4}).json()
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    with django_assert_max_num_queries(4):
        assert len(client.get(body["next"]).json()["results"]) == min(4, rows - 4)
