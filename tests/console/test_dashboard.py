"""The district dashboard: its numbers, small groups withheld, the date range, the CSV,
who may open it, and a number of queries that does not grow with the rows. The pages
read stored snapshots (tests/console/test_snapshots.py); with Celery eager, as here, a
range's first request computes its snapshot, so these tests see the data they made."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import DistrictSettings, Membership
from console.forms import default_range
from console.selectors.dashboard import dashboard_csv_rows, district_dashboard
from console.selectors.payload import dashboard_from_payload
from console.services.snapshots import dashboard_snapshot_refresh
from core.errors import NotFound
from courses.models import Enrollment
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .dashboard_data import build, figures, table

pytestmark = pytest.mark.django_db

URL = reverse("console:dashboard")
CSV_URL = reverse("console:dashboard-export")


@pytest.fixture
def data():
    return build(threshold=2)


def dashboard_of(data, *, days=90, end_days_ago=0):
    end = timezone.localdate() - timedelta(days=end_days_ago)
    return district_dashboard(
        viewer=data.admin, district=data.district, start=end - timedelta(days=days - 1), end=end
    )


# The numbers ----------------------------------------------------------------------------


def test_professional_learning_by_school(data):
    d = dashboard_of(data)
    assert table(d, "pd-by-school") == {
        "Alder School": ["4", "4", "2", "40"],
        "Birch School": ["<2", "suppressed", "suppressed", "suppressed"],
    }
    # Birch's one teacher could be worked out from the totals, so they are withheld.
    assert set(figures(d, "pd").values()) == {"suppressed"}
    assert next(s for s in d.sections if s.key == "pd").totals_note


def test_totals_show_when_nothing_would_give_a_group_away(data):
    Enrollment.objects.filter(learner=data.teachers[4]).delete()
    d = dashboard_of(data)
    assert figures(d, "pd") == {
        "Educators learning": "4",
        "Modules started": "4",
        "Modules finished": "2",
        "Minutes of learning finished": "40",
    }


def test_credentials_by_badge_and_school_with_pass_and_resubmission_rates(data):
    d = dashboard_of(data)
    # Revoked awards, awards outside the range and another district's badges are left out.
    assert table(d, "awards-by-badge") == {
        "Xylem Badge": ["4", "4"],
        "Yew Badge": ["<2", "suppressed"],
    }
    assert table(d, "awards-by-school") == {
        "Alder School": ["4", "4"],
        "Birch School": ["<2", "suppressed"],
    }
    assert table(d, "outcomes-by-badge") == {"Xylem Badge": ["3", "3", "67%", "33%"]}
    shown = figures(d, "credentials")
    assert shown["Evidence decided"] == "3"
    assert shown["Pass rate"] == "67%"
    assert shown["Resubmission rate"] == "33%"
    assert shown["Badges awarded"] == "suppressed"  # Yew's one recipient


def test_evidence_waiting_overdue_and_turnaround(data):
    d = dashboard_of(data)
    assert table(d, "waiting-by-badge") == {"Xylem Badge": ["2", "2", "1"]}
    # Decisions after 1, 2, 4 and 20 days: the median is the 2nd, the 90th percentile
    # the 4th (nearest rank), and one is past the 14-day target.
    assert table(d, "turnaround-by-badge") == {"Xylem Badge": ["3", "4", "2.0", "20.0", "1"]}
    assert figures(d, "evidence") == {
        "Waiting for a decision": "2",
        "Waiting past the target": "1",
        "Decisions": "4",
        "Median days to a decision": "2.0",
        "90th percentile days": "20.0",
        "Decided after the target": "1",
    }


def test_the_review_target_is_the_districts(data):
    DistrictSettings.objects.filter(district=data.district).update(review_target_days=30)
    d = dashboard_of(data)
    assert table(d, "waiting-by-badge") == {"Xylem Badge": ["2", "2", "0"]}
    assert figures(d, "evidence")["Decided after the target"] == "0"


def test_coaching_by_school_and_kind(data):
    d = dashboard_of(data)
    assert table(d, "coaching-by-school") == {
        "Alder School": ["2", "3", "135"],
        "Birch School": ["<2", "suppressed", "suppressed"],
    }
    assert table(d, "coaching-by-kind") == {"Observation": ["3", "4", "150"]}


# Suppression ----------------------------------------------------------------------------


def test_a_higher_threshold_withholds_more(data):
    DistrictSettings.objects.filter(district=data.district).update(small_group_threshold=4)
    d = dashboard_of(data)
    assert d.threshold == 4
    assert table(d, "pd-by-school")["Alder School"] == ["4", "4", "2", "40"]
    assert table(d, "outcomes-by-badge") == {
        "Xylem Badge": ["<4", "suppressed", "suppressed", "suppressed"]
    }
    assert table(d, "coaching-by-school") == {
        "Alder School": ["<4", "suppressed", "suppressed"],
        "Birch School": ["<4", "suppressed", "suppressed"],
    }
    assert set(figures(d, "coaching").values()) == {"suppressed"}


def test_the_page_says_which_groups_are_withheld(data, client):
    DistrictSettings.objects.filter(district=data.district).update(small_group_threshold=5)
    client.force_login(data.admin)
    page = client.get(URL).content.decode()
    assert "&lt;5" in page
    assert "fewer than 5 people" in page  # in the chart
    assert "private_notes" not in page
    assert "never shown" not in page


# The date range -------------------------------------------------------------------------


def test_the_date_range_filters_every_section(data):
    d = dashboard_of(data, days=3)  # the last three days: only the waiting queue is "now"
    assert table(d, "pd-by-school") == {}
    assert table(d, "awards-by-badge") == {}
    assert table(d, "turnaround-by-badge") == {}
    assert table(d, "coaching-by-school") == {}
    assert table(d, "waiting-by-badge") == {"Xylem Badge": ["2", "2", "1"]}
    old = dashboard_of(data, days=10, end_days_ago=195)  # 195–204 days ago
    assert table(old, "pd-by-school") == {"Alder School": ["<2", *["suppressed"] * 3]}


def test_the_page_reads_the_range_and_refuses_a_backwards_one(data, client):
    client.force_login(data.admin)
    today = timezone.localdate()
    response = client.get(URL, {"start": f"{today - timedelta(days=3):%Y-%m-%d}", "end": today})
    assert response.status_code == 200
    assert response.context["dashboard"].start == today - timedelta(days=3)
    bad = client.get(
        URL, {"start": f"{today:%Y-%m-%d}", "end": f"{today - timedelta(days=1):%Y-%m-%d}"}
    )
    assert bad.status_code == 400
    assert "The end date is before the start date." in bad.content.decode()
    assert client.get(CSV_URL, {"start": "2025-02-01", "end": "2025-01-01"}).status_code == 400


def test_the_default_range_is_the_last_90_days(data, client):
    client.force_login(data.admin)
    d = client.get(URL).context["dashboard"]
    assert d.end == timezone.localdate()
    assert (d.end - d.start).days == 89


# The CSV is the page --------------------------------------------------------------------


class Tables(HTMLParser):
    """Each table's caption and its rows' cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._in = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "caption":
            self._in = "caption"
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            current = self.tables[-1]
            (current["rows"] if current["head"] else current["head"]).append(self._row)
            self._row = None

    def handle_data(self, text):
        if self._in == "caption":
            self.tables[-1]["caption"] += text
        elif self._cell is not None:
            self._cell += text


def test_the_csv_has_the_numbers_of_the_page(data, client):
    client.force_login(data.admin)
    page = client.get(URL).content.decode()
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "table", "group", "measure", "value"]
    from_csv = {(r[1], r[2], r[3]): r[4] for r in rows[1:] if r[1] != "District totals"}
    parser = Tables()
    parser.feed(page)
    from_page = {}
    for t in parser.tables:
        head = t["head"][0]
        for cells in t["rows"]:
            if len(cells) == len(head):  # not an "empty" row
                for heading, text in zip(head[1:], cells[1:], strict=True):
                    from_page[(t["caption"].strip(), cells[0], heading)] = text
    assert from_page == from_csv
    assert ("Badges awarded, by badge", "Yew Badge", "Recipients") in from_csv
    totals = [(r[3], r[4]) for r in rows if r[1] == "District totals"]
    assert totals == re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", page)
    assert dashboard_csv_rows(client.get(URL).context["dashboard"]) == rows


# Who may open it ------------------------------------------------------------------------


def test_a_teacher_gets_404(data, client):
    client.force_login(data.teachers[0])
    assert client.get(URL).status_code == 404
    assert client.get(CSV_URL).status_code == 404


def test_a_school_admin_is_not_a_district_admin(data, client):
    school_admin = MembershipFactory(organization=data.a, role=Membership.Role.ADMIN).user
    client.force_login(school_admin)
    assert client.get(URL).status_code == 404
    with pytest.raises(NotFound):
        dashboard_of_user(data, school_admin)


def dashboard_of_user(data, user):
    today = timezone.localdate()
    return district_dashboard(viewer=user, district=data.district, start=today, end=today)


def test_another_districts_admin_gets_404_for_this_one(data, client):
    other = MembershipFactory(organization=DistrictFactory(), role=Membership.Role.ADMIN).user
    client.force_login(other)
    assert client.get(URL).status_code == 200  # their own district
    assert client.get(URL, {"district": data.district.slug}).status_code == 404
    assert client.get(CSV_URL, {"district": data.district.slug}).status_code == 404
    with pytest.raises(NotFound):
        dashboard_of_user(data, other)


def test_the_districts_admin_and_a_superuser_may(data, client):
    client.force_login(data.admin)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["dashboard"].district == data.district
    assert b'aria-current="page">Dashboard' in response.content
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get(URL, {"district": data.district.slug}).status_code == 200


def test_an_admin_of_two_districts_picks_one(data, client):
    second = DistrictFactory(name="Aspen District")
    MembershipFactory(user=data.admin, organization=second, role=Membership.Role.ADMIN)
    client.force_login(data.admin)
    first = client.get(URL)
    assert first.context["dashboard"].district == second  # the first by name
    assert b'<select name="district"' in first.content
    chosen = client.get(URL, {"district": data.district.slug})
    assert chosen.context["dashboard"].district == data.district


# Queries --------------------------------------------------------------------------------


def grow(data):
    """As many rows again as `build` makes, in two more schools of this district."""
    more = build(threshold=2)
    for org in (more.a, more.b):
        org.parent = data.district
        org.save(update_fields=["parent"])
    more.x.issuer.organization = data.district
    more.x.issuer.save(update_fields=["organization"])


def test_computing_takes_queries_that_do_not_grow_with_rows(data):
    start, end = default_range()
    dashboard_snapshot_refresh(district=data.district, start=start, end=end)  # the row exists
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            snapshot = dashboard_snapshot_refresh(district=data.district, start=start, end=end)
        counts.append(len(ctx.captured_queries))
        grow(data)
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 40
    # The rows did grow: three of each school in the last one (the data, twice more).
    d = dashboard_from_payload(snapshot.payload, district=data.district)
    assert len(d.sections[0].tables[0].rows) == 6
