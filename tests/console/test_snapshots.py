"""The dashboard's stored snapshots (console.services.snapshots): pages read them in a
few queries whatever the data, say when the figures are from, refresh a stale one
once, compute a missing one in the request only with no broker, and compute nothing
for someone who may not see the district."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import DistrictSettings, Organization
from console import tasks
from console.forms import default_range, school_year_range
from console.models import DashboardSnapshot
from console.selectors.dashboard import district_dashboard_compute
from console.selectors.payload import dashboard_from_payload
from console.services import snapshots
from console.services.snapshots import (
    COMPUTING_FOR,
    DashboardFigures,
    dashboard_snapshot_refresh,
)
from courses.models import Enrollment
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory
from tests.courses.factories import EnrollmentFactory, ModuleFactory

from .dashboard_data import ago, build, table

pytestmark = pytest.mark.django_db

URL = reverse("console:dashboard")
CSV_URL = reverse("console:dashboard-export")
REFRESH_URL = reverse("console:dashboard-refresh")


@pytest.fixture
def data():
    return build(threshold=2)


@pytest.fixture
def broker(settings):
    """A Celery broker and worker elsewhere: refreshes are queued, not run (delay mocked)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch.object(tasks.refresh_dashboard_snapshot, "delay") as delay:
        yield delay


def refresh(data, start=None, end=None):
    if start is None:
        start, end = default_range()
    return dashboard_snapshot_refresh(district=data.district, start=start, end=end)


def age(snapshot, minutes):
    """Make the snapshot's figures `minutes` old."""
    snapshot.computed_at = timezone.now() - timedelta(minutes=minutes)
    snapshot.save(update_fields=["computed_at"])


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


# Served from the snapshot ---------------------------------------------------------------


def test_the_page_from_a_snapshot_is_the_page_from_a_fresh_computation(data, client):
    snapshot = refresh(data)
    client.force_login(data.admin)
    stored = client.get(URL)
    start, end = default_range()
    fresh = DashboardFigures(
        district_dashboard_compute(district=data.district, start=start, end=end),
        snapshot.computed_at,
        refreshing=False,
    )
    with mock.patch("console.views.dashboard.dashboard_snapshot_serve", return_value=fresh):
        computed = client.get(URL)
    assert stored.context["dashboard"] == fresh.dashboard
    assert without_tokens(stored.content.decode()) == without_tokens(computed.content.decode())
    # Read back from the database (JSON, or PostgreSQL's jsonb), the dataclasses are equal.
    snapshot.refresh_from_db()
    assert dashboard_from_payload(snapshot.payload, district=data.district) == fresh.dashboard


def add_schools(data, n):
    """`n` more schools of the district, each with a teacher who started a module."""
    module = ModuleFactory(organization=data.district, minutes=10)
    for _ in range(n):
        school = SchoolFactory(parent=data.district)
        teacher = MembershipFactory(organization=school).user
        EnrollmentFactory(learner=teacher, module=module, started_at=ago(3))


def test_a_page_from_a_snapshot_takes_few_queries_whatever_the_rows(data, client):
    client.force_login(data.admin)
    counts, rows = [], []
    for more in (1, 27):  # 3 schools, then 30
        add_schools(data, more)
        refresh(data)
        client.get(URL)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        counts.append(len(ctx.captured_queries))
        rows.append(len(response.context["dashboard"].sections[0].tables[0].rows))
    assert rows == [3, 30]
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12
    snapshot_reads = [q for q in ctx.captured_queries if "console_dashboardsnapshot" in q["sql"]]
    assert len(snapshot_reads) == 1


def test_a_fresh_snapshot_is_served_as_stored_not_recomputed(data, client):
    refresh(data)
    Enrollment.objects.all().delete()  # after the snapshot: not seen until the next refresh
    client.force_login(data.admin)
    with mock.patch.object(snapshots, "district_dashboard_compute") as compute:
        d = client.get(URL).context["dashboard"]
    compute.assert_not_called()
    assert table(d, "pd-by-school")["Alder School"] == ["4", "4", "2", "40"]


# When the figures are from --------------------------------------------------------------


def test_the_page_says_when_its_figures_are_from(data, client, settings):
    settings.TIME_ZONE = "America/Boise"
    when = datetime(2026, 12, 7, 13, 53, tzinfo=ZoneInfo("America/Boise"))
    with time_machine.travel(when, tick=False):
        refresh(data)
    client.force_login(data.admin)
    with time_machine.travel(when + timedelta(minutes=10), tick=False):
        page = client.get(URL).content.decode()
        other_range = client.get(
            URL, {"start": "2026-11-01", "end": "2026-11-30", "district": data.district.slug}
        ).content.decode()
    assert (
        'Figures as of <time datetime="2026-12-07T13:53:00-07:00">Dec 7, 2026, 1:53 p.m.</time> '
        "(refreshed every 15 minutes)." in page
    )
    assert "Newer figures are being computed" not in page
    # A range chosen by hand is not kept fresh by beat: it is refreshed when opened.
    assert "(refreshed when the page is opened more than 15 minutes later)." in other_range
    assert 'Figures as of <time datetime="2026-12-07T14:03:00-07:00">' in other_range


def test_the_label_follows_the_maximum_age(data, client, settings):
    settings.DASHBOARD_MAX_AGE = 5 * 60
    refresh(data)
    client.force_login(data.admin)
    assert "(refreshed every 5 minutes)." in client.get(URL).content.decode()


# Stale and missing ----------------------------------------------------------------------


def test_a_stale_snapshot_is_shown_and_one_refresh_queued(
    data, client, broker, django_capture_on_commit_callbacks
):
    snapshot = refresh(data)
    age(snapshot, 16)
    Enrollment.objects.all().delete()
    client.force_login(data.admin)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(URL)
        second = client.get(URL)  # a refresh is already queued: not another
    start, end = default_range()
    broker.assert_called_once_with(data.district.pk, start.isoformat(), end.isoformat())
    for response in (first, second):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Newer figures are being computed" in page
        assert table(response.context["dashboard"], "pd-by-school")["Alder School"] == [
            "4",
            "4",
            "2",
            "40",
        ]
    snapshot.refresh_from_db()
    assert snapshot.computing_since is not None
    # The queued task computes the new figures and clears the mark.
    tasks.refresh_dashboard_snapshot(data.district.pk, start.isoformat(), end.isoformat())
    snapshot.refresh_from_db()
    assert snapshot.computing_since is None
    assert timezone.now() - snapshot.computed_at < timedelta(minutes=1)
    assert table(client.get(URL).context["dashboard"], "pd-by-school") == {}


def test_a_lost_refresh_is_queued_again_after_a_while(
    data, client, broker, django_capture_on_commit_callbacks
):
    snapshot = refresh(data)
    age(snapshot, 30)
    client.force_login(data.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(URL)
        DashboardSnapshot.objects.filter(pk=snapshot.pk).update(
            computing_since=timezone.now() - COMPUTING_FOR - timedelta(seconds=1)
        )
        client.get(URL)
    assert broker.call_count == 2


def test_a_missing_snapshot_is_queued_and_the_page_says_it_is_being_computed(
    data, client, broker, django_capture_on_commit_callbacks
):
    client.force_login(data.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(URL)
        again = client.get(URL)
        csv_response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response.context["dashboard"] is None
    page = response.content.decode()
    assert "Figures for this range" in page
    assert "are being computed" in page
    assert 'hx-trigger="every 5s"' in page
    assert "Figures as of" not in page
    assert again.status_code == 200
    broker.assert_called_once()
    assert csv_response.status_code == 503
    assert csv_response["Retry-After"]
    placeholder = DashboardSnapshot.objects.get(district=data.district)
    assert placeholder.computed_at is None
    assert placeholder.computing_since is not None


def test_a_missing_snapshot_is_computed_in_the_request_with_no_broker(data, client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert not DashboardSnapshot.objects.exists()
    client.force_login(data.admin)
    response = client.get(URL)
    assert response.status_code == 200
    assert table(response.context["dashboard"], "pd-by-school")["Alder School"] == [
        "4",
        "4",
        "2",
        "40",
    ]
    snapshot = DashboardSnapshot.objects.get(district=data.district)
    start, end = default_range()
    assert (snapshot.start, snapshot.end) == (start, end)
    assert snapshot.computed_at is not None
    assert snapshot.computing_since is None
    assert "Figures as of" in response.content.decode()


def test_a_stale_snapshot_is_recomputed_in_the_request_with_no_broker(data, client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    snapshot = refresh(data)
    age(snapshot, 16)
    Enrollment.objects.all().delete()
    client.force_login(data.admin)
    d = client.get(URL).context["dashboard"]
    assert table(d, "pd-by-school") == {}
    snapshot.refresh_from_db()
    assert timezone.now() - snapshot.computed_at < timedelta(minutes=1)


def test_a_raised_threshold_withholds_at_once_not_at_the_next_refresh(data, client, broker):
    refresh(data)  # with the threshold of 2
    DistrictSettings.objects.filter(district=data.district).update(small_group_threshold=5)
    client.force_login(data.admin)
    response = client.get(URL)
    assert response.context["dashboard"] is None  # not the figures withheld below 2
    assert "are being computed" in response.content.decode()


def test_a_payload_of_another_version_is_computed_again(data, client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    snapshot = refresh(data)
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(payload={"version": 0})
    client.force_login(data.admin)
    assert client.get(URL).context["dashboard"] is not None
    snapshot.refresh_from_db()
    assert snapshot.payload["version"] != 0


# The CSV is the page's snapshot ---------------------------------------------------------


def test_the_csv_reads_the_same_snapshot_as_the_page(data, client, broker):
    snapshot = refresh(data)
    age(snapshot, 20)  # stale, and the data changed since
    Enrollment.objects.all().delete()
    client.force_login(data.admin)
    page = client.get(URL)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    by_school = {(r[2], r[3]): r[4] for r in rows if r[1] == "Professional learning by school"}
    assert by_school["Alder School", "Minutes"] == "40"  # the snapshot's, as on the page
    assert table(page.context["dashboard"], "pd-by-school")["Alder School"][3] == "40"
    snapshot.refresh_from_db()
    assert response["Last-Modified"] == (
        snapshot.computed_at.astimezone(ZoneInfo("UTC")).strftime("%a, %d %b %Y %H:%M:%S GMT")
    )


# Who may -------------------------------------------------------------------------------


def test_someone_who_may_not_see_the_district_gets_404_and_nothing_is_computed(
    data, client, broker
):
    other_admin = MembershipFactory(organization=DistrictFactory(), role="admin").user
    with mock.patch.object(snapshots, "district_dashboard_compute") as compute:
        for user, params in (
            (data.teachers[0], {}),
            (other_admin, {"district": data.district.slug}),
        ):
            client.force_login(user)
            assert client.get(URL, params).status_code == 404
            assert client.get(CSV_URL, params).status_code == 404
            post = {"district": data.district.slug, "start": "2026-01-01", "end": "2026-01-31"}
            assert client.post(REFRESH_URL, post).status_code == 404
    compute.assert_not_called()
    broker.assert_not_called()
    assert not DashboardSnapshot.objects.filter(district=data.district).exists()


def test_refresh_now_queues_a_refresh_for_the_admin(
    data, client, broker, django_capture_on_commit_callbacks
):
    refresh(data)
    client.force_login(data.admin)
    start, end = default_range()
    post = {"district": data.district.slug, "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REFRESH_URL, post)
        client.post(REFRESH_URL, post)  # one is queued already
    assert response.status_code == 302
    assert response["Location"].startswith(URL + "?district=")
    broker.assert_called_once_with(data.district.pk, start.isoformat(), end.isoformat())
    assert client.get(REFRESH_URL).status_code == 405
    page = client.get(URL).content.decode()
    assert f'action="{REFRESH_URL}"' in page
    assert "Refresh now" in page
    # The fresh figures stay, and the page says newer ones are on their way.
    assert "Newer figures are being computed" in page
    assert "Figures as of" in page


def test_refresh_now_needs_the_csrf_token(data):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(data.admin)
    start, end = default_range()
    post = {"district": data.district.slug, "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
    assert client.post(REFRESH_URL, post).status_code == 403


# Refreshing -----------------------------------------------------------------------------


def test_a_refresh_never_replaces_figures_computed_later(data):
    snapshot = refresh(data)
    later = timezone.now() + timedelta(minutes=5)
    DashboardSnapshot.objects.filter(pk=snapshot.pk).update(computed_at=later)
    refresh(data)
    snapshot.refresh_from_db()
    assert snapshot.computed_at == later


def test_a_failed_refresh_clears_its_mark_and_keeps_the_figures(data):
    snapshot = refresh(data)
    payload = snapshot.payload
    with (
        mock.patch.object(snapshots, "district_dashboard_compute", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        refresh(data)
    snapshot.refresh_from_db()
    assert snapshot.computing_since is None
    assert snapshot.payload == payload


def test_the_command_refreshes_every_district_over_the_default_ranges(data):
    second = DistrictFactory()
    custom = refresh(data, *default_range(timezone.localdate() - timedelta(days=30)))
    DashboardSnapshot.objects.filter(pk=custom.pk).update(
        computed_at=timezone.now() - timedelta(days=8)
    )
    out = io.StringIO()
    call_command("refresh_dashboards", stdout=out)
    ranges = {default_range(), school_year_range()}
    for district in (data.district, second):
        found = set(
            DashboardSnapshot.objects.filter(district=district, computed_at__isnull=False)
            .values_list("start", "end")
            .distinct()
        )
        assert found == ranges
    assert not DashboardSnapshot.objects.filter(pk=custom.pk).exists()  # unused for a week
    assert "removed 1 unused snapshot" in out.getvalue()


def test_beat_queues_one_refresh_per_district_and_range(
    data, broker, django_capture_on_commit_callbacks
):
    DistrictFactory()
    districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT).count()
    n = districts * len({default_range(), school_year_range()})
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.refresh_dashboards() == n
        assert tasks.refresh_dashboards() == 0  # all still queued
    assert broker.call_count == n
    assert DashboardSnapshot.objects.filter(computing_since__isnull=False).count() == n


def test_beat_runs_the_refresh_every_maximum_age(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-snapshots"]
    assert entry["task"] == "console.tasks.refresh_dashboards"
    assert entry["schedule"] == settings.DASHBOARD_MAX_AGE == 15 * 60
