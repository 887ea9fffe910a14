"""Signing in through Microsoft Entra ID (single- and multi-tenant), against the
loopback IdP's Entra-shaped discovery (`/ms/<tenant>/v2.0`)."""

import uuid

import pytest

from accounts.models import IdentityProvider
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .flows import connect, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

DISTRICT_TENANT = "3f2a8c1e-5b7d-4e9a-8c6f-1d2e3f4a5b6c"
OTHER_TENANT = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
UNVERIFIED = "did not confirm that ada@boise.example is your address"


def _name() -> str:
    return f"ms-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def district():
    return DistrictFactory(name="Boise SD")


@pytest.fixture
def ada(district):
    user = UserFactory(email="ada@boise.example")
    MembershipFactory(user=user, organization=district)
    return user


def _entra(oidc_idp, district, tenant: str):
    return connect(
        oidc_idp,
        district=district,
        kind=IdentityProvider.Kind.MICROSOFT,
        slug=_name(),
        # Entra ID's own address with the loopback IdP in its place.
        settings={"tenant": tenant, "server_url": oidc_idp.microsoft_url(tenant)},
    )


def _person(oidc_idp, tid: str, *, iss_tenant: str | None = None, **claims) -> str:
    username = _name()
    knobs = {"iss": oidc_idp.microsoft_url(iss_tenant or tid)}
    claims = {"email": "ada@boise.example", "tid": tid, **claims}
    oidc_idp.setup(people=[{"username": username, "claims": claims, "knobs": knobs}])
    return username


def test_single_tenant_vouches_for_its_own_addresses(client, oidc_idp, district, ada):
    provider = _entra(oidc_idp, district, DISTRICT_TENANT)

    sign_in(client, oidc_idp, provider, _person(oidc_idp, DISTRICT_TENANT))

    assert signed_in_user_id(client) == str(ada.pk)


def test_single_tenant_refuses_a_token_from_another_tenant(client, oidc_idp, district, ada):
    provider = _entra(oidc_idp, district, DISTRICT_TENANT)
    # Another tenant's token, even one naming the district's tenant as its issuer.
    who = _person(oidc_idp, OTHER_TENANT, iss_tenant=DISTRICT_TENANT)

    response = sign_in(client, oidc_idp, provider, who)

    # The issuer is the district's, the tid is not: the address is not vouched for.
    assert response.status_code == 403
    assert UNVERIFIED in response.content.decode()
    assert signed_in_user_id(client) is None


def test_multi_tenant_email_counts_only_with_xms_edov(client, oidc_idp, district, ada):
    provider = _entra(oidc_idp, district, "organizations")

    refused = sign_in(client, oidc_idp, provider, _person(oidc_idp, OTHER_TENANT))
    assert refused.status_code == 403
    assert UNVERIFIED in refused.content.decode()
    assert signed_in_user_id(client) is None

    sign_in(client, oidc_idp, provider, _person(oidc_idp, OTHER_TENANT, xms_edov=True))
    assert signed_in_user_id(client) == str(ada.pk)


def test_multi_tenant_issuer_must_carry_the_tokens_own_tid(client, oidc_idp, district, ada):
    provider = _entra(oidc_idp, district, "organizations")
    who = _person(oidc_idp, OTHER_TENANT, iss_tenant=DISTRICT_TENANT, xms_edov=True)

    response = sign_in(client, oidc_idp, provider, who)

    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert signed_in_user_id(client) is None


def test_multi_tenant_token_without_a_tid_is_refused(client, oidc_idp, district, ada):
    provider = _entra(oidc_idp, district, "organizations")
    username = _name()
    oidc_idp.setup(
        people=[
            {
                "username": username,
                "claims": {"email": "ada@boise.example", "xms_edov": True},
                "knobs": {"iss": oidc_idp.microsoft_url("organizations")},
            }
        ]
    )

    response = sign_in(client, oidc_idp, provider, username)

    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]
    assert signed_in_user_id(client) is None


def test_upn_is_no_address(client, oidc_idp, district, ada):
    provider = _entra(oidc_idp, district, "organizations")
    username = _name()
    oidc_idp.setup(
        people=[
            {
                "username": username,
                "claims": {"preferred_username": "ada@boise.example", "tid": OTHER_TENANT},
                "knobs": {"iss": oidc_idp.microsoft_url(OTHER_TENANT)},
            }
        ]
    )

    response = sign_in(client, oidc_idp, provider, username)

    assert response.status_code == 403
    assert "Your district has not added you to Cairn yet." in response.content.decode()
    assert signed_in_user_id(client) is None
