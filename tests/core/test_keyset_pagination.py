"""Keyset pages (core.pagination.keyset): stable under inserts, mixed directions, ties,
NULLs, forged cursors, and a query count that does not grow with the rows."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.http import QueryDict
from django.utils import timezone

from core.models import AuditEntry
from core.pagination import keyset_page
from core.pagination.keyset import decode_cursor, encode_cursor

pytestmark = pytest.mark.django_db

BASE = timezone.now().replace(microsecond=123456) - datetime.timedelta(days=30)
_seq = itertools.count()


def entry(minutes: float, action: str = "badgeclass.create", actor=None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        actor_label="test",
        action=action,
        target_type="x",
        target_id=str(next(_seq)),
        created_at=BASE + datetime.timedelta(minutes=minutes),
    )


def query(**params) -> QueryDict:
    q = QueryDict(mutable=True)
    for key, value in params.items():
        q[key] = value
    return q


def walk(queryset, ordering, per_page, data=None) -> list[list[int]]:
    """Every page's ids, following `next` from the first page."""
    pages = []
    page = keyset_page(queryset, data=data or query(), ordering=ordering, per_page=per_page)
    pages.append([r.pk for r in page.rows])
    while page.has_next:
        page = keyset_page(
            queryset, data=QueryDict(page.next_query), ordering=ordering, per_page=per_page
        )
        pages.append([r.pk for r in page.rows])
    return pages


def expected(ordering) -> list[int]:
    return list(AuditEntry.objects.order_by(*ordering).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "ordering",
    [
        ("created_at", "pk"),
        ("-created_at", "-pk"),
        ("action", "-created_at", "pk"),  # mixed directions
        ("-action", "created_at", "-pk"),
    ],
)
def test_walking_next_reads_every_row_once_in_order(ordering):
    for i in range(13):
        # Ties: three actions, and pairs of rows at the same instant.
        entry(minutes=i // 2, action=["a.one", "b.two", "c.three"][i % 3])
    pages = walk(AuditEntry.objects.all(), ordering, per_page=4)
    assert [len(p) for p in pages] == [4, 4, 4, 1]
    assert list(itertools.chain(*pages)) == expected(ordering)


def test_previous_walks_back_to_the_same_pages():
    for i in range(10):
        entry(minutes=i % 4, action=["a", "b"][i % 2])
    ordering = ("action", "-created_at", "pk")
    qs = AuditEntry.objects.all()
    forward = [keyset_page(qs, data=query(), ordering=ordering, per_page=3)]
    while forward[-1].has_next:
        forward.append(
            keyset_page(qs, data=QueryDict(forward[-1].next_query), ordering=ordering, per_page=3)
        )
    assert not forward[0].has_previous
    assert forward[0].previous_query == ""
    # From the last page back: each previous page is the one before it going forward.
    page = forward[-1]
    for before in reversed(forward[:-1]):
        assert page.has_previous
        page = keyset_page(qs, data=QueryDict(page.previous_query), ordering=ordering, per_page=3)
        assert [r.pk for r in page.rows] == [r.pk for r in before.rows]
    assert not page.has_previous


def test_stable_under_inserts_before_and_after():
    originals = [entry(minutes=i) for i in range(10)]
    ordering = ("-created_at", "-pk")
    qs = AuditEntry.objects.all()
    first = keyset_page(qs, data=query(), ordering=ordering, per_page=4)
    assert [r.pk for r in first.rows] == [e.pk for e in reversed(originals)][:4]
    # New rows that sort before page 1 (newer), among the pages, and after the end.
    entry(minutes=100)
    entry(minutes=100)
    entry(minutes=4.5)
    entry(minutes=-5)
    seen = [r.pk for r in first.rows]
    page = first
    while page.has_next:
        page = keyset_page(qs, data=QueryDict(page.next_query), ordering=ordering, per_page=4)
        seen += [r.pk for r in page.rows]
    original_ids = {e.pk for e in originals}
    got = [pk for pk in seen if pk in original_ids]
    assert len(got) == len(set(got)) == 10  # none repeated, none skipped
    assert got == [e.pk for e in reversed(originals)]


def test_a_garbage_or_tampered_cursor_reads_the_first_page():
    for i in range(5):
        entry(minutes=i)
    ordering = ("created_at", "pk")
    qs = AuditEntry.objects.all()
    first = [r.pk for r in keyset_page(qs, data=query(), ordering=ordering, per_page=2).rows]
    good = keyset_page(qs, data=query(), ordering=ordering, per_page=2).next_cursor
    other_ordering = encode_cursor(("-created_at", "-pk"), "n", [BASE, 1])
    wrong_length = encode_cursor(ordering, "n", [BASE.isoformat()])
    not_a_date = encode_cursor(ordering, "n", ["yesterday", 1])
    a_null = encode_cursor(ordering, "n", [None, 1])
    bad_direction = encode_cursor(ordering, "x", [BASE.isoformat(), 1])
    for cursor in [
        "garbage",
        "",
        good[:-3] + "abc",  # signature broken
        good.replace(":", "x", 1),
        "x" * 5000,
        other_ordering,
        wrong_length,
        not_a_date,
        a_null,
        bad_direction,
        "%00\u2603",
    ]:
        page = keyset_page(qs, data=query(cursor=cursor), ordering=ordering, per_page=2)
        assert [r.pk for r in page.rows] == first, cursor
        assert not page.has_previous


def test_cursor_keeps_microseconds_and_other_parameters():
    a = entry(minutes=0)
    b = AuditEntry.objects.create(
        actor_label="t",
        action="x",
        target_type="x",
        target_id="y",
        created_at=a.created_at + datetime.timedelta(microseconds=1),
    )
    ordering = ("created_at", "pk")
    page = keyset_page(
        AuditEntry.objects.all(), data=query(q="word", page="3"), ordering=ordering, per_page=1
    )
    assert [r.pk for r in page.rows] == [a.pk]
    nxt = QueryDict(page.next_query)
    assert nxt["q"] == "word"
    assert "page" not in nxt  # an old offset page number is dropped
    direction, values = decode_cursor(AuditEntry.objects.all(), ordering, nxt["cursor"])
    assert (direction, values) == ("n", [a.created_at, a.pk])
    second = keyset_page(AuditEntry.objects.all(), data=nxt, ordering=ordering, per_page=1)
    assert [r.pk for r in second.rows] == [b.pk]
    assert QueryDict(second.first_query).dict() == {"q": "word"}


def test_rows_with_null_in_a_nullable_ordering_field_are_left_out(django_user_model):
    user = django_user_model.objects.create_user(email="k@example.org", password="x")
    with_actor = [entry(minutes=i, actor=user) for i in range(3)]
    entry(minutes=10)  # actor NULL
    pages = walk(AuditEntry.objects.all(), ("actor", "created_at", "pk"), per_page=2)
    assert list(itertools.chain(*pages)) == [e.pk for e in with_actor]


def test_capped_count():
    for i in range(7):
        entry(minutes=i)
    qs = AuditEntry.objects.all()
    page = keyset_page(qs, data=query(), ordering=("pk",), per_page=2, count_cap=5)
    assert (page.count, page.count_capped, page.count_label) == (5, True, "5+")
    page = keyset_page(qs, data=query(), ordering=("pk",), per_page=2, count_cap=50)
    assert (page.count, page.count_capped, page.count_label) == (7, False, "7")
    assert keyset_page(qs, data=query(), ordering=("pk",), per_page=2).count_label == ""


@pytest.mark.parametrize("rows", [5, 60])
def test_one_query_a_page_whatever_the_rows(rows, django_assert_max_num_queries):
    for i in range(rows):
        entry(minutes=i)
    qs = AuditEntry.objects.all()
    ordering = ("-created_at", "-pk")
    with django_assert_max_num_queries(1):
        first = keyset_page(qs, data=query(), ordering=ordering, per_page=4)
    with django_assert_max_num_queries(1) as captured:
        keyset_page(qs, data=QueryDict(first.next_query), ordering=ordering, per_page=4)
    sql = captured.captured_queries[0]["sql"].upper()
    assert "COUNT(" not in sql
    assert "OFFSET" not in sql
    assert "LIMIT 5" in sql


@pytest.mark.parametrize("ordering", [("created_at", "pk"), ("action", "-created_at", "pk")])
def test_rows_by_key_reads_the_same_pages_in_two_queries(ordering, django_assert_num_queries):
    """The page's keys from the filtered queryset, its rows from the unfiltered one: the
    same rows in the same order, both ways, and nothing the filter leaves out."""
    for i in range(11):
        entry(minutes=i // 2, action=["a.one", "b.two", "c.three"][i % 3])
    entry(minutes=99, action="z.hidden")
    shown = AuditEntry.objects.exclude(action="z.hidden")
    rows = AuditEntry.objects.all()  # what a row shows; it filters nothing
    plain = walk(shown, ordering, per_page=4)
    page = keyset_page(shown, data=query(), ordering=ordering, per_page=4, rows_by_key=rows)
    split = [[r.pk for r in page.rows]]
    while page.has_next:
        data = QueryDict(page.next_query)
        with django_assert_num_queries(2):
            page = keyset_page(shown, data=data, ordering=ordering, per_page=4, rows_by_key=rows)
        split.append([r.pk for r in page.rows])
    assert split == plain
    hidden = AuditEntry.objects.get(action="z.hidden").pk
    assert hidden not in itertools.chain(*split)
    back = keyset_page(
        shown, data=QueryDict(page.previous_query), ordering=ordering, per_page=4, rows_by_key=rows
    )
    assert [r.pk for r in back.rows] == plain[-2]


def test_rows_by_key_leaves_out_a_row_gone_between_the_two_reads():
    """A row the page query chose but the row query no longer finds (deleted meanwhile)
    is left out of the page; the next page follows on from the rows before it."""
    for i in range(6):
        entry(minutes=i)
    ordering = ("created_at", "pk")
    everything = AuditEntry.objects.all()
    keys = list(everything.order_by(*ordering).values_list("pk", flat=True))
    gone = AuditEntry.objects.exclude(pk=keys[1])  # as if keys[1] was deleted
    page = keyset_page(everything, data=query(), ordering=ordering, per_page=3, rows_by_key=gone)
    assert [r.pk for r in page.rows] == [keys[0], keys[2]]
    after = keyset_page(
        everything, data=QueryDict(page.next_query), ordering=ordering, per_page=3, rows_by_key=gone
    )
    assert [r.pk for r in after.rows] == keys[3:]
