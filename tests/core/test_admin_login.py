"""The Django admin's sign-in is allauth's, with its rate limits: /admin/login/ sends
the visitor to the site's sign-in page and back, so 40 wrong passwords and then the
right one do not get in; a signed-in person without staff status is refused."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def staff():
    cache.clear()
    return UserFactory(email="operator@example.org", is_staff=True, is_superuser=True)


def sign_in(client, password: str, email: str = "operator@example.org"):
    return client.post(
        f"{reverse('account_login')}?next=/admin/", {"login": email, "password": password}
    )


def test_admin_login_page_sends_to_the_site_sign_in(client, staff):
    response = client.get("/admin/login/?next=/admin/badges/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2Fbadges%2F" in response.url
    # Nothing checks a password there: a post is sent the same way.
    posted = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_a_staff_member_into_the_admin(client, staff):
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Signed in already: the admin login page goes straight on.
    assert client.get("/admin/login/?next=/admin/").url == "/admin/"


def test_forty_wrong_passwords_then_the_right_one_is_refused(client, staff):
    for _ in range(40):
        assert sign_in(client, "wrong-password").status_code in (200, 429)
    refused = sign_in(client, PASSWORD)
    assert refused.status_code in (200, 429)  # the form again, or Too Many Requests
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to sign in


def test_failed_attempts_lock_an_address_from_that_ip_only(client, staff):
    """Five wrong passwords for one address lock that address from that IP; its owner
    elsewhere still signs in (tests/core/test_rate_limits.py has the rest)."""
    for _ in range(5):
        sign_in(client, "wrong-password")
    response = sign_in(client, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    other = client.__class__(REMOTE_ADDR="10.9.8.7")
    sign_in(other, PASSWORD)
    assert "_auth_user_id" in other.session


def test_signed_in_without_staff_status_is_refused(client):
    cache.clear()
    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403
