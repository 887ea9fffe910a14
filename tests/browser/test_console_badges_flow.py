"""The console's badge classes in a browser: the demo's district admin makes a badge
class with an image on a desktop (a Windows program named .png is refused on the form
first), activates it, aligns it through the framework search, then reads the pages
on a phone — axe finds nothing serious, and no page is wider than the phone."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from badges.models import BadgeClass, Issuer
from badges.permissions import ENDORSER_KINDS
from tests.badges.factories import png_bytes
from tests.browser.support import DESKTOP, PHONE, fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_makes_a_badge_class_with_an_image(
    browser, live_server, settings, axe_check, shot, tmp_path
):
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = live_server.url
    base = live_server.url
    good = tmp_path / "circle.png"
    good.write_bytes(png_bytes("#2e7d32", 256))
    program = tmp_path / "setup.png"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500)

    desktop = browser.new_context(viewport=DESKTOP)
    page = desktop.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)
    page.goto(f"{base}/console/badge-classes/")
    page.get_by_role("heading", name="Badge classes", level=1).wait_for()
    axe_check(page)
    page.get_by_role("link", name="New badge class").click()
    page.get_by_role("heading", name="New badge class").wait_for()
    issuer = Issuer.objects.exclude(organization__kind__in=ENDORSER_KINDS).get()
    page.get_by_label("Issuer").select_option(label=issuer.name)
    page.get_by_label("Name:", exact=True).fill("Restorative Circles")
    page.get_by_label("Description").fill("Leads restorative circles with a class.")
    page.get_by_label("What an earner must show").fill(
        "A video of a circle you led and a reflection, scored competent on the rubric."
    )
    page.get_by_label("Expires after (days)").fill("730")
    page.get_by_label("Image").set_input_files(str(program))
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_text("Badge images must be PNG or SVG files.").wait_for()
    assert page.get_by_role("alert").first.is_visible()
    assert not BadgeClass.objects.filter(name="Restorative Circles").exists()
    axe_check(page)
    shot(page, "console-badge-refused-desktop")

    page.get_by_label("Image").set_input_files(str(good))
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_role("heading", name="Restorative Circles").wait_for()
    page.get_by_text("is saved as a draft").wait_for()
    badge = BadgeClass.objects.get(name="Restorative Circles")
    assert (badge.status, badge.image_type, badge.valid_for_days) == ("draft", "png", 730)
    axe_check(page)
    shot(page, "console-badge-detail-desktop")

    page.get_by_role("button", name="Activate").click()
    page.get_by_text("is now active").wait_for()
    page.get_by_role("link", name="Choose alignments").click()
    page.get_by_label("Framework").select_option(
        label=page.locator("#id_framework option").nth(1).inner_text()
    )
    page.get_by_label("Search competencies").fill("safe")
    # The list also searches as one types (htmx, 400 ms after typing) and on the framework
    # chosen: let those answers land before Search, and Search's before ticking, or a late
    # swap replaces the ticked box with an unticked one.
    page.locator('#competency-results input[name=q][value="safe"]').wait_for(state="attached")
    with page.expect_response(lambda r: "q=safe" in r.url):
        page.get_by_role("button", name="Search").click()
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.locator("#competency-results input[name=add]").first.check()
    page.get_by_role("button", name="Save the alignments").click()
    page.get_by_text("The alignments are saved").wait_for()
    assert badge.alignments.count() == 1
    axe_check(page)
    shot(page, "console-badge-alignments-desktop")
    desktop.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)
    for path, heading, name in [
        ("/console/badge-classes/", "Badge classes", "console-badge-list-phone"),
        (
            f"/console/badge-classes/{badge.public_id}/",
            "Restorative Circles",
            "console-badge-detail-phone",
        ),
        (
            f"/console/badge-classes/{badge.public_id}/edit",
            "Edit Restorative Circles",
            "console-badge-edit-phone",
        ),
        (
            f"/console/badge-classes/{badge.public_id}/alignments",
            "Alignments of Restorative Circles",
            "console-badge-alignments-phone",
        ),
        ("/console/issuers/", "Issuers", "console-issuer-list-phone"),
    ]:
        page.goto(f"{base}{path}")
        page.get_by_role("heading", name=heading, level=1).wait_for()
        axe_check(page)
        fits(page, PHONE["width"])
        shot(page, name)
    issuer_link = page.locator("table.list a").first
    issuer_link.click()
    page.get_by_role("heading", name="Signing keys").wait_for()
    axe_check(page)
    fits(page, PHONE["width"])
    shot(page, "console-issuer-detail-phone")
    phone.close()
