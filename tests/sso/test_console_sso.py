"""The console's sign-in providers (/console/sign-in/): a district's admins list, add
(each kind with its own fields), change and switch off their district's providers; the
client secret is sealed and write-only; the page shows the addresses to register at the
provider; everyone else gets 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import IdentityProvider, Membership
from accounts.sso.permissions import identity_providers
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.sso.idps import make_idp
from tests.sso.saml_idp.keys import make_key_pair

pytestmark = pytest.mark.django_db

LIST = reverse("sso:idp-list")
Kind = IdentityProvider.Kind
ADMIN = Membership.Role.ADMIN


def create_url(kind: str) -> str:
    return reverse("sso:idp-create", kwargs={"kind": kind})


def edit_url(idp: IdentityProvider) -> str:
    return reverse("sso:idp-edit", kwargs={"public_id": idp.public_id})


@pytest.fixture
def district():
    return DistrictFactory(name="Snake River SD", slug="snake-river")


@pytest.fixture
def admin(district):
    return MembershipFactory(organization=district, role=ADMIN).user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture(scope="module")
def cert():
    return make_key_pair("ADFS Signing")


def common(district, slug, **extra):
    return {
        "district": district.pk,
        "slug": slug,
        "name": f"Snake River {slug}",
        "client_id": "the-client-id",
        "secret": "the-plain-secret",
        "allowed_domains": "snakeriver.org, staff.snakeriver.org",
        "roster_claim": "employee_id",
        "enabled": "on",
        **extra,
    }


def kinds(cert):
    return {
        Kind.GOOGLE: {},
        Kind.MICROSOFT: {"tenant": "organizations"},
        Kind.CLEVER: {"district_id": "5f1b0c0d"},
        Kind.OIDC: {"server_url": "https://idp.snakeriver.org/"},
        Kind.SAML: {
            "entity_id": "https://adfs.snakeriver.org/adfs/services/trust",
            "sso_url": "https://adfs.snakeriver.org/adfs/ls/",
            "x509cert": cert.cert_pem,
            "preset": "adfs",
            "attr_email": "mail",
        },
    }


# Adding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", Kind.values)
def test_the_admin_adds_each_kind(admin_client, admin, district, cert, kind):
    form = admin_client.get(create_url(kind))
    assert form.status_code == 200
    data = common(district, f"sr-{kind}", **kinds(cert)[kind])
    if kind == Kind.SAML:
        data.pop("client_id")
        data.pop("secret")
    response = admin_client.post(create_url(kind), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    idp = IdentityProvider.objects.get(slug=f"sr-{kind}")
    assert response.url == edit_url(idp)
    assert (idp.kind, idp.district, idp.roster_claim) == (kind, district, "employee_id")
    assert idp.allowed_domains == ["snakeriver.org", "staff.snakeriver.org"]
    assert AuditEntry.objects.filter(
        actor=admin, action="identity_provider.create", target_id=str(idp.public_id)
    ).exists()
    if kind == Kind.SAML:
        assert idp.client_id == idp.slug  # allauth's SAML addresses name the app so
        assert idp.settings["idp"]["entity_id"].endswith("/trust")
        assert idp.settings["preset"] == "adfs"
        assert idp.settings["attributes"] == {"email": "mail"}
    else:
        assert idp.client_id == "the-client-id"
        assert "the-plain-secret" not in idp.secret_sealed
        assert idp.secret() == "the-plain-secret"
    expected = {
        Kind.MICROSOFT: {"tenant": "organizations"},
        Kind.CLEVER: {"district_id": "5f1b0c0d"},
        Kind.OIDC: {"server_url": "https://idp.snakeriver.org"},
    }
    if kind in expected:
        assert idp.settings == expected[kind]


def test_each_kind_shows_its_own_fields(admin_client):
    pages = {kind: admin_client.get(create_url(kind)).content.decode() for kind in Kind.values}
    assert 'name="tenant"' in pages[Kind.MICROSOFT]
    assert 'name="tenant"' not in pages[Kind.GOOGLE]
    assert 'name="district_id"' in pages[Kind.CLEVER]
    assert 'name="server_url"' in pages[Kind.OIDC]
    assert 'name="x509cert"' in pages[Kind.SAML]
    assert 'name="metadata_url"' in pages[Kind.SAML]
    assert 'name="secret"' not in pages[Kind.SAML]
    assert 'type="password" name="secret"' in pages[Kind.GOOGLE]


@pytest.mark.parametrize(
    ("kind", "change", "field", "message"),
    [
        (Kind.GOOGLE, {"client_id": ""}, "client_id", "Give the client id."),
        (Kind.GOOGLE, {"secret": ""}, "secret", "Give the client secret."),
        (Kind.GOOGLE, {"allowed_domains": "not a domain"}, "allowed_domains", "is not an e-mail"),
        (Kind.MICROSOFT, {"tenant": ""}, "tenant", "Give the tenant"),
        # A domain name would never equal the token's tid: no address would be verified.
        (Kind.MICROSOFT, {"tenant": "snakeriver.org"}, "tenant", "Give the tenant"),
        (Kind.CLEVER, {"district_id": ""}, "district_id", "Give the Clever district id."),
        (Kind.OIDC, {"server_url": "idp.example"}, "server_url", "must be a web address"),
        (Kind.SAML, {"x509cert": "not a certificate"}, None, "certificate"),
        (Kind.SAML, {"entity_id": ""}, None, "entity id"),
    ],
)
def test_bad_input_is_refused_and_adds_nothing(
    admin_client, district, cert, kind, change, field, message
):
    data = {**common(district, "sr-bad", **kinds(cert)[kind]), **change}
    response = admin_client.post(create_url(kind), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    found = " ".join(errors.get(field or "__all__", []))
    assert message in found, errors
    assert not IdentityProvider.objects.exists()


def test_saml_signing_authoritative_addresses_and_contexts_are_kept(admin_client, district, cert):
    data = {
        **common(district, "sr-shib", **kinds(cert)[Kind.SAML]),
        "signed": "response",
        "email_authoritative": "on",
        "sp_entity_id": "https://cairn.snakeriver.org/saml",
        "mfa_contexts": "urn:district:mfa\nurn:district:otp",
    }
    response = admin_client.post(create_url(Kind.SAML), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    idp = IdentityProvider.objects.get(slug="sr-shib")
    assert idp.settings["signed"] == "response"
    assert idp.settings["email_authoritative"] is True
    assert idp.settings["sp_entity_id"] == "https://cairn.snakeriver.org/saml"
    assert idp.settings["mfa_contexts"] == ["urn:district:mfa", "urn:district:otp"]
    page = admin_client.get(edit_url(idp)).content.decode()
    assert "urn:district:otp" in page
    assert 'value="response" selected' in page or 'value="response"\n selected' in page


def test_saml_metadata_can_be_pasted(admin_client, district, cert):
    metadata = f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.snakeriver.org/shibboleth">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{
        cert.cert_pem.split("-----")[2].strip()
    }</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.snakeriver.org/idp/profile/SAML2/Redirect/SSO"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""
    data = {
        **common(district, "sr-pasted"),
        "metadata_xml": metadata,
        "preset": "shibboleth",
    }
    data.pop("client_id")
    data.pop("secret")
    response = admin_client.post(create_url(Kind.SAML), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    idp = IdentityProvider.objects.get(slug="sr-pasted")
    assert "SingleSignOnService" in idp.settings["idp"]["metadata_xml"]
    broken = {**data, "slug": "sr-broken", "metadata_xml": "<not metadata"}
    assert admin_client.post(create_url(Kind.SAML), broken).status_code == 400
    assert not IdentityProvider.objects.filter(slug="sr-broken").exists()


def test_a_taken_short_name_is_refused(admin_client, district):
    make_idp(DistrictFactory(), slug="taken")
    response = admin_client.post(create_url(Kind.GOOGLE), common(district, "taken"))
    assert response.status_code == 400
    assert "taken is taken" in response.content.decode()


def test_another_districts_admin_cannot_add_to_this_district(client, district):
    other = MembershipFactory(organization=DistrictFactory(), role=ADMIN).user
    client.force_login(other)
    response = client.post(create_url(Kind.GOOGLE), common(district, "sneaky"))
    assert response.status_code == 400  # not among the districts they may choose
    assert "district" in response.context["form"].errors
    assert not IdentityProvider.objects.exists()


def test_an_unknown_kind_is_404(admin_client):
    assert admin_client.get(create_url("facebook")).status_code == 404


# Changing ---------------------------------------------------------------------------------


def test_the_edit_page_shows_the_addresses_and_not_the_secret(admin_client, district):
    idp = make_idp(district, kind=Kind.OIDC, slug="sr-oidc", settings={"server_url": "https://i"})
    page = admin_client.get(edit_url(idp)).content.decode()
    assert "http://testserver/accounts/sso/oidc/sr-oidc/login/callback/" in page
    assert "s3cret" not in page
    assert "Set. Leave empty to keep it" in page


def test_a_saml_providers_page_shows_the_acs_and_metadata(admin_client, district, cert):
    idp = make_idp(
        district,
        kind=Kind.SAML,
        slug="sr-adfs",
        client_id="sr-adfs",
        secret="",
        settings={"idp": {"entity_id": "e", "sso_url": "https://s", "x509cert": cert.cert_pem}},
    )
    page = admin_client.get(edit_url(idp)).content.decode()
    assert "http://testserver/accounts/saml/sr-adfs/acs/" in page
    assert "http://testserver/accounts/saml/sr-adfs/metadata/" in page


def test_an_empty_secret_keeps_the_one_stored(admin_client, admin, district):
    idp = make_idp(district, slug="sr-google", secret="old-secret")
    data = common(district, "ignored", secret="", name="New label")
    response = admin_client.post(edit_url(idp), data)
    assert response.status_code == 302
    idp.refresh_from_db()
    assert (idp.name, idp.slug, idp.secret()) == ("New label", "sr-google", "old-secret")
    entry = AuditEntry.objects.get(action="identity_provider.update")
    assert "secret" not in entry.data["changed"]
    assert "name" in entry.data["changed"]


def test_a_new_secret_replaces_it(admin_client, district):
    idp = make_idp(district, slug="sr-google", secret="old-secret")
    admin_client.post(edit_url(idp), common(district, "x", secret="new-secret"))
    idp.refresh_from_db()
    assert idp.secret() == "new-secret"
    assert "new-secret" not in idp.secret_sealed


def test_an_edit_keeps_the_settings_the_form_does_not_show(admin_client, district):
    idp = make_idp(
        district,
        kind=Kind.CLEVER,
        slug="sr-clever",
        settings={"district_id": "d1", "api_url": "https://api.clever.example"},
    )
    admin_client.post(edit_url(idp), common(district, "x", district_id="d2"))
    idp.refresh_from_db()
    assert idp.settings == {"district_id": "d2", "api_url": "https://api.clever.example"}


def test_switching_off_and_on(admin_client, admin, district):
    idp = make_idp(district, slug="sr-google")
    url = reverse("sso:idp-set-enabled", kwargs={"public_id": idp.public_id})
    response = admin_client.post(url)
    assert response.status_code == 302
    idp.refresh_from_db()
    assert idp.enabled is False
    assert "switched off" in admin_client.get(LIST).content.decode()
    admin_client.post(url, {"enabled": "on"})
    idp.refresh_from_db()
    assert idp.enabled is True
    assert AuditEntry.objects.filter(action="identity_provider.set_enabled").count() == 2


# Who sees what ---------------------------------------------------------------------------


def test_the_list_shows_the_districts_providers_only(admin_client, district):
    make_idp(district, name="Ours")
    make_idp(DistrictFactory(), name="Theirs")
    page = admin_client.get(LIST).content.decode()
    assert "Ours" in page
    assert "Theirs" not in page
    assert 'aria-current="page">Sign-in' in page


def test_the_list_is_paginated_and_its_queries_do_not_grow(admin_client, district):
    make_idp(district)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(LIST).status_code == 200
    for _n in range(30):
        make_idp(district)
    with CaptureQueriesContext(connection) as many:
        page = admin_client.get(LIST)
    assert len(many) == len(few)
    assert len(page.context["page"].object_list) == 25
    assert admin_client.get(LIST, {"page": 2}).context["page"].object_list


def test_another_districts_admin_gets_404(client, district):
    idp = make_idp(district)
    client.force_login(MembershipFactory(organization=DistrictFactory(), role=ADMIN).user)
    assert client.get(edit_url(idp)).status_code == 404
    assert client.post(edit_url(idp), common(district, "x")).status_code == 404
    set_enabled = reverse("sso:idp-set-enabled", kwargs={"public_id": idp.public_id})
    assert client.post(set_enabled).status_code == 404
    idp.refresh_from_db()
    assert idp.enabled


@pytest.mark.parametrize("role", [Membership.Role.TEACHER, ADMIN])
def test_a_teacher_and_a_school_admin_get_404(client, district, role):
    idp = make_idp(district)
    user = MembershipFactory(organization=SchoolFactory(parent=district), role=role).user
    client.force_login(user)
    assert client.get(LIST).status_code == 404
    assert client.get(create_url(Kind.GOOGLE)).status_code == 404
    assert client.get(edit_url(idp)).status_code == 404


def test_a_superuser_sees_and_changes_every_districts(client, district):
    idp = make_idp(district, name="Ours")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert "Ours" in client.get(LIST).content.decode()
    assert client.post(edit_url(idp), common(district, "x", name="Changed")).status_code == 302


def test_the_menu_shows_the_page_to_district_admins_only(client, admin, district):
    client.force_login(admin)
    assert "Sign-in providers" in client.get(reverse("console:settings")).content.decode()
    teacher = MembershipFactory(organization=SchoolFactory(parent=district)).user
    client.force_login(teacher)
    assert "Sign-in providers" not in client.get(reverse("badges:verify")).content.decode()


def test_the_policy_agrees_with_itself(district, admin):
    ours = make_idp(district)
    theirs = make_idp(DistrictFactory())
    teacher = MembershipFactory(organization=SchoolFactory(parent=district)).user
    for user, obj, allowed in ((admin, ours, True), (admin, theirs, False), (teacher, ours, False)):
        assert identity_providers.allows(user, "administer", obj) is allowed
        assert (user in identity_providers.users("administer", obj)) is allowed
