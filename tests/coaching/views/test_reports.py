"""The coaching report: small groups withheld on the page and in the CSV, the range,
queries."""

import csv
import datetime
import io

import pytest

from tests.coaching.support import PRIVATE, SHARED, add_teachers, log, page_url, text, today
from tests.competencies.factories import CompetencyFactory

pytestmark = pytest.mark.django_db


def test_report_suppresses_small_counts_on_the_page_and_in_the_csv(caseload, client):
    c = caseload
    log(c)
    log(c, teacher=c.teacher2, kind="debrief")
    client.force_login(c.admin)
    page = text(client.get(page_url("report-detail")))
    assert "fewer than 10 teachers" in page
    assert 'role="img"' in page
    assert "<title" in page
    assert "District totals are not shown" in page  # they would give the withheld school away

    response = client.get(page_url("report-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["dimension", "group", "teachers", "sessions", "minutes"]
    school_rows = [r for r in rows if r[0] == "school"]
    assert school_rows == [["school", c.school.name, "<10", "suppressed", "suppressed"]]
    body = response.content.decode()
    assert PRIVATE not in body
    assert SHARED not in body


def test_report_shows_groups_of_ten_or_more(caseload, client):
    c = caseload
    for t in add_teachers(c, 10):
        log(c, teacher=t, minutes=20)
    client.force_login(c.admin)
    start = (today() - datetime.timedelta(days=7)).isoformat()
    page = text(client.get(page_url("report-detail"), {"start": start, "end": today().isoformat()}))
    assert "200 min" in page  # the bar's label
    assert "From " in page
    assert "10 sessions, 200 minutes" in page
    assert client.get(page_url("report-export"), {"start": start}).status_code == 400  # no end
    response = client.get(page_url("report-export"), {"start": start, "end": today().isoformat()})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["school", c.school.name, "10", "10", "200"] in rows


def test_report_range_is_validated(caseload, client):
    client.force_login(caseload.admin)
    response = client.get(
        page_url("report-detail"), {"start": today().isoformat(), "end": "2000-01-01"}
    )
    assert response.status_code == 400
    assert "before the start date" in text(response)
    assert client.get(page_url("report-export"), {"start": "x", "end": "y"}).status_code == 400


def test_report_queries_do_not_grow_with_sessions_or_teachers(
    caseload, client, django_assert_max_num_queries
):
    c = caseload
    comp = CompetencyFactory()
    client.force_login(c.admin)
    client.get(page_url("report-detail"))
    counts: dict[str, list[int]] = {"report-detail": [], "report-export": []}
    for teachers in ([c.teacher, c.teacher2], add_teachers(c, 10)):
        for t in teachers:
            for kind in ("observation", "debrief"):
                log(c, teacher=t, kind=kind, focus=[comp])
        for name, found in counts.items():
            with django_assert_max_num_queries(14) as ctx:
                assert client.get(page_url(name)).status_code == 200
            found.append(len(ctx.captured_queries))
    assert all(a == b for a, b in counts.values()), counts
