"""Roster upload in the console, in a browser: the demo's district admin uploads a
OneRoster 1.2 zip made here, sees what importing will do file by file (nothing
imported yet, a refused line with its reason), confirms, and watches the progress bar
reach done with the report; then opens the SIS connection page. Every page passes axe
at 1280 px and on a 390×844 phone, and none is wider than the phone."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Organization, RosterImport, RosterRecord
from demo.seed import DEMO_PASSWORD
from demo.seed import DISTRICT as DEMO_DISTRICT
from tests.accounts.oneroster.sis_server import roster_zip, sample_roster
from tests.browser.support import ADMIN, DESKTOP, PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str) -> None:
    """The demo's district admin signs in on the real form (by the fields' ids: the
    page also names a section "Sign in with e-mail and password")."""
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(ADMIN)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url


def test_admin_uploads_a_roster_previews_confirms_and_sees_the_report(
    browser, live_server, settings, tmp_path, axe_check, shot
):
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = str(tmp_path / "media")
    base = live_server.url
    roster = sample_roster()
    # The first import finds the district by the name the SIS gives it.
    roster["orgs"][0]["name"] = Organization.objects.get(slug=DEMO_DISTRICT).name
    roster["users"].append(
        {**roster["users"][1], "sourcedId": "u-no-address", "email": "", "username": "x"}
    )
    package = tmp_path / "cedar-roster.zip"
    package.write_bytes(roster_zip(roster))

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)

    page.goto(f"{base}/console/roster/")
    console_nav = page.get_by_role("navigation", name="Console")
    assert console_nav.get_by_role("link", name="Roster").get_attribute("aria-current") == "page"
    page.get_by_role("heading", name="Upload a OneRoster file").wait_for()
    axe_check(page)
    shot(page, "issue11-roster-01-index")

    page.get_by_label("OneRoster zip file").set_input_files(str(package))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Preview: nothing has been imported yet").wait_for()
    assert not RosterRecord.objects.exists()
    counts = page.get_by_role("table", name="What importing will do, file by file")
    users = counts.get_by_role("row", name="users.csv")
    assert users.get_by_role("cell").all_inner_texts() == ["3", "0", "0", "0", "1"]
    refused = page.locator("#refused-heading + table")
    assert "u-no-address" in refused.inner_text()
    assert "no e-mail address" in refused.inner_text()
    axe_check(page)
    shot(page, "issue11-roster-02-preview")
    job_url = page.url

    page.get_by_role("button", name="Import").click()
    page.get_by_text("Confirmed. The roster is being imported").wait_for()
    assert page.evaluate("typeof htmx") == "object"  # served from django-htmx, no CDN
    done = page.locator(".roster-progress[data-status=done]")
    done.wait_for()
    assert "Done." in done.inner_text()
    bar = done.locator("progress")
    assert bar.get_attribute("value") == bar.get_attribute("max")
    page.get_by_role("heading", name="Report").wait_for()
    job = RosterImport.objects.get()
    assert job.status == RosterImport.Status.DONE
    assert RosterRecord.objects.filter(kind="user").count() == 3
    axe_check(page)
    shot(page, "issue11-roster-03-done")

    page.get_by_role("link", name="Roster", exact=True).first.click()
    page.get_by_role("link", name="Connect the SIS").click()
    page.get_by_label("OneRoster base URL").wait_for()
    axe_check(page)
    shot(page, "issue11-roster-04-connection")
    context.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)
    for path, name in [
        ("/console/roster/", "index"),
        (job_url.removeprefix(base), "report"),
        ("/console/roster/connection/", "connection"),
    ]:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        shot(page, f"issue11-phone-roster-{name}")
        axe_check(page)
        fits(page, PHONE["width"])
    phone.close()
