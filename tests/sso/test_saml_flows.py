"""SAML 2.0 sign-in end to end: Cairn (Django's test client) and a real pysaml2 IdP
process on loopback (`tests/sso/saml_idp`), its keys made for the test run."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import IdentityProvider, Membership, RosterRecord
from accounts.sso import SESSION_IDP, SESSION_IDP_MFA
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .saml_idp import HOST, SamlIdp, post_to_cairn

pytestmark = pytest.mark.django_db

CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"
EMAIL, GIVEN, SURNAME = f"{CLAIMS}/emailaddress", f"{CLAIMS}/givenname", f"{CLAIMS}/surname"
DOMAIN = "snakeriver.k12.example"
SLUG = "snake-river-adfs"
REFEDS_MFA = "https://refeds.org/profile/mfa"


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    idp = SamlIdp.start(tmp_path_factory.mktemp("saml-idp"))
    yield idp
    idp.stop()


@pytest.fixture(autouse=True)
def _cairn_host(settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    settings.SSO_METADATA_ALLOW_PRIVATE = True


@pytest.fixture
def district():
    return DistrictFactory(name="Snake River SD")


@pytest.fixture
def provider(district, saml_idp):
    return IdentityProvider.objects.create(
        district=district,
        kind=IdentityProvider.Kind.SAML,
        slug=SLUG,
        name="Snake River SD",
        settings={"preset": "adfs", "idp": saml_idp.idp_settings(), "email_authoritative": True},
        allowed_domains=[DOMAIN],
        roster_claim="SourcedId",
    )


def person(name_id: str, email: str = "", *, mfa: bool = False, **attributes) -> dict:
    values = {EMAIL: [email]} if email else {}
    values.update({GIVEN: ["Ada"], SURNAME: ["Lovelace"]})
    values.update({k: [v] for k, v in attributes.items()})
    user = {"name_id": name_id, "attributes": values}
    if mfa:
        user["authn_class"] = REFEDS_MFA
    return user


def sp_metadata(client, slug: str = SLUG) -> str:
    answer = client.get(f"/accounts/saml/{slug}/metadata/", HTTP_HOST=HOST)
    assert answer.status_code == 200, answer.content[:500]
    return answer.content.decode("utf-8")


def prepare(client, saml_idp, users: dict, knobs: dict | None = None) -> None:
    saml_idp.configure(sp_metadata=[sp_metadata(client)], users=users, knobs=knobs)


def signed_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def teacher(district, email: str):
    user = UserFactory(email=email)
    MembershipFactory(user=user, organization=district, role=Membership.Role.TEACHER)
    return user


def test_cairn_serves_its_sp_metadata(client, provider):
    xml = sp_metadata(client)
    acs = f"http://{HOST}/accounts/saml/{SLUG}/acs/"
    assert f'entityID="http://{HOST}/accounts/saml/{SLUG}/metadata/"' in xml
    assert f'Location="{acs}"' in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_sign_in_lands_in_the_account_with_the_verified_address(client, saml_idp, provider):
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"Ada@{DOMAIN}")})

    answer = saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert answer.status_code == 200
    assert signed_in_user_id(client) == ada.pk
    account = SocialAccount.objects.get(user=ada)
    assert (account.provider, account.uid) == (SLUG, "ada-1")
    assert client.session[SESSION_IDP] == str(provider.public_id)
    assert client.session[SESSION_IDP_MFA] is False


def test_sign_in_lands_in_the_account_the_roster_names(client, saml_idp, provider):
    # The IdP's address is not verified, and not the account's: the roster decides.
    provider.settings = {**provider.settings, "email_authoritative": False}
    provider.save(update_fields=["settings"])
    bea = teacher(provider.district, "bea@home.example")
    RosterRecord.objects.create(
        district=provider.district, kind=RosterRecord.Kind.USER, sourced_id="T-1042", user=bea
    )
    prepare(client, saml_idp, {"bea": person("bea-1", f"bsmith@{DOMAIN}", SourcedId="T-1042")})

    saml_idp.sign_in(client, slug=SLUG, username="bea")

    assert signed_in_user_id(client) == bea.pk
    assert SocialAccount.objects.get(user=bea).uid == "bea-1"


def test_an_unknown_person_is_refused(client, saml_idp, provider):
    prepare(client, saml_idp, {"cy": person("cy-1", f"cy@{DOMAIN}")})

    answer = saml_idp.sign_in(client, slug=SLUG, username="cy")

    assert answer.status_code == 403
    assert "Your district has not added you to Cairn yet." in answer.content.decode()
    assert signed_in_user_id(client) is None


def test_an_unverified_address_is_refused(client, saml_idp, provider):
    provider.settings = {**provider.settings, "email_authoritative": False}
    provider.save(update_fields=["settings"])
    teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")})

    answer = saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert answer.status_code == 403
    assert "did not confirm that" in answer.content.decode()
    assert signed_in_user_id(client) is None


REFUSED = 401  # allauth's "Sign-in did not finish" page


@pytest.mark.parametrize(
    ("knobs", "reason"),
    [
        pytest.param(
            {"audience": "https://another-sp.example/metadata/"},
            "is not a valid audience",
            id="wrong-audience",
        ),
        pytest.param(
            {"tamper": ["ada-1", "eve-1"]}, "Signature validation failed", id="tampered-name-id"
        ),
        pytest.param(
            {"tamper": [f"ada@{DOMAIN}", f"eve@{DOMAIN}"]},
            "Signature validation failed",
            id="tampered-email",
        ),
        pytest.param(
            {"unsigned": True}, "The Assertion of the Response is not signed", id="unsigned"
        ),
        pytest.param({"expired": True}, "Could not validate timestamp: expired", id="expired"),
        pytest.param(
            {"sign_with": "other"}, "Signature validation failed", id="another-certificate"
        ),
    ],
)
def test_a_response_that_fails_its_checks_signs_nobody_in(
    client, saml_idp, provider, caplog, knobs, reason
):
    teacher(provider.district, f"ada@{DOMAIN}")
    teacher(provider.district, f"eve@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")}, knobs)

    answer = saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert answer.status_code == REFUSED
    assert reason in caplog.text
    assert signed_in_user_id(client) is None
    assert not SocialAccount.objects.exists()


def test_the_same_response_with_a_correct_signature_is_accepted(client, saml_idp, provider):
    # The control for the test above: with both the Response and the Assertion signed,
    # and nothing changed, the very same person signs in.
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")}, {"sign_response": True})

    saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert signed_in_user_id(client) == ada.pk


def test_an_idp_initiated_sign_in_is_refused(client, saml_idp, provider, caplog):
    teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")})
    acs = f"http://{HOST}/accounts/saml/{SLUG}/acs/"
    audience = f"http://{HOST}/accounts/saml/{SLUG}/metadata/"

    action, fields = saml_idp.unsolicited(username="ada", acs=acs, audience=audience)
    answer = post_to_cairn(client, action, fields)

    assert answer.status_code == REFUSED
    assert "IdP initiated SSO rejected" in caplog.text
    assert signed_in_user_id(client) is None


def test_a_response_cannot_be_replayed(client, saml_idp, provider):
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")})
    start = client.post(f"/accounts/saml/{SLUG}/login/", HTTP_HOST=HOST)
    action, fields = saml_idp.authenticate(start["Location"], "ada")
    post_to_cairn(client, action, fields)
    assert signed_in_user_id(client) == ada.pk
    client.logout()

    answer = post_to_cairn(client, action, fields)

    # Its InResponseTo names a request already answered (allauth keeps each one once).
    assert answer.status_code == 403
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(("trusted", "expected"), [(True, True), (False, False)])
def test_a_multi_factor_sign_in_counts_where_the_district_trusts_it(
    client, saml_idp, provider, trusted, expected
):
    provider.trust_idp_mfa = trusted
    provider.save(update_fields=["trust_idp_mfa"])
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}", mfa=True)})

    saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert signed_in_user_id(client) == ada.pk
    assert client.session[SESSION_IDP_MFA] is expected


def test_metadata_by_url_configures_the_provider(client, saml_idp, provider):
    provider.settings = {**provider.settings, "idp": {"metadata_url": f"{saml_idp.entity_id}"}}
    provider.save(update_fields=["settings"])
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")})

    saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert signed_in_user_id(client) == ada.pk


def test_pasted_metadata_configures_the_provider(client, saml_idp, provider):
    provider.settings = {**provider.settings, "idp": {"metadata_xml": saml_idp.metadata()}}
    provider.save(update_fields=["settings"])
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")})

    saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert signed_in_user_id(client) == ada.pk


CLASSLINK = {"Email": f"ada@{DOMAIN}", "FirstName": "Ada", "LastName": "Lovelace"}
SHIBBOLETH = {
    "urn:oid:0.9.2342.19200300.100.1.3": f"ada@{DOMAIN}",
    "urn:oid:2.5.4.42": "Ada",
    "urn:oid:2.5.4.4": "Lovelace",
    "urn:oasis:names:tc:SAML:attribute:subject-id": f"4711@{DOMAIN}",
}


@pytest.mark.parametrize(
    ("preset", "sent", "uid"),
    [("classlink", CLASSLINK, "ada-1"), ("shibboleth", SHIBBOLETH, f"4711@{DOMAIN}")],
)
def test_each_preset_reads_its_idps_attributes(client, saml_idp, provider, preset, sent, uid):
    provider.settings = {**provider.settings, "preset": preset}
    provider.save(update_fields=["settings"])
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    user = {"name_id": "ada-1", "attributes": {k: [v] for k, v in sent.items()}}
    prepare(client, saml_idp, {"ada": user})

    saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert signed_in_user_id(client) == ada.pk
    assert SocialAccount.objects.get(user=ada).uid == uid


@pytest.mark.parametrize(("signed", "accepted"), [("response", True), ("assertion", False)])
def test_an_idp_that_signs_only_the_response(client, saml_idp, provider, caplog, signed, accepted):
    # Shibboleth's default: the Response is signed and the Assertion in it is not.
    provider.settings = {**provider.settings, "signed": signed}
    provider.save(update_fields=["settings"])
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    knobs = {"sign_response": True, "sign_assertion": False}
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")}, knobs)

    answer = saml_idp.sign_in(client, slug=SLUG, username="ada")

    if accepted:
        assert signed_in_user_id(client) == ada.pk
    else:
        assert answer.status_code == REFUSED
        assert "The Assertion of the Response is not signed" in caplog.text
        assert signed_in_user_id(client) is None


def test_a_response_signed_only_on_the_response_and_then_altered_is_refused(
    client, saml_idp, provider, caplog
):
    provider.settings = {**provider.settings, "signed": "response"}
    provider.save(update_fields=["settings"])
    teacher(provider.district, f"ada@{DOMAIN}")
    teacher(provider.district, f"eve@{DOMAIN}")
    knobs = {"sign_response": True, "sign_assertion": False, "tamper": ["ada@", "eve@"]}
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")}, knobs)

    answer = saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert answer.status_code == REFUSED
    assert "Signature validation failed" in caplog.text
    assert signed_in_user_id(client) is None


def test_a_response_from_another_issuer_is_refused(client, saml_idp, provider, caplog):
    # Signed with the certificate Cairn knows, but the IdP is not the one configured.
    idp = {**saml_idp.idp_settings(), "entity_id": "https://adfs.other-district.example/trust"}
    provider.settings = {**provider.settings, "idp": idp}
    provider.save(update_fields=["settings"])
    teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")})

    answer = saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert answer.status_code == REFUSED
    assert "Invalid issuer" in caplog.text
    assert signed_in_user_id(client) is None


def test_each_sign_in_is_judged_by_its_own_authn_context(client, saml_idp, provider):
    # A connected account keeps the last sign-in's facts; the next password-only sign-in
    # must not count as two-factor because the one before was.
    provider.trust_idp_mfa = True
    provider.save(update_fields=["trust_idp_mfa"])
    ada = teacher(provider.district, f"ada@{DOMAIN}")
    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}", mfa=True)})
    saml_idp.sign_in(client, slug=SLUG, username="ada")
    assert client.session[SESSION_IDP_MFA] is True
    client.logout()

    prepare(client, saml_idp, {"ada": person("ada-1", f"ada@{DOMAIN}")})
    saml_idp.sign_in(client, slug=SLUG, username="ada")

    assert signed_in_user_id(client) == ada.pk
    assert SocialAccount.objects.filter(user=ada).count() == 1
    assert client.session[SESSION_IDP_MFA] is False


def test_a_district_with_accounts_at_first_sign_in_gets_one_named_by_the_idp(
    client, saml_idp, provider
):
    provider.jit_accounts = True
    provider.save(update_fields=["jit_accounts"])
    prepare(client, saml_idp, {"cy": person("cy-1", f"cy@{DOMAIN}")})

    saml_idp.sign_in(client, slug=SLUG, username="cy")

    account = SocialAccount.objects.select_related("user").get(uid="cy-1")
    assert signed_in_user_id(client) == account.user_id
    assert account.user.email == f"cy@{DOMAIN}"
    assert account.user.name == "Ada Lovelace"
