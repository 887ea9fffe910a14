"""Caseloads, for school and district admins: who reaches them, reassignment with its
history (paged), no notes of any kind."""

import re

import pytest

from coaching import services
from coaching.models import CoachingAssignment
from coaching.selectors import HISTORY_PAGE_SIZE
from tests.accounts.factories import MembershipFactory, OrganizationFactory, SchoolFactory
from tests.coaching.support import PRIVATE, SHARED, add_teachers, log, page_url, text, today

pytestmark = pytest.mark.django_db


def test_only_admins_reach_caseloads_and_reports(caseload, client):
    c = caseload
    assignment = CoachingAssignment.objects.filter(teacher=c.teacher).get()
    for user in (c.coach, c.teacher):
        client.force_login(user)
        assert client.get(page_url("assignment-list")).status_code == 404
        assert client.get(page_url("report-detail")).status_code == 404
        assert client.get(page_url("report-export")).status_code == 404
        assert client.post(page_url("assignment-create"), {}).status_code == 404
        assert (
            client.post(page_url("assignment-end", public_id=assignment.public_id)).status_code
            == 404
        )
    client.force_login(c.admin)
    assert client.get(page_url("assignment-list")).status_code == 200
    assert client.get(page_url("report-detail")).status_code == 200
    # An admin of another district sees none of this one and cannot end its assignments.
    foreign = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    client.force_login(foreign)
    page = text(client.get(page_url("assignment-list")))
    assert c.teacher.name not in page
    assert (
        client.post(page_url("assignment-end", public_id=assignment.public_id)).status_code == 404
    )
    assignment.refresh_from_db()
    assert assignment.ends_on is None


def test_reassignment_keeps_history_visible(caseload, client):
    c = caseload
    log(c)
    client.force_login(c.admin)
    response = client.post(
        page_url("assignment-create"),
        {
            "teacher": str(c.teacher.public_id),
            "school": str(c.school.public_id),
            "coach": str(c.other_coach.public_id),
            "starts_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    history = list(CoachingAssignment.objects.filter(teacher=c.teacher).order_by("pk"))
    assert [a.coach for a in history] == [c.coach, c.other_coach]
    assert history[0].ends_on is not None
    assert history[1].ends_on is None
    page = text(client.get(page_url("assignment-list")))
    current, ended = page.split("Ended assignments")
    current = current.split("Current assignments")[1]
    assert re.search(rf"<td>{c.teacher.name}</td>\s*<td>{c.other_coach.name}</td>", current)
    assert re.search(rf"<td>{c.teacher.name}</td>\s*<td>{c.coach.name}</td>", ended)

    client.force_login(c.other_coach)
    new_coach_page = text(client.get(page_url("teacher-detail", public_id=c.teacher.public_id)))
    assert c.coach.name in new_coach_page  # the earlier coach, in the history
    assert PRIVATE not in new_coach_page  # the earlier coach's private notes stay theirs
    client.force_login(c.coach)
    assert client.get(page_url("teacher-detail", public_id=c.teacher.public_id)).status_code == 404

    client.force_login(c.admin)
    end = client.post(page_url("assignment-end", public_id=history[1].public_id))
    assert end.status_code == 302
    history[1].refresh_from_db()
    assert history[1].ends_on is not None


def test_admin_pages_never_show_private_notes(caseload, client):
    c = caseload
    log(c)
    client.force_login(c.admin)
    for name in ("assignment-list", "report-detail", "report-export"):
        page = text(client.get(page_url(name)))
        assert PRIVATE not in page
        assert SHARED not in page


def test_an_employers_admin_has_no_caseloads(caseload, client):
    employer_admin = MembershipFactory(organization=OrganizationFactory(), role="admin").user
    client.force_login(employer_admin)
    assert client.get(page_url("assignment-list")).status_code == 404
    assert client.get(page_url("report-detail")).status_code == 404


def test_history_is_paged_and_the_page_queries_do_not_grow(
    caseload, client, django_assert_max_num_queries
):
    c = caseload
    client.force_login(c.admin)
    client.get(page_url("assignment-list"))
    counts = []
    for extra in (1, HISTORY_PAGE_SIZE + 5):
        for t in add_teachers(c, extra):
            services.assignment_end(
                actor=c.admin, assignment=CoachingAssignment.objects.get(teacher=t)
            )
        with django_assert_max_num_queries(20) as ctx:
            response = client.get(page_url("assignment-list"))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    page = text(response)
    assert response.content.decode().count("<td><time") >= HISTORY_PAGE_SIZE
    assert "Page 1 of 2" in page
    second = client.get(page_url("assignment-list"), {"page": 2})
    assert second.status_code == 200
    assert "Page 2 of 2" in text(second)
