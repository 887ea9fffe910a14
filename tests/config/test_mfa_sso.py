"""Single sign-on and the two-factor requirement, through the real OpenID Connect test
provider on loopback (tests.sso.loopback_idp): a sign-in the provider reports as
multi-factor (`amr`), at a provider the district trusts for it, counts as Cairn's second
factor — no enrolment and no second prompt; any other sign-in does not."""

from __future__ import annotations

import uuid

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import IdentityProvider, Membership
from tests.accounts.factories import MembershipFactory, SchoolFactory, SectionFactory
from tests.config.test_mfa import QUEUE, REQUIRED, require
from tests.sso.flows import connect, sign_in, signed_in_user_id
from tests.sso.loopback_idp import oidc_idp  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

EMAIL = "ada@snakeriver.example"


@pytest.fixture(autouse=True)
def loopback_provider_allowed(settings):
    """The test provider is on 127.0.0.1 over http, which Cairn fetches from only with
    SSO_ALLOW_PRIVATE (as in tests/sso)."""
    settings.SSO_ALLOW_PRIVATE = True


@pytest.fixture
def teacher():
    """A teacher of a minor at a school of a district that requires a second factor."""
    school = SchoolFactory(parent__name="Snake River SD")
    require(school.parent)
    teacher = MembershipFactory(
        organization=school, role=Membership.Role.TEACHER, user__email=EMAIL
    ).user
    student = MembershipFactory(
        organization=school, role=Membership.Role.STUDENT, user__is_minor=True
    ).user
    section = SectionFactory(school=school)
    section.teachers.add(teacher)
    section.students.add(student)
    return teacher


def provider_of(oidc_idp, teacher, *, trusted: bool) -> IdentityProvider:  # noqa: F811
    slug = f"p-{uuid.uuid4().hex[:10]}"
    return connect(
        oidc_idp,
        district=teacher.memberships.get().organization.parent,
        kind=IdentityProvider.Kind.OIDC,
        slug=slug,
        settings={"server_url": oidc_idp.url},
        trust_idp_mfa=trusted,
    )


def sso(client, oidc_idp, provider, amr: list[str]):  # noqa: F811
    username = f"u-{uuid.uuid4().hex[:8]}"
    claims = {"email": EMAIL, "email_verified": True, "amr": amr}
    oidc_idp.setup(people=[{"username": username, "claims": claims, "knobs": {}}])
    return sign_in(client, oidc_idp, provider, username)


@pytest.mark.parametrize(
    ("amr", "trusted", "counted"),
    [(["pwd", "mfa"], True, True), (["pwd"], True, False), (["pwd", "mfa"], False, False)],
)
def test_not_enrolled_a_trusted_multi_factor_sign_in_opens_the_pages(
    client,
    oidc_idp,  # noqa: F811
    teacher,
    amr,
    trusted,
    counted,
):
    provider = provider_of(oidc_idp, teacher, trusted=trusted)
    sso(client, oidc_idp, provider, amr)
    assert signed_in_user_id(client) == str(teacher.pk)
    response = client.get(QUEUE)
    if counted:
        assert response.status_code == 200
    else:
        assert response["Location"].startswith(REQUIRED)


@pytest.mark.parametrize(
    ("amr", "trusted", "asked"),
    [(["pwd", "mfa"], True, False), (["pwd"], True, True), (["pwd", "mfa"], False, True)],
)
def test_enrolled_cairn_asks_for_its_own_factor_unless_the_provider_counted(
    client,
    oidc_idp,  # noqa: F811
    teacher,
    amr,
    trusted,
    asked,
):
    Authenticator.objects.create(user=teacher, type=Authenticator.Type.TOTP, data={})
    provider = provider_of(oidc_idp, teacher, trusted=trusted)
    response = sso(client, oidc_idp, provider, amr)
    if asked:
        assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
        assert signed_in_user_id(client) is None
    else:
        assert signed_in_user_id(client) == str(teacher.pk)
        assert client.get(QUEUE).status_code == 200


def test_the_flag_is_bound_to_the_sign_in_that_set_it(client, oidc_idp, teacher):  # noqa: F811
    """The real single sign-on binds the flag to itself; a later single sign-on step that
    set no flag of its own (as allauth's re-authentication through a provider records)
    leaves it counting for nothing."""
    from allauth.account.authentication import (
        AUTHENTICATION_METHODS_SESSION_KEY,
        get_authentication_records,
    )

    from config.mfa.requirement import SESSION_IDP_MFA_SIGN_IN

    provider = provider_of(oidc_idp, teacher, trusted=True)
    sso(client, oidc_idp, provider, ["pwd", "mfa"])
    assert client.get(QUEUE).status_code == 200
    session = client.session
    request = type("R", (), {"session": session})()
    records = get_authentication_records(request, teacher)
    assert records[-1]["method"] == "socialaccount"
    bound = session[SESSION_IDP_MFA_SIGN_IN]
    assert bound == {"user": str(teacher.pk), "record": records[-1]}
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [*records, {**records[-1], "at": 1.0e10}]
    session.save()
    assert client.get(QUEUE)["Location"].startswith(REQUIRED)
