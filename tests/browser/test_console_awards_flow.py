"""Awarding and revoking in the console, in a browser: the demo's district admin awards
a badge to one teacher found by name, then to several people from a CSV file (preview
first, nothing awarded; then confirmed, with the progress bar reaching done), downloads
the per-line report (an address without an account is invited), and revokes the first award with the reason verifiers will read.
Every page passes axe at 1280 px and on a 390×844 phone, and none is wider than the
phone."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from badges.models import Assertion, BadgeClass
from demo.seed import EMAIL_DOMAIN
from tests.browser.support import DESKTOP, PHONE, fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIYA = f"teacher2@{EMAIL_DOMAIN}"
MARCUS = f"teacher@{EMAIL_DOMAIN}"
ELENA = f"coach@{EMAIL_DOMAIN}"


def test_admin_awards_one_then_by_csv_with_progress_and_revokes_with_a_reason(
    browser, live_server, settings, tmp_path, axe_check, shot
):
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = live_server.url
    base = live_server.url
    # In the demo only Elena holds it.
    badge = BadgeClass.objects.get(slug="data-driven-instruction")

    context = browser.new_context(accept_downloads=True, viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)

    # One person, found by name.
    page.goto(f"{base}/console/awards/")
    console_nav = page.get_by_role("navigation", name="Console")
    assert console_nav.get_by_role("link", name="Awards").get_attribute("aria-current") == "page"
    page.get_by_label("Find a person by name or e-mail").fill("Priya")
    page.get_by_role("button", name="Search").click()
    award = page.get_by_role("region", name="2. Award")
    award.get_by_label(f"Priya Shah — {PRIYA}").check()
    award.get_by_label("Badge:").select_option(label=badge.name)
    award.get_by_label("How it was earned (optional)").fill(
        "Used unit data to regroup two classes."
    )
    award.get_by_role("button", name="Award the badge").click()
    page.get_by_text(f"Awarded “{badge.name}” to Priya Shah.").wait_for()
    current = Assertion.objects.filter(badge_class=badge, revoked_at__isnull=True)
    assert current.filter(recipient__email=PRIYA).count() == 1
    axe_check(page)
    shot(page, "issue10-awards-01-one-person")

    # A CSV file: preview first, nothing awarded.
    page.get_by_role("link", name="award from a CSV file").click()
    csv_path = tmp_path / "pd-day.csv"
    csv_path.write_bytes(
        (
            "\ufeffemail,narrative\r\n"
            f"{MARCUS},Attended the PD day\r\n"
            f"{PRIYA},\r\n"
            "\r\n"
            f"{ELENA},Led the PD day\r\n"
            "not-an-address,\r\n"
            f"{MARCUS.upper()},\r\n"
            "nobody@example.org,\r\n"
        ).encode()
    )
    page.get_by_label("Badge:").select_option(label=badge.name)
    page.get_by_label("CSV file").set_input_files(str(csv_path))
    axe_check(page)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Preview: nothing has been awarded yet").wait_for()
    assert current.count() == 2  # Elena and Priya
    bad = page.locator("#bad-heading + table")
    assert "malformed email 'not-an-address'" in bad.inner_text()
    assert "duplicate of line 2" in bad.inner_text()
    lines = page.locator("#lines + table")
    assert "Already holds it" in lines.locator("tr", has_text="Priya Shah").inner_text()
    assert "Will be awarded" in lines.locator("tr", has_text="Marcus Ortega").inner_text()
    assert "Already holds it" in lines.locator("tr", has_text="Elena Brooks").inner_text()
    assert "Will be invited" in lines.locator("tr", has_text="nobody@example.org").inner_text()
    axe_check(page)
    shot(page, "issue10-awards-02-preview")
    job_url = page.url

    # Confirmed: the job runs (in process here, without a broker); the bar reaches done.
    page.get_by_role("button", name="Confirm: award").click()
    page.get_by_text("Confirmed. The badges are being awarded").wait_for()
    assert page.evaluate("typeof htmx") == "object"  # served from django-htmx, no CDN
    done = page.locator(".bulk-progress[data-status=done]")
    done.wait_for()
    bar = done.locator("progress")
    assert bar.get_attribute("value") == bar.get_attribute("max") == "4"
    assert "4 of 4 lines done (100%)" in done.inner_text()
    assert page.get_by_role("status").count() >= 1
    partial = page.request.get(f"{job_url}progress")
    assert partial.ok
    assert "<progress" in partial.text()
    assert "hx-get" not in partial.text()  # done: the polling stops
    assert current.count() == 4  # Marcus awarded, the new address invited
    assert current.filter(recipient__isnull=True, recipient_email="nobody@example.org").exists()
    axe_check(page)
    shot(page, "issue10-awards-03-done")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    outcomes = {(r["line"], r["email"]): r["outcome"] for r in rows}
    assert outcomes == {
        ("2", MARCUS): "awarded",
        ("3", PRIYA): "held",
        ("5", ELENA): "held",
        ("6", ""): "error",
        ("7", ""): "error",
        ("8", "nobody@example.org"): "invited",
    }
    assert all(r["url"].startswith(f"{base}/ob/v2/assertions/") for r in rows if r["url"])

    # Revoke the first award, with the reason verifiers will read.
    console_nav.get_by_role("link", name="Revocations").click()
    page.get_by_label("Find a badge to revoke").fill("Priya")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("row", name=badge.name).get_by_role("link", name="Revoke…").click()
    page.get_by_role("heading", name="Revoke a badge").wait_for()
    axe_check(page)
    reason = page.get_by_label("Reason for revoking")
    assert reason.get_attribute("required") is not None
    reason.fill("Awarded for the wrong cycle; re-awarded after review.")
    page.get_by_role("button", name="Revoke the badge").click()
    page.get_by_text(f"Revoked “{badge.name}” from Priya Shah.").wait_for()
    revoked = Assertion.objects.filter(recipient__email=PRIYA, badge_class=badge).latest("pk")
    assert revoked.revocation_reason == "Awarded for the wrong cycle; re-awarded after review."
    assert page.get_by_role("cell", name="Awarded for the wrong cycle").count() == 1
    axe_check(page)
    shot(page, "issue10-awards-04-revoked")
    context.close()

    # The same pages on a phone.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)
    for path, name in [
        ("/console/awards/?q=Marcus", "awards-one"),
        ("/console/awards/bulk/new", "awards-upload"),
        (job_url.removeprefix(base), "awards-job"),
        ("/console/awards/bulk/", "awards-jobs"),
        ("/console/revocations/?q=example", "revocations"),
    ]:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        shot(page, f"issue10-phone-{name}")
        axe_check(page)
        fits(page, PHONE["width"])
    phone.close()
