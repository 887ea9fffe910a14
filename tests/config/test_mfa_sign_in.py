"""Two-factor sign-in through allauth's real pages: a teacher of a minor in a district
that requires it enrols an authenticator app (the code computed from the secret per
RFC 6238 with allauth's own functions), sees the recovery codes once, then signs in
with password and code; a wrong code is refused; a recovery code works once."""

from __future__ import annotations

import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.config.test_mfa import QUEUE, make_world

# Real commits: allauth tells of a new authenticator after the commit, as it happens
# in a request.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


def totp(secret: str, at: float | None = None) -> str:
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def sign_in(client, email: str):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def sign_out(client) -> None:
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.fixture
def teacher():
    return make_world(required=True).teacher


def enrol_totp(client) -> str:
    """Activate an authenticator app on allauth's page (after giving the password again,
    as allauth asks before any change to the second factors); the secret it showed."""
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    back = client.post(asked["Location"], {"password": PASSWORD})
    assert back["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    html = page.content.decode()
    assert secret in html  # shown for typing into an app, selectable (not disabled)
    assert f'value="{secret}" readonly' in html
    assert 'href="otpauth://totp/' in html  # an app on the same phone cannot scan it
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def test_totp_enrolment_then_sign_in_with_password_and_code(client, teacher):
    sign_in(client, teacher.email)
    assert client.get(QUEUE)["Location"].startswith("/accounts/2fa/required/")
    secret = enrol_totp(client)

    # The recovery codes, shown once.
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    codes = codes_page.context["unused_codes"]
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    again = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert not any(code in again for code in codes)

    # Enrolling checked the code: this session may go on.
    assert client.get(QUEUE).status_code == 200
    stored = Authenticator.objects.get(user=teacher, type=Authenticator.Type.TOTP)
    assert stored.data["secret"].startswith("v1$")  # sealed at rest, not the secret
    assert secret not in str(stored.data)

    sign_out(client)
    response = sign_in(client, teacher.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in on the password alone
    later = time.time() + 60  # the next code (the enrolment's code is spent)
    with time_machine.travel(later, tick=False):
        wrong = str((int(totp(secret)) + 1) % 1_000_000).zfill(6)
        refused = client.post(reverse("mfa_authenticate"), {"code": wrong})
        assert refused.status_code == 200
        assert "Incorrect code" in refused.content.decode()
        assert "_auth_user_id" not in client.session
        response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(teacher.pk)
        assert client.get(QUEUE).status_code == 200
        # The same code does not sign in twice.
        sign_out(client)
        sign_in(client, teacher.email)
        reused = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
        assert "_auth_user_id" not in client.session, reused.status_code


def test_a_recovery_code_signs_in_once(client, teacher):
    sign_in(client, teacher.email)
    enrol_totp(client)
    code = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"][0]
    sign_out(client)

    sign_in(client, teacher.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)
    assert client.get(QUEUE).status_code == 200
    sign_out(client)

    sign_in(client, teacher.email)
    refused = client.post(reverse("mfa_authenticate"), {"code": code})
    assert refused.status_code == 200
    assert "Incorrect code" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_reauthenticating_with_the_code_opens_the_pages(client, teacher):
    """Enrolled, signed in without the second factor (here: a bare session): sent to
    allauth's re-authentication, and back to the page once the code is given."""
    sign_in(client, teacher.email)
    secret = enrol_totp(client)
    client.logout()
    client.force_login(teacher)
    location = client.get(QUEUE)["Location"]
    assert location.startswith(reverse("mfa_reauthenticate"))
    with time_machine.travel(time.time() + 60, tick=False):
        response = client.post(location, {"code": totp(secret)})
        assert response["Location"] == QUEUE
        assert client.get(QUEUE).status_code == 200


def test_removing_the_only_second_factor_means_enrolling_again_at_next_sign_in(client, teacher):
    sign_in(client, teacher.email)
    enrol_totp(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=teacher, type=Authenticator.Type.TOTP).exists()
    sign_out(client)
    sign_in(client, teacher.email)
    assert client.get(QUEUE)["Location"].startswith("/accounts/2fa/required/")


def test_adding_and_removing_second_factors_is_audited(client, teacher):
    from core.audit import AuditAction, AuditEntry

    sign_in(client, teacher.email)
    enrol_totp(client)
    client.post(reverse("mfa_deactivate_totp"))
    rows = AuditEntry.objects.filter(actor=teacher, target_id=str(teacher.public_id))
    assert sorted(rows.values_list("action", "data__type")) == sorted(
        [
            (AuditAction.MFA_ADD.value, "totp"),
            (AuditAction.MFA_ADD.value, "recovery_codes"),
            (AuditAction.MFA_REMOVE.value, "totp"),
            (AuditAction.MFA_REMOVE.value, "recovery_codes"),
        ]
    )


def test_every_two_factor_page_opens(client, teacher):
    """allauth's pages render with Cairn's templates and settings (no 500s; the pages
    of a key are opened in the browser test, with a real key)."""
    sign_in(client, teacher.email)
    enrol_totp(client)
    pages = [
        reverse("mfa_index"),
        reverse("mfa_deactivate_totp"),
        reverse("mfa_view_recovery_codes"),
        reverse("mfa_generate_recovery_codes"),
        reverse("mfa_list_webauthn"),
        reverse("mfa_add_webauthn"),
        reverse("mfa_reauthenticate"),
    ]
    for path in pages:
        assert client.get(path).status_code == 200, path
