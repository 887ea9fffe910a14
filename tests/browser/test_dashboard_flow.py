"""The district dashboard in a browser: the demo's admin signs in and reads it, with a
chart, on a desktop and on a phone (no page wider than the phone), then narrows the
dates and downloads the CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from tests.browser.support import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_dashboard(page, axe_check) -> None:
    page.get_by_role("heading", name="District dashboard").wait_for()
    for name in ("Professional learning", "Credentials", "Evidence", "Coaching"):
        page.get_by_role("heading", name=name, exact=True).wait_for()
    chart = page.locator("svg.chart[role=img]").first
    chart.wait_for()
    assert chart.locator("rect.chart-bar").count() >= 1  # a real number, drawn
    assert page.get_by_role("cell", name="<10").count() >= 1  # and a small group withheld
    # Each chart has a title and a description, and its table has the same numbers.
    assert page.locator("svg.chart title").count() == page.locator("svg.chart desc").count()
    axe_check(page)


def test_the_admin_reads_the_dashboard_on_a_desktop_and_a_phone(
    browser, live_server, settings, axe_check, shot
):
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = live_server.url
    base = live_server.url

    desktop = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)
    page.goto(f"{base}/console/")
    check_dashboard(page, axe_check)
    shot(page, "dashboard-desktop")

    # Narrow the dates: the page and the CSV follow.
    page.get_by_role("link", name="This school year").click()
    page.get_by_role("heading", name="District dashboard").wait_for()
    assert "start=" in page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text())))
    assert rows[0] == ["section", "table", "group", "measure", "value"]
    assert any(r[4] == "<10" for r in rows)
    desktop.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)
    page.goto(f"{base}/console/")
    check_dashboard(page, axe_check)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "dashboard-phone")

    page.goto(f"{base}/console/settings/")
    page.get_by_role("heading", name="District settings").wait_for()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "dashboard-settings-phone")
    phone.close()
