"""Open Badges 3.0 as people use it: the student hands a credential to a wallet and
exports a learner record; an employer verifies the 3.0 image and the pasted JSON."""

import json

import pytest
from django.core.management import call_command

from badges.openbadges.ob3 import baking, credential
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


def test_student_hands_over_a_3_0_credential_and_employer_verifies_it(
    page, live_server, tmp_path, shot, axe_check
):
    call_command("seed_demo", verbosity=0)
    base = live_server.url
    sign_in(page, base, "student@demo.cairn.test")
    card = page.locator("article.card", has=page.get_by_role("link", name="Add to a wallet")).first
    badge_name = card.get_by_role("heading").inner_text()
    with page.expect_download() as download:
        card.get_by_role("link", name="Open Badges 3.0 badge image").click()
    image = tmp_path / download.value.suggested_filename
    download.value.save_as(image)
    assert baking.unbake(image.read_bytes()) is not None

    card.get_by_role("link", name="Add to a wallet").click()
    page.get_by_role("heading", name="Add it by link").wait_for()
    link = page.get_by_label("Credential link").input_value()
    assert "/ob/v3/credentials/" in link
    shot(page, "ob3-1-wallet")
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download JSON").click()
    pasted = tmp_path / "credential.json"
    download.value.save_as(pasted)
    assert credential.validate(json.loads(pasted.read_text())) == []

    page.goto(f"{base}/ob/v3/clr/mine")
    axe_check(page)
    private = page.locator("input[name=include]")  # public badges are always included
    if private.count():
        private.first.check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my record").click()
    record = tmp_path / "record.json"
    download.value.save_as(record)
    assert credential.validate(json.loads(record.read_text()), "clr") == []
    page.goto(f"{base}/badges/mine/")
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{base}/verify/")
    page.get_by_label("badge image").set_input_files(str(image))
    page.get_by_role("button", name="Verify", exact=True).click()
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "valid"
    assert badge_name in page.content()
    shot(page, "ob3-2-verify-image")
    axe_check(page)

    page.goto(f"{base}/verify/")
    page.get_by_label("Open Badges 3.0 credential").fill(pasted.read_text())
    page.get_by_role("button", name="Verify", exact=True).click()
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "valid"
    tampered = json.loads(pasted.read_text())
    tampered["name"] = "Master Welder"
    page.get_by_label("Open Badges 3.0 credential").fill(json.dumps(tampered))
    page.get_by_role("button", name="Verify", exact=True).click()
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "bad_signature"
    shot(page, "ob3-3-verify-tampered")
    axe_check(page)
