"""The employer flow from issue 2, as a person does it in a browser."""

import pytest
from django.core.management import call_command

from demo.seed import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def verify_file(page, base, path):
    page.goto(f"{base}/verify/")
    page.get_by_label("badge image").set_input_files(str(path))
    page.get_by_role("button", name="Verify", exact=True).click()
    return page.locator("[data-outcome]").get_attribute("data-outcome")


def test_student_downloads_baked_badge_employer_verifies_admin_revokes(
    page, live_server, tmp_path, shot, axe_check
):
    call_command("seed_demo", verbosity=0)
    base = live_server.url

    sign_in(page, base, "student@demo.cairn.test")
    shot(page, "issue2-1-my-badges")
    axe_check(page)
    card = page.locator("article.card", has=page.get_by_role("link", name="Download PNG")).first
    badge_name = card.get_by_role("heading").inner_text()
    share_link = card.locator("input[type=url]").input_value()
    with page.expect_download() as download:
        card.get_by_role("link", name="Download PNG").click()
    baked = tmp_path / "badge.png"
    download.value.save_as(baked)
    assert baked.read_bytes().startswith(b"\x89PNG")
    sign_out(page)

    assert verify_file(page, base, baked) == "valid"
    assert badge_name in page.content()
    shot(page, "issue2-2-verify-valid")
    axe_check(page)

    sign_in(page, base, "admin@demo.cairn.test")
    page.goto(share_link)
    page.get_by_label("Reason for revoking").fill("Awarded before the safety test was retaken.")
    page.get_by_role("button", name="Revoke").click()
    page.get_by_text("The badge was revoked").wait_for()
    shot(page, "issue2-3-admin-revoked")
    sign_out(page)

    assert verify_file(page, base, baked) == "revoked"
    assert "Awarded before the safety test was retaken." in page.content()
    shot(page, "issue2-4-verify-revoked")
