"""The claim hooks, end to end through allauth: an invitation's link opens sign-up
(closed on this site) for the invited address only; the badge becomes the person's
when they confirm that address, or when they sign in with it verified — never before."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts import invitations
from accounts.models import User
from badges.models import Assertion
from core.models import AuditEntry
from pathways import services as doors
from tests.accounts.factories import UserFactory
from tests.badges.factories import BadgeClassFactory

pytestmark = pytest.mark.django_db

NEW = "someone-new@example.org"
PASSWORD = "a-long-enough-passphrase-42"


@pytest.fixture(autouse=True)
def _signup_closed(settings):
    settings.ACCOUNT_ALLOW_SIGNUP = False


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    badge = BadgeClassFactory(name="Coaching Cycles")
    with django_capture_on_commit_callbacks(execute=True):
        assertion = doors.assertion_award_to_email(
            actor=None, badge_class=badge, email=NEW
        ).assertion
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/signup/\S+)", message.body).group(1)
    mail.outbox.clear()
    return assertion, link


def sign_up(client, link, email, django_capture_on_commit_callbacks):
    client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )


def test_sign_up_is_closed_without_an_invitation(client):
    response = client.get(reverse("account_signup"))
    assert "closed" in response.content.decode().lower()
    forged = client.get(reverse("account_signup") + "?invite=forged")
    assert 'name="password1"' not in forged.content.decode()


def test_the_invitation_opens_sign_up_for_the_invited_address(client, invited):
    _assertion, link = invited
    page = client.get(link).content.decode()
    assert 'name="password1"' in page
    assert f'value="{NEW}"' in page


def test_sign_up_with_another_address_is_refused(
    client, invited, django_capture_on_commit_callbacks
):
    _assertion, link = invited
    response = sign_up(client, link, "other@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert f"This invitation is for {NEW}" in response.content.decode()
    assert not User.objects.exists()


def test_the_badge_is_theirs_once_they_confirm_the_address(
    client, invited, django_capture_on_commit_callbacks
):
    assertion, link = invited
    sign_up(client, link, NEW, django_capture_on_commit_callbacks)

    person = User.objects.get(email=NEW)
    assert not EmailAddress.objects.get(user=person).verified
    assertion.refresh_from_db()
    assert assertion.recipient is None  # not before the address is confirmed

    confirm = next(
        m.group(1)
        for message in mail.outbox
        if (m := re.search(r"http://testserver(/accounts/confirm-email/\S+)", message.body))
    )
    client.post(confirm)

    assert EmailAddress.objects.get(user=person).verified
    assertion.refresh_from_db()
    assert assertion.recipient == person
    assert AuditEntry.objects.get(action="assertion.claim").actor == person


def test_signing_in_with_a_verified_address_claims(client, invited):
    assertion, _link = invited
    person = UserFactory(email="ana@example.org")
    EmailAddress.objects.create(user=person, email=NEW, verified=False)
    client.force_login(person)
    assertion.refresh_from_db()
    assert assertion.recipient is None  # the address is not verified: nothing claimed

    client.logout()
    EmailAddress.objects.filter(email=NEW).update(verified=True)
    client.force_login(person)
    assertion.refresh_from_db()
    assert assertion.recipient == person


def test_the_token_names_one_address_and_grows_old(monkeypatch):
    token = invitations.invitation_token(" Someone-New@Example.org ")
    assert invitations.invited_email(token) == NEW
    assert invitations.invited_email(token + "x") is None
    assert invitations.invited_email("") is None
    monkeypatch.setattr(invitations, "MAX_AGE", -1)
    assert invitations.invited_email(token) is None


def test_an_award_to_a_claimed_address_is_not_claimed_twice(client, invited):
    assertion, _link = invited
    person = UserFactory(email=NEW)
    client.force_login(person)
    client.logout()
    client.force_login(person)
    assert Assertion.objects.get(pk=assertion.pk).recipient == person
    assert AuditEntry.objects.filter(action="assertion.claim").count() == 1
