"""Signing in through a generic OpenID Connect provider: the real test IdP on loopback
(tests.sso.oidc_idp), Cairn through the test client."""

import uuid

import pytest

from accounts.models import IdentityProvider, RosterRecord
from accounts.sso import SESSION_IDP_MFA
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .flows import connect, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db


def _name() -> str:
    return f"p-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def district():
    return DistrictFactory(name="Snake River SD")


@pytest.fixture
def provider(oidc_idp, district):
    return connect(
        oidc_idp,
        district=district,
        kind=IdentityProvider.Kind.OIDC,
        slug=_name(),
        settings={"server_url": oidc_idp.url},
        roster_claim="employee_id",
        trust_idp_mfa=True,
    )


def _member(district, email: str):
    user = UserFactory(email=email)
    MembershipFactory(user=user, organization=district)
    return user


def _person(oidc_idp, claims: dict | None = None, knobs: dict | None = None) -> str:
    username = _name()
    oidc_idp.setup(people=[{"username": username, "claims": claims or {}, "knobs": knobs or {}}])
    return username


def test_verified_email_lands_in_that_account(client, oidc_idp, provider, district):
    user = _member(district, "ada@snakeriver.example")
    who = _person(oidc_idp, {"email": "Ada@snakeriver.example", "email_verified": True})

    response = sign_in(client, oidc_idp, provider, who)

    assert response.status_code == 200, response.context and response.context.get("auth_error")
    assert signed_in_user_id(client) == str(user.pk)
    assert user.socialaccount_set.get().provider == provider.slug
    assert not client.session.get(SESSION_IDP_MFA)


def test_roster_identifier_lands_in_the_rostered_account(client, oidc_idp, provider, district):
    user = _member(district, "grace@snakeriver.example")
    RosterRecord.objects.create(
        district=district, kind=RosterRecord.Kind.USER, sourced_id="T-1001", user=user
    )
    # The address is not vouched for and not even the account's: the roster decides.
    who = _person(oidc_idp, {"email": "g.hopper@elsewhere.example", "employee_id": "T-1001"})

    sign_in(client, oidc_idp, provider, who)

    assert signed_in_user_id(client) == str(user.pk)


def test_unverified_email_is_refused(client, oidc_idp, provider, district):
    _member(district, "ada@snakeriver.example")
    who = _person(oidc_idp, {"email": "ada@snakeriver.example", "email_verified": False})

    response = sign_in(client, oidc_idp, provider, who)

    assert response.status_code == 403
    assert "did not confirm that ada@snakeriver.example is your address" in (
        response.content.decode()
    )
    assert signed_in_user_id(client) is None


def test_unknown_person_is_refused(client, oidc_idp, provider):
    who = _person(oidc_idp, {"email": "nobody@snakeriver.example", "email_verified": True})

    response = sign_in(client, oidc_idp, provider, who)

    assert response.status_code == 403
    assert "Your district has not added you to Cairn yet." in response.content.decode()
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    "knobs",
    [
        pytest.param({"aud": "someone-elses-client"}, id="wrong-audience"),
        pytest.param({"tamper": True}, id="tampered-signature"),
        pytest.param({"iss": "https://idp.evil.example"}, id="other-issuer"),
        pytest.param({"userinfo_sub": "someone-else"}, id="userinfo-of-another"),
    ],
)
def test_tokens_cairn_cannot_trust_are_refused(client, oidc_idp, provider, district, knobs):
    _member(district, "ada@snakeriver.example")
    who = _person(oidc_idp, {"email": "ada@snakeriver.example", "email_verified": True}, knobs)

    response = sign_in(client, oidc_idp, provider, who)

    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    ("amr", "trusted", "counted"),
    [
        (["pwd", "mfa"], True, True),
        (["pwd", "otp"], True, True),
        (["hwk"], True, True),
        (["pwd"], True, False),
        (["pwd", "mfa"], False, False),
    ],
)
def test_amr_counts_as_the_second_factor_when_trusted(
    client, oidc_idp, provider, district, amr, trusted, counted
):
    provider.trust_idp_mfa = trusted
    provider.save(update_fields=["trust_idp_mfa"])
    _member(district, "ada@snakeriver.example")
    claims = {"email": "ada@snakeriver.example", "email_verified": True, "amr": amr}
    who = _person(oidc_idp, claims)

    sign_in(client, oidc_idp, provider, who)

    assert signed_in_user_id(client) is not None
    assert bool(client.session.get(SESSION_IDP_MFA)) is counted


def test_a_provider_that_does_not_answer_gets_a_page_not_a_server_error(client, district):
    import socket

    from django.urls import reverse

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    idp = IdentityProvider(
        district=district,
        kind=IdentityProvider.Kind.OIDC,
        slug=_name(),
        name="Snake River SD sign-in",
        client_id="cairn",
        settings={"server_url": f"http://127.0.0.1:{port}"},
    )
    idp.seal_secret("s3cret")
    idp.save()
    response = client.post(reverse("cairn_oidc_login", kwargs={"provider_id": idp.slug}))
    assert response.status_code == 502
    page = response.content.decode()
    assert "Cairn could not reach “Snake River SD sign-in”" in page
