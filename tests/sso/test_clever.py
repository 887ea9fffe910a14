"""Signing in through Clever: its OAuth flow and v3.0 API, served by the loopback IdP
at the addresses the row's settings give in place of Clever's."""

import uuid

import pytest

from accounts.models import IdentityProvider, RosterRecord
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .flows import connect, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

CLEVER_DISTRICT = "5f9c2a7b8e1d4c0012ab34cd"


@pytest.fixture
def district():
    return DistrictFactory(name="Meridian SD")


@pytest.fixture
def clever(oidc_idp, district):
    return connect(
        oidc_idp,
        district=district,
        kind=IdentityProvider.Kind.CLEVER,
        slug=f"c-{uuid.uuid4().hex[:10]}",
        settings={
            "district_id": CLEVER_DISTRICT,
            "authorize_url": f"{oidc_idp.url}/oauth/authorize",
            "token_url": f"{oidc_idp.url}/oauth/tokens",
            "api_url": oidc_idp.url,
        },
        roster_claim="sis_id",
    )


def _person(oidc_idp, *, district=CLEVER_DISTRICT, email="", sis_id="") -> str:
    username = f"c-{uuid.uuid4().hex[:10]}"
    record = {
        "id": uuid.uuid4().hex[:24],
        "district": district,
        "email": email,
        "name": {"first": "Rosa", "last": "Parks"},
        "roles": {"teacher": {"sis_id": sis_id, "credentials": {"district_username": "rparks"}}},
    }
    oidc_idp.setup(people=[{"username": username, "clever": record}])
    return username


def test_district_rostered_address_signs_in(client, oidc_idp, clever, district):
    user = UserFactory(email="rosa@meridian.example")
    MembershipFactory(user=user, organization=district)

    sign_in(client, oidc_idp, clever, _person(oidc_idp, email="rosa@meridian.example"))

    assert signed_in_user_id(client) == str(user.pk)
    assert user.socialaccount_set.get().extra_data["me"]["district"] == CLEVER_DISTRICT


def test_sis_id_lands_in_the_rostered_account(client, oidc_idp, clever, district):
    user = UserFactory(email="rosa.parks@meridian.example")
    MembershipFactory(user=user, organization=district)
    RosterRecord.objects.create(
        district=district, kind=RosterRecord.Kind.USER, sourced_id="SIS-77", user=user
    )

    sign_in(client, oidc_idp, clever, _person(oidc_idp, sis_id="SIS-77"))

    assert signed_in_user_id(client) == str(user.pk)


def test_address_from_another_clever_district_is_not_trusted(client, oidc_idp, clever, district):
    user = UserFactory(email="rosa@meridian.example")
    MembershipFactory(user=user, organization=district)
    who = _person(oidc_idp, district="000000000000000000000000", email="rosa@meridian.example")

    response = sign_in(client, oidc_idp, clever, who)

    assert response.status_code == 403
    assert "did not confirm that rosa@meridian.example" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_record_without_roles_still_signs_in(client, oidc_idp, clever, district):
    user = UserFactory(email="rosa@meridian.example")
    MembershipFactory(user=user, organization=district)
    username = f"c-{uuid.uuid4().hex[:10]}"
    record = {"id": uuid.uuid4().hex[:24], "district": CLEVER_DISTRICT, "email": user.email}
    oidc_idp.setup(people=[{"username": username, "clever": record}])

    sign_in(client, oidc_idp, clever, username)

    assert signed_in_user_id(client) == str(user.pk)
