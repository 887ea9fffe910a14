"""Reviewers are told (issue 10): a demo student submits evidence; the page says how
many reviewers were told; the placement supervisor signs in, lands on the review
queue, sees the notice and the submission waiting there. On a desktop (1280) and a
phone (390×844); axe finds nothing serious or critical."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.seed import DEMO_PASSWORD, EMAIL_DOMAIN
from evidence import services
from evidence.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def sign_in(page, base, key):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(f"{key}@{EMAIL_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url


def fits(page, viewport):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url}: {width}px wide"


def a_draft_ready_to_submit() -> Submission:
    """The demo student's open draft, with a piece of evidence in it."""
    student = User.objects.get(email=f"student@{EMAIL_DOMAIN}")
    draft = Submission.objects.filter(earner=student, status=Submission.Status.DRAFT).first()
    if draft is None:
        badge = (
            Submission.objects.filter(earner=student).values_list("badge_class", flat=True).first()
        )
        raise AssertionError(f"The demo student has no draft (badge {badge}).")
    services.artifact_add_link(
        actor=student, submission=draft, url="https://example.org/cutting-video"
    )
    return draft


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_student_submits_and_the_supervisor_is_told(
    browser, live_server, settings, axe_check, shot, size
):
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = base = live_server.url
    draft = a_draft_ready_to_submit()
    badge = draft.badge_class.name
    viewport = VIEWPORTS[size]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)

    # The student submits from the submission page; the message says who was told.
    sign_in(page, base, "student")
    page.goto(f"{base}/evidence/s/{draft.public_id}/")
    page.get_by_role("button", name="Submit for review").click()
    status = page.get_by_role("status")
    status.wait_for()
    assert re.search(r"\d+ reviewers? (has|have) been told", status.inner_text()), (
        status.inner_text()
    )
    axe_check(page)
    fits(page, viewport)
    shot(page, f"issue10-review-notice-01-submitted-{size}")
    context.close()

    # The supervisor signs in: the queue is home, the notice is there, and so is the work.
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, "supervisor")
    assert page.url.removeprefix(base).startswith("/evidence/queue/")
    student_name = draft.earner.get_full_name()
    assert page.get_by_role("link", name=student_name).first.is_visible() or (
        page.get_by_text(student_name).first.is_visible()
    )
    axe_check(page)
    fits(page, viewport)
    shot(page, f"issue10-review-notice-02-queue-{size}")

    page.goto(f"{base}/evidence/notifications/")
    notice = page.get_by_text(f"{student_name}'s evidence for “{badge}” is waiting for your review")
    notice.first.wait_for()
    axe_check(page)
    fits(page, viewport)
    shot(page, f"issue10-review-notice-03-notice-{size}")
    page.get_by_role("button", name=re.compile(r"^Open")).first.click()
    page.wait_for_url(re.compile(r"/evidence/s/"))
    page.get_by_role("heading", name="Your review").wait_for()
    context.close()
