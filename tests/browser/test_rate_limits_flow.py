"""The page a limit answers with, in a browser: a visitor past the verify limit (one a
minute here) gets the 429 page saying when to try again; past the sign-in page's limit,
the same page without a time (allauth does not say). Both pass axe at 1280 px and on a
390×844 phone, and neither is wider than the phone."""

from __future__ import annotations

import pytest

from tests.browser.support import DESKTOP, PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tight_limits(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "verify": "1/minute",
        },
    }
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}


def verify(page, base: str):
    page.goto(f"{base}/verify/")
    page.get_by_label("…or an Open Badges 3.0 credential").fill("not a credential")
    with page.expect_navigation():
        page.get_by_role("button", name="Verify").click()


def sign_in(page, base: str):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill("someone@example.org")
    page.locator("#id_password").fill("not the password")
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_past_a_limit_the_page_says_so(
    browser, live_server, settings, tight_limits, axe_check, shot, viewport, name
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)

    verify(page, base)
    page.get_by_role("heading", name="Verify a badge").wait_for()
    verify(page, base)
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Too many requests"
    assert "Nothing was done with this one." in page.content()
    assert page.get_by_text("Try again in").inner_text().startswith("Try again in ")
    axe_check(page)
    fits(page, viewport["width"])
    shot(page, f"issue11-limits-verify-429-{name}")

    sign_in(page, base)
    sign_in(page, base)
    assert page.get_by_role("heading", level=1).inner_text() == "Too many requests"
    page.get_by_text("Wait a little, then try again.").wait_for()
    axe_check(page)
    fits(page, viewport["width"])
    shot(page, f"issue11-limits-sign-in-429-{name}")
    context.close()
