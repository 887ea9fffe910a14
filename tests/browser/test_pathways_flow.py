"""The demo's CTE pathway from issue 6, as people do it in a browser.

The demo student, one badge short of the CTE Welding Program Completer pathway, earns
the last one (GMAW Fillet Welds) through the evidence workflow: the internship
supervisor and the section teacher approve it, the pathway badge is awarded, the
student downloads its Open Badges 3.0 credential, and an employer, signed out,
verifies the file on /verify/.
"""

import json
import re

import pytest
from django.core.management import call_command

from badges.openbadges.ob3 import credential
from demo.seed import DEMO_PASSWORD, EMAIL_DOMAIN
from evidence.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHWAY = "CTE Welding Program Completer"
LAST_BADGE = "GMAW Fillet Welds"
STUDENT = f"student@{EMAIL_DOMAIN}"
STUDENT_NAME = "Jordan Reyes"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    # Each role lands on its own page (console.selectors.home); these steps start at My badges.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/badges/mine/")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def approve_from_queue(page):
    page.get_by_role("navigation").get_by_role("link", name="Review queue").click()
    row = page.locator("tr", has_text=LAST_BADGE).filter(has_text=STUDENT_NAME)
    row.get_by_role("link", name=STUDENT_NAME).click()
    page.get_by_role("heading", name="Your review").wait_for()
    radios = page.locator("input[type=radio][value='3']")
    for i in range(radios.count()):
        radios.nth(i).check()
    page.get_by_role("button", name="Approve").click()


def test_student_completes_the_cte_pathway_and_employer_verifies_its_3_0_credential(
    page, live_server, tmp_path, shot, axe_check
):
    call_command("seed_demo", verbosity=0)
    base = live_server.url
    plan = tmp_path / "gmaw-coupons.pdf"
    plan.write_bytes(PDF)

    # The student sees they are one badge short, then starts the last one.
    sign_in(page, base, STUDENT)
    page.get_by_role("navigation").get_by_role("link", name="My pathways").click()
    card = page.locator("li.pathway-card", has=page.get_by_role("heading", name=PATHWAY))
    assert "3 of 4" in card.locator(".pathway-progress").inner_text()
    shot(page, "issue6-01-one-short")
    axe_check(page)
    page.get_by_role("navigation").get_by_role("link", name="My evidence").click()
    page.get_by_role("link", name=f"Start — {LAST_BADGE}").click()
    page.get_by_role("button", name="Start my submission").click()
    page.get_by_text("Your draft is ready").wait_for()
    page.locator("input[type=file]").set_input_files(str(plan))
    page.get_by_label("Title (optional)").first.fill("GMAW fillet coupons and break test")
    page.get_by_role("button", name="Upload file").click()
    page.get_by_text("The file was added.").wait_for()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text(re.compile(r"^Submitted\. \d+ reviewers? (has|have) been told")).wait_for()
    shot(page, "issue6-02-submitted")
    sign_out(page)

    # The internship supervisor approves: one of two.
    sign_in(page, base, f"supervisor@{EMAIL_DOMAIN}")
    approve_from_queue(page)
    page.get_by_text("1 of 2 approvals").wait_for()
    sign_out(page)

    # The section teacher approves: the badge is awarded, and with it the pathway.
    sign_in(page, base, f"teacher@{EMAIL_DOMAIN}")
    approve_from_queue(page)
    page.get_by_role("heading", name="Approved").wait_for()
    shot(page, "issue6-03-teacher-approves")
    sign_out(page)
    submission = Submission.objects.get(earner__email=STUDENT, badge_class__name=LAST_BADGE)
    assert submission.status == "approved"

    # The student finds the pathway complete and its badge in My badges.
    sign_in(page, base, STUDENT)
    page.get_by_role("navigation").get_by_role("link", name="My pathways").click()
    page.wait_for_url(f"{base}/pathways/mine/")
    card = page.locator("li.pathway-card", has=page.get_by_role("heading", name=PATHWAY))
    card.get_by_text("Complete", exact=True).wait_for()
    shot(page, "issue6-04-pathway-complete")
    page.get_by_role("navigation").get_by_role("link", name="My badges").click()
    badge = page.locator("article.card", has=page.get_by_role("heading", name=PATHWAY))
    badge.wait_for()
    shot(page, "issue6-05-my-badges")
    axe_check(page)
    with page.expect_download() as download:
        badge.get_by_role("link", name=f"Open Badges 3.0 credential, {PATHWAY}").click()
    saved = tmp_path / "pathway-credential.json"
    download.value.save_as(saved)
    issued = json.loads(saved.read_text())
    assert issued["credentialSubject"]["achievement"]["name"] == PATHWAY
    sign_out(page)

    # The employer, signed out, pastes the file on /verify/.
    page.goto(f"{base}/verify/")
    page.get_by_label("Open Badges 3.0 credential").fill(saved.read_text())
    page.get_by_role("button", name="Verify", exact=True).click()
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "valid"
    assert PATHWAY in page.content()
    shot(page, "issue6-06-employer-verifies")
    axe_check(page)

    # The file is a valid 1EdTech OpenBadgeCredential, endorsements included.
    assert credential.validate(issued) == []
