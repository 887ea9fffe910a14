"""The console's CSV award jobs in keyset pages: a second page past a page's worth,
every job once walking them (only those of the badges the admin awards), and a page's
queries not growing with the jobs."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.models import BulkAwardJob
from pathways.views.console import bulk
from tests.accounts.factories import UserFactory
from tests.badges.factories import BadgeClassFactory
from tests.core.keyset_support import link, queries_of, seen_once, walk

pytestmark = pytest.mark.django_db

LIST = reverse("pathways:console-bulk-list")
BASE = timezone.now() - datetime.timedelta(days=10)


def jobs(badge, actor, n: int, start: int = 0) -> list[BulkAwardJob]:
    """`n` previewed jobs, two uploaded at each instant."""
    return BulkAwardJob.objects.bulk_create(
        BulkAwardJob(
            badge_class=badge,
            actor=actor,
            file_name=f"file-{i:03d}.csv",
            created_at=BASE + datetime.timedelta(minutes=i // 2),
        )
        for i in range(start, start + n)
    )


def markers(rows: list[BulkAwardJob]) -> list[str]:
    ordered = sorted(rows, key=lambda j: (j.created_at, j.pk), reverse=True)
    return [
        reverse("pathways:console-bulk-detail", kwargs={"public_id": j.public_id}) for j in ordered
    ]


def test_the_job_list_walks_every_job_once_newest_first(client, admin, badge, monkeypatch):
    monkeypatch.setattr(bulk, "JOBS_PER_PAGE", 4)
    mine = jobs(badge, admin, 10)
    elsewhere = jobs(BadgeClassFactory(), UserFactory(), 3, start=100)  # another issuer's
    client.force_login(admin)

    pages = walk(client, LIST)

    assert len(pages) == 3
    assert 'aria-label="Pages of CSV awards"' in pages[0]
    assert link(pages[0], "prev") is None
    assert seen_once(pages, markers(mine)) == markers(mine)
    assert not any(m in page for m in markers(elsewhere) for page in pages)
    back = client.get(LIST + link(pages[2], "prev")).content.decode()
    assert [m for m in markers(mine) if m in back] == markers(mine)[4:8]


def test_a_page_of_jobs_runs_the_same_queries_for_3_or_40(client, admin, badge, monkeypatch):
    monkeypatch.setattr(bulk, "JOBS_PER_PAGE", 10)
    jobs(badge, admin, 3)
    client.force_login(admin)
    few = queries_of(client, LIST)
    jobs(badge, admin, 37, start=3)
    first = client.get(LIST).content.decode()
    assert first.count(".csv</td>") == 10
    assert queries_of(client, LIST) == few
    assert queries_of(client, LIST + link(first, "next")) == few
