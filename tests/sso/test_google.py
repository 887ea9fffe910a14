"""Signing in through Google Workspace, with the loopback IdP as Google's issuer."""

import uuid

import pytest

from accounts.models import IdentityProvider
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .flows import connect, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def google(oidc_idp):
    district = DistrictFactory(name="Nampa SD")
    provider = connect(
        oidc_idp,
        district=district,
        kind=IdentityProvider.Kind.GOOGLE,
        slug=f"g-{uuid.uuid4().hex[:10]}",
        settings={"server_url": oidc_idp.url},
        allowed_domains=["nampa.example"],
    )
    user = UserFactory(email="lin@nampa.example")
    MembershipFactory(user=user, organization=district)
    return provider, user


def _person(oidc_idp, **claims) -> str:
    username = f"g-{uuid.uuid4().hex[:10]}"
    oidc_idp.setup(people=[{"username": username, "claims": claims}])
    return username


def test_verified_workspace_address_signs_in(client, oidc_idp, google):
    provider, user = google
    who = _person(oidc_idp, email="lin@nampa.example", email_verified=True, hd="nampa.example")

    sign_in(client, oidc_idp, provider, who)

    assert signed_in_user_id(client) == str(user.pk)
    account = user.socialaccount_set.get()
    assert account.extra_data["id_token"]["hd"] == "nampa.example"


def test_unverified_address_is_refused(client, oidc_idp, google):
    provider, _user = google
    who = _person(oidc_idp, email="lin@nampa.example", email_verified=False, hd="nampa.example")

    response = sign_in(client, oidc_idp, provider, who)

    assert response.status_code == 403
    assert "did not confirm that lin@nampa.example is your address" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_address_outside_the_allowed_domains_is_refused(client, oidc_idp, google):
    provider, _user = google
    who = _person(oidc_idp, email="lin@gmail.example", email_verified=True)

    response = sign_in(client, oidc_idp, provider, who)

    assert response.status_code == 403
    assert "nampa.example" in response.content.decode()
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("hd", [None, "gmail.example"])
def test_an_account_outside_the_workspace_domains_is_refused(client, oidc_idp, google, hd):
    # A verified address at an allowed domain is not enough: Google says (hd) which
    # Workspace the account belongs to, and it must be one the district allows.
    provider, _user = google
    claims = {"email": "lin@nampa.example", "email_verified": True}
    if hd:
        claims["hd"] = hd
    who = _person(oidc_idp, **claims)

    response = sign_in(client, oidc_idp, provider, who)

    assert response.status_code == 403
    assert "accepts Google Workspace accounts of nampa.example only" in response.content.decode()
    assert signed_in_user_id(client) is None
