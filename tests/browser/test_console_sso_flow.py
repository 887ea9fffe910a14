"""The district's sign-in providers in a browser: the demo's district admin opens
Console → Sign-in, adds the district's Google Workspace (the secret typed once, shown
after only as set), reads the callback address to register at Google, and switches
password sign-in off on the settings page; signed out, the sign-in page shows the
district's button, and a teacher's password sign-in is refused with a message naming
it. Every page passes axe at 1280 px and on a 390×844 phone, none wider than the
phone."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import DistrictSettings, IdentityProvider
from demo.seed import DEMO_PASSWORD, DISTRICT, EMAIL_DOMAIN
from tests.browser.support import DESKTOP, PHONE, fits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEACHER = f"teacher@{EMAIL_DOMAIN}"


def both_widths(page, axe_check, shot, name: str) -> None:
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        axe_check(page)
        fits(page, size["width"])
        shot(page, f"issue11-sso-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def test_admin_adds_google_and_switches_passwords_off(
    browser, live_server, settings, axe_check, shot
):
    call_command("seed_demo", verbosity=0)
    settings.SITE_URL = live_server.url
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)

    # Console → Sign-in: none yet.
    page.goto(f"{base}/console/")
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Sign-in").click()
    page.get_by_role("heading", name="Sign-in providers").wait_for()
    page.get_by_text("No sign-in providers yet").wait_for()
    both_widths(page, axe_check, shot, "01-empty")

    # Add Google Workspace.
    page.get_by_role("link", name="Add Google Workspace").click()
    page.get_by_role("heading", name="New Google Workspace provider").wait_for()
    page.get_by_label("Short name").fill("snake-river-google")
    page.get_by_label("Button label").fill("Snake River Google")
    page.get_by_label("Client id").fill("1234-abc.apps.googleusercontent.com")
    page.get_by_label("Client secret").fill("GOCSPX-not-a-real-secret")
    page.get_by_label("Allowed e-mail domains").fill("snakeriver-sd.example.org")
    page.get_by_label("Roster identifier claim").fill("employee_id")
    both_widths(page, axe_check, shot, "02-new-google")
    page.get_by_role("button", name="Add provider").click()
    page.get_by_text("Snake River Google is added.").wait_for()
    callback = f"{base}/accounts/sso/oidc/snake-river-google/login/callback/"
    page.get_by_text(callback).wait_for()
    assert "GOCSPX" not in page.content()
    page.get_by_text("Set. Leave empty to keep it").wait_for()
    both_widths(page, axe_check, shot, "03-addresses")
    idp = IdentityProvider.objects.get(slug="snake-river-google")
    assert idp.secret() == "GOCSPX-not-a-real-secret"
    assert "GOCSPX" not in idp.secret_sealed

    page.get_by_role("link", name="Sign-in providers").first.click()
    page.get_by_role("cell", name="Google Workspace").wait_for()
    both_widths(page, axe_check, shot, "04-list")

    # District settings: password sign-in off.
    page.goto(f"{base}/console/settings/")
    page.get_by_label("Password sign-in").uncheck()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("are saved").wait_for()
    assert DistrictSettings.objects.get(district__slug=DISTRICT).password_sign_in is False

    # Signed out: the district's button; a teacher's password is refused, naming it.
    page.get_by_role("button", name="Sign out").first.click()
    page.goto(f"{base}/accounts/login/?district={DISTRICT}")
    district_buttons = page.get_by_role("region", name="Sign in with your district")
    district_buttons.get_by_role("heading", name="Snake River School District").wait_for()
    district_buttons.get_by_role("button", name="Snake River Google").wait_for()
    both_widths(page, axe_check, shot, "05-login-page")
    page.get_by_label("Email").fill(TEACHER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.get_by_text(
        "Snake River School District signs in with Google Workspace: use the "
        "“Snake River Google” button above."
    ).wait_for()
    assert "/accounts/login/" in page.url
    both_widths(page, axe_check, shot, "06-password-refused")
    context.close()
