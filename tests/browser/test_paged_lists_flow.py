"""Keyset pages as a person on a phone walks them: My badges (a status filter kept from
page to page) and My submissions, to the second page and back, every row once, axe clean
and no page wider than the phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.views import earner
from evidence.models import Submission
from evidence.views import lists
from tests.badges.factories import AssertionFactory, BadgeClassFactory
from tests.browser.support import PHONE, fits, sign_in
from tests.evidence import conftest as evidence_conftest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The evidence tests' world (district, school, student), built in the live server's database.
world = evidence_conftest.world

PASSWORD = "correct-horse-battery"  # what UserFactory sets
BASE = timezone.now() - datetime.timedelta(days=30)


def rows(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def looked_at(page, axe_check, shot, name: str) -> None:
    """As a person on a phone sees it: no wider than the phone, axe clean, a screenshot."""
    fits(page, PHONE["width"])
    axe_check(page)
    shot(page, name)


def follow(page, rel: str) -> None:
    page.locator(f"nav.pager a[rel={rel}]").click()
    page.wait_for_load_state("networkidle")


def test_my_badges_keep_their_filter_across_two_pages_on_a_phone(
    page, live_server, shot, axe_check, world
):
    per_page = earner.MINE_PAGE_SIZE
    student = world.student
    issuer = world.badge.issuer
    for i in range(per_page + 3):
        AssertionFactory(
            badge_class=BadgeClassFactory(issuer=issuer, name=f"Paged badge {i:02d}"),
            recipient=student,
            issued_on=BASE + datetime.timedelta(hours=i),
        )
    AssertionFactory(  # the newest, and not valid: the filter leaves it out on every page
        badge_class=BadgeClassFactory(issuer=issuer, name="Revoked badge"),
        recipient=student,
        issued_on=timezone.now(),
        revoked_at=timezone.now(),
        revocation_reason="Awarded in error.",
    )
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, student.email, PASSWORD)
    page.goto(f"{live_server.url}/badges/mine/")
    page.get_by_label("Status").select_option("valid")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")
    links = "article.badge-row h2 a"

    first = rows(page, links)
    assert len(first) == per_page
    assert page.get_by_role("navigation", name="Pages of my badges").is_visible()
    assert page.locator("nav.pager a[rel=prev]").count() == 0
    looked_at(page, axe_check, shot, "paged-01-my-badges-page-1-390")

    follow(page, "next")
    assert "status=valid" in page.url
    second = rows(page, links)
    assert len(second) == 3
    assert not set(first) & set(second)
    assert page.get_by_role("link", name="Revoked badge").count() == 0
    assert page.locator("nav.pager a[rel=next]").count() == 0
    looked_at(page, axe_check, shot, "paged-02-my-badges-page-2-390")

    follow(page, "prev")
    assert "status=valid" in page.url
    assert rows(page, links) == first


def test_my_submissions_across_two_pages_and_back_on_a_phone(
    page, live_server, shot, axe_check, world
):
    per_page = lists.MINE_PAGE_SIZE
    student = world.student
    made = Submission.objects.bulk_create(
        Submission(
            earner=student,
            submitted_by=student,
            badge_class=world.badge,
            status=Submission.Status.WITHDRAWN,  # closed: many of one badge may stand
            updated_at=BASE + datetime.timedelta(hours=i),
        )
        for i in range(per_page + 2)
    )
    newest_first = [
        reverse("evidence:submission-detail", kwargs={"public_id": s.public_id})
        for s in sorted(made, key=lambda s: s.updated_at, reverse=True)
    ]
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, student.email, PASSWORD)
    page.goto(f"{live_server.url}/evidence/")
    links = "table.list tbody tr td:first-child a"

    first = rows(page, links)
    assert first == newest_first[:per_page]
    # On a phone each submission is one block: its status beside the word "Status".
    status_cell = page.locator("table.list tbody tr").first.locator("td[data-label=Status]")
    assert status_cell.evaluate("td => getComputedStyle(td).display") == "block"
    looked_at(page, axe_check, shot, "paged-03-my-submissions-page-1-390")

    follow(page, "next")
    assert page.url.endswith("#mine-h")
    assert rows(page, links) == newest_first[per_page:]
    assert page.get_by_role("link", name="Earlier submissions").count() == 0
    looked_at(page, axe_check, shot, "paged-04-my-submissions-page-2-390")

    follow(page, "prev")
    assert rows(page, links) == first
