"""Two-factor authentication in Chromium: a teacher of a minor in a district that
requires it signs in, is walked to the enrolment page, adds a passkey on allauth's page
(a CDP virtual authenticator stands in for the device), sees the recovery codes once,
then signs in with password + key and with the passkey alone. The enrolment page and
the authenticator-app page at 1280 and 390 px, axe clean."""

from __future__ import annotations

import pytest

from accounts.models import DistrictSettings, Membership
from tests.accounts.factories import MembershipFactory, SchoolFactory, SectionFactory
from tests.browser.support import DESKTOP, PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
QUEUE = "/evidence/queue/"


@pytest.fixture
def teacher():
    school = SchoolFactory()
    DistrictSettings.objects.create(district=school.parent, require_mfa=True)
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    student = MembershipFactory(
        organization=school, role=Membership.Role.STUDENT, user__is_minor=True
    ).user
    section = SectionFactory(school=school)
    section.teachers.add(teacher)
    section.students.add(student)
    return teacher


def path_of(page, base: str) -> str:
    return page.url.removeprefix(base).split("?")[0]


def password_sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_load_state("networkidle")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_load_state("networkidle")


def confirm_password(page, base: str) -> None:
    """allauth asks for the password again before a second factor is added."""
    assert path_of(page, base) == "/accounts/reauthenticate/"
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("networkidle")


def virtual_authenticator(context, page) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )


def test_passkey_enrolment_then_sign_in_with_it(
    browser, live_server, settings, teacher, shot, axe_check
):
    settings.SITE_URL = base = live_server.url
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    virtual_authenticator(context, page)

    password_sign_in(page, base, teacher.email)
    assert path_of(page, base) == "/accounts/2fa/required/"
    page.goto(f"{base}{QUEUE}")  # the queue sends them back
    assert path_of(page, base) == "/accounts/2fa/required/"

    page.get_by_role("link", name="Add a passkey or security key").click()
    page.wait_for_load_state("networkidle")
    confirm_password(page, base)
    assert path_of(page, base) == "/accounts/2fa/webauthn/add/"
    axe_check(page)
    shot(page, "mfa-webauthn-add-desktop")
    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Make it a passkey").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    axe_check(page)
    shot(page, "mfa-recovery-codes-desktop")
    page.reload()
    assert not page.locator("#recovery_codes").count()  # shown once

    page.goto(f"{base}{QUEUE}")
    assert path_of(page, base) == QUEUE  # enrolled in this session: open

    # Password, then the key.
    sign_out(page)
    password_sign_in(page, base, teacher.email)
    assert path_of(page, base) == "/accounts/2fa/authenticate/"
    axe_check(page)
    shot(page, "mfa-authenticate-desktop")
    page.get_by_role("button", name="Use a passkey or security key").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!location.pathname.startsWith('/accounts/')")
    page.goto(f"{base}{QUEUE}")
    assert path_of(page, base) == QUEUE

    # The keys page, and confirming with the key (where a session that did not pass the
    # second factor is sent).
    page.goto(f"{base}/accounts/2fa/webauthn/")
    page.get_by_role("heading", name="Passkeys and security keys", level=1).wait_for()
    page.get_by_role("heading", name="Laptop").wait_for()  # the key just added
    axe_check(page)
    shot(page, "mfa-webauthn-list-desktop")
    for action in ("Rename", "Remove"):  # the key's own pages open (nothing is changed)
        page.get_by_role("link", name=f"{action} Laptop").click()
        page.wait_for_load_state("networkidle")
        if path_of(page, base) == "/accounts/reauthenticate/":
            confirm_password(page, base)
        assert "/accounts/2fa/webauthn/keys/" in page.url
        assert "Something went wrong" not in page.content()
        page.goto(f"{base}/accounts/2fa/webauthn/")
    page.goto(f"{base}/accounts/2fa/webauthn/reauthenticate/")
    page.get_by_role("heading", name="Confirm it is you", level=1).wait_for()
    axe_check(page)
    shot(page, "mfa-webauthn-reauthenticate-desktop")

    # The passkey alone.
    sign_out(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_function("!location.pathname.startsWith('/accounts/')")
    page.goto(f"{base}{QUEUE}")
    assert path_of(page, base) == QUEUE
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_enrolment_and_authenticator_app_pages(
    browser, live_server, settings, teacher, axe_check, shot, viewport
):
    settings.SITE_URL = base = live_server.url
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    name = "phone" if phone else "desktop"

    password_sign_in(page, base, teacher.email)
    assert path_of(page, base) == "/accounts/2fa/required/"
    page.get_by_role("heading", name="Set up two-factor authentication", level=1).wait_for()
    page.get_by_text(
        "Your district requires two-factor authentication for people who review"
    ).wait_for()
    axe_check(page)
    fits(page, viewport["width"])
    shot(page, f"mfa-required-{name}")

    page.get_by_role("link", name="Set up an authenticator app").click()
    page.wait_for_load_state("networkidle")
    confirm_password(page, base)
    assert path_of(page, base) == "/accounts/2fa/totp/activate/"
    page.get_by_label("Authenticator code").wait_for()
    axe_check(page)
    fits(page, viewport["width"])
    shot(page, f"mfa-totp-activate-{name}")

    page.goto(f"{base}/accounts/2fa/")
    axe_check(page)
    fits(page, viewport["width"])
    shot(page, f"mfa-index-{name}")
    context.close()
