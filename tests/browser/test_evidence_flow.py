"""The evidence flow from issue 3, as people do it in a browser.

A student submits a file; the internship supervisor asks for changes; the student
revises and resubmits; the supervisor and the section teacher approve; the student
finds the badge in My badges; an employer, signed out, verifies it.
"""

import re

import pytest

from badges.models import BadgeClass
from evidence.models import Submission
from tests.evidence import conftest as evidence_conftest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The evidence tests' CTE world (district, school section, student placed with an
# employer, a supervisor + teacher policy), built here in the live server's database.
world = evidence_conftest.world

PASSWORD = "correct-horse-battery"  # what UserFactory sets
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    # Each role lands on its own page (console.selectors.home); these steps start at My badges.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/badges/mine/")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def score(page, world, level_label: str):
    for criterion in world.rubric.criteria.all():
        page.get_by_role("group", name=criterion.name).get_by_label(level_label).check()


def open_from_queue(page, world):
    page.get_by_role("navigation").get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name=world.student.name).click()
    page.get_by_role("heading", name="Your review").wait_for()


def test_student_submits_supervisor_and_teacher_approve_employer_verifies(
    page, live_server, tmp_path, shot, axe_check, world
):
    BadgeClass.objects.filter(pk=world.badge.pk).update(
        name="Shop Safety (CTE)", credit_institution="College of Western Idaho", credit_hours=1
    )
    badge = "Shop Safety (CTE)"
    base = live_server.url
    plan = tmp_path / "safety-plan.pdf"
    plan.write_bytes(PDF)

    # The student starts a submission, uploads a file and submits.
    sign_in(page, base, world.student.email)
    page.get_by_role("navigation").get_by_role("link", name="My evidence").click()
    shot(page, "issue3-01-student-my-evidence")
    page.get_by_role("link", name=f"Start — {badge}").click()
    shot(page, "issue3-02-start-confirm")
    page.get_by_role("button", name="Start my submission").click()
    page.get_by_text("Your draft is ready").wait_for()
    page.locator("input[type=file]").set_input_files(str(plan))
    page.get_by_label("Title (optional)").first.fill("My shop safety plan")
    page.get_by_role("button", name="Upload file").click()
    page.get_by_text("The file was added.").wait_for()
    assert page.get_by_role("link", name="My shop safety plan").is_visible()
    shot(page, "issue3-03-draft-with-file")
    axe_check(page)
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text(re.compile(r"^Submitted\. \d+ reviewers? (has|have) been told")).wait_for()
    shot(page, "issue3-04-submitted")
    sign_out(page)

    # The supervisor opens the queue and asks for changes.
    sign_in(page, base, world.supervisor.email)
    page.get_by_role("navigation").get_by_role("link", name="Review queue").click()
    page.wait_for_url(f"{base}/evidence/queue/")
    assert page.get_by_role("link", name=world.student.name).is_visible()
    shot(page, "issue3-05-supervisor-queue")
    axe_check(page)
    open_from_queue(page, world)
    shot(page, "issue3-06-review-form")
    axe_check(page)
    score(page, world, "2 — Developing")
    page.get_by_label("Feedback to the earner").fill("Add a photo of your PPE check sheet.")
    page.get_by_role("button", name="Request changes").click()
    page.get_by_text("Your review was recorded").wait_for()
    sign_out(page)

    # The student sees the notice, revises, adds a link and resubmits.
    sign_in(page, base, world.student.email)
    page.get_by_role("link", name=re.compile(r"^Notifications 1 unread")).click()
    shot(page, "issue3-07-notifications")
    page.get_by_role("button", name=re.compile("^Open")).first.click()
    feedback = page.get_by_role("region", name="Changes requested").locator("blockquote")
    assert feedback.inner_text() == "Add a photo of your PPE check sheet."
    shot(page, "issue3-08-changes-requested")
    page.get_by_role("button", name="Revise and resubmit").click()
    page.get_by_label("Web address").fill("https://example.org/ppe-check-video")
    page.get_by_role("button", name="Add link").click()
    page.get_by_text("The link was added.").wait_for()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text(re.compile(r"^Submitted\. \d+ reviewers? (has|have) been told")).wait_for()
    sign_out(page)

    # The supervisor approves: one of two.
    sign_in(page, base, world.supervisor.email)
    open_from_queue(page, world)
    score(page, world, "3 — Competent")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("1 of 2 approvals; still needed: teacher").wait_for()
    shot(page, "issue3-09-one-of-two")
    sign_out(page)

    # The section teacher approves: the badge is awarded.
    sign_in(page, base, world.teacher.email)
    open_from_queue(page, world)
    assert page.get_by_text("Earlier versions").is_visible()
    score(page, world, "4 — Exemplary")
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("heading", name="Approved").wait_for()
    shot(page, "issue3-10-approved")
    axe_check(page)
    sign_out(page)
    assert Submission.objects.get(earner=world.student).status == "approved"

    # The student finds it in My badges and copies its link.
    sign_in(page, base, world.student.email)
    card = page.locator("article.card", has=page.get_by_role("heading", name=badge))
    share_link = card.locator("input[type=url]").input_value()
    shot(page, "issue3-11-my-badges")
    sign_out(page)

    # The employer, signed out, verifies it.
    page.goto(f"{base}/verify/")
    page.get_by_label("Badge link").fill(share_link)
    page.get_by_role("button", name="Verify", exact=True).click()
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "valid"
    assert "College of Western Idaho" in page.content()
    shot(page, "issue3-12-employer-verifies")
