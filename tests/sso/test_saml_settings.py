"""A SAML provider's settings: what the console refuses (`saml_settings_check`), what
allauth is given (`saml_app_settings`), and what an assertion is read as
(`saml_identity`). No IdP runs here; metadata by URL is served on loopback."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from accounts.models import IdentityProvider
from accounts.sso.saml import saml_app_settings, saml_identity, saml_settings_check
from accounts.sso.saml.metadata import remote_metadata
from accounts.sso.saml.provider import SIGN_IN_KEY

from .saml_idp.keys import make_key_pair

IDP = "https://adfs.snakeriver.example/adfs/services/trust"
SSO = "https://adfs.snakeriver.example/adfs/ls/"
CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"


@pytest.fixture(scope="module")
def cert():
    return make_key_pair("ADFS Signing")


def typed_in(cert, **idp) -> dict:
    return {"idp": {"entity_id": IDP, "sso_url": SSO, "x509cert": cert.cert_pem, **idp}}


def metadata_xml(cert, *, entity_id: str = IDP, sso: str = SSO) -> str:
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{cert.cert_body}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{sso}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def message_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- saml_settings_check --------------------------------------------------------------
def test_typed_in_settings_with_a_current_certificate_pass(cert):
    saml_settings_check(typed_in(cert))
    # The certificate's body without its armour, as metadata carries it, passes too.
    saml_settings_check(typed_in(cert, x509cert=cert.cert_body))


@pytest.mark.parametrize(
    ("idp", "message"),
    [
        ({"entity_id": ""}, "The IdP's entity id is missing."),
        ({"sso_url": ""}, "The IdP's single sign-on URL is missing."),
        ({"sso_url": "adfs.example/ls"}, "single sign-on URL must be a web address"),
        ({"x509cert": ""}, "The IdP's signing certificate is missing."),
        ({"x509cert": "-----BEGIN CERTIFICATE-----\nnot a cert\n"}, "is not a PEM certificate"),
        ({"x509cert": "TUlJQ2Z6Q0NB"}, "is not a PEM certificate"),
    ],
)
def test_typed_in_settings_that_cannot_work_are_refused(cert, idp, message):
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check(typed_in(cert, **idp))
    assert message in message_of(excinfo)


def test_an_expired_certificate_is_refused():
    old = make_key_pair("Old ADFS Signing", not_before_days=-400, not_after_days=-3)
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check(typed_in(old))
    assert "The IdP's signing certificate expired on" in message_of(excinfo)


def test_pasted_metadata_is_read(cert):
    saml_settings_check({"idp": {"metadata_xml": metadata_xml(cert)}})


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<md:EntityDescriptor", "cannot be read as XML"),
        ("not xml at all", "cannot be read as XML"),
        (
            '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>',
            "The metadata has no IdP (IDPSSODescriptor).",
        ),
    ],
)
def test_unreadable_metadata_is_refused(xml, message):
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check({"idp": {"metadata_xml": xml}})
    assert message in message_of(excinfo)


def test_metadata_without_a_redirect_sso_endpoint_or_a_certificate_is_refused(cert):
    post_only = metadata_xml(cert).replace("HTTP-Redirect", "HTTP-POST")
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check({"idp": {"metadata_xml": post_only}})
    assert "no single sign-on address with the HTTP-Redirect binding" in message_of(excinfo)

    xml = metadata_xml(cert)
    no_cert = xml[: xml.index("<md:KeyDescriptor")] + xml[xml.index("<md:SingleSignOn") :]
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check({"idp": {"metadata_xml": no_cert}})
    assert "no signing certificate" in message_of(excinfo)

    empty_cert = xml.replace(cert.cert_body, "")
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check({"idp": {"metadata_xml": empty_cert}})
    assert "not metadata Cairn can use" in message_of(excinfo)


def test_metadata_with_an_expired_certificate_is_refused():
    old = make_key_pair("Old", not_before_days=-400, not_after_days=-1)
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check({"idp": {"metadata_xml": metadata_xml(old)}})
    assert "expired on" in message_of(excinfo)


def test_an_unknown_preset_or_signing_rule_is_refused(cert):
    with pytest.raises(ValidationError, match="Unknown attribute preset"):
        saml_settings_check({**typed_in(cert), "preset": "okta"})
    with pytest.raises(ValidationError, match="assertion, response or both"):
        saml_settings_check({**typed_in(cert), "signed": "none"})


# --- metadata by URL ------------------------------------------------------------------
@pytest.fixture
def metadata_server(cert):
    served = {"body": metadata_xml(cert).encode(), "status": 200, "hits": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            served["hits"] += 1
            self.send_response(served["status"])
            self.send_header("Content-Type", "application/samlmetadata+xml")
            self.end_headers()
            self.wfile.write(served["body"])

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served["url"] = f"http://127.0.0.1:{server.server_port}/FederationMetadata.xml"
    yield served
    server.shutdown()
    server.server_close()


def test_metadata_on_a_private_address_is_refused_by_default(settings, metadata_server):
    settings.SSO_METADATA_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as excinfo:
        saml_settings_check({"idp": {"metadata_url": metadata_server["url"]}})
    assert "is on a private network" in message_of(excinfo)
    assert metadata_server["hits"] == 0


def test_metadata_by_url_is_fetched_checked_and_cached(settings, metadata_server, cert):
    settings.SSO_METADATA_ALLOW_PRIVATE = True
    saml_settings_check({"idp": {"metadata_url": metadata_server["url"]}})
    assert metadata_server["hits"] == 1

    assert remote_metadata(metadata_server["url"])["entity_id"] == IDP
    assert metadata_server["hits"] == 1  # from the cache

    # The IdP is down: the last copy keeps sign-in working, the console check says why.
    metadata_server["status"] = 503
    assert remote_metadata(metadata_server["url"], refresh=False)["sso_url"] == SSO
    with pytest.raises(ValidationError, match="answered 503"):
        saml_settings_check({"idp": {"metadata_url": metadata_server["url"]}})


def test_a_metadata_url_that_fails_is_not_asked_again_at_once(settings, metadata_server):
    settings.SSO_METADATA_ALLOW_PRIVATE = True
    metadata_server["status"] = 500
    for _ in range(3):
        with pytest.raises(ValidationError, match="answered 500"):
            remote_metadata(metadata_server["url"])
    assert metadata_server["hits"] == 1
    # The console's check asks again, and a good answer clears the failure.
    metadata_server["status"] = 200
    saml_settings_check({"idp": {"metadata_url": metadata_server["url"]}})
    assert remote_metadata(metadata_server["url"])["entity_id"] == IDP
    assert metadata_server["hits"] == 2


def test_a_metadata_url_must_be_a_web_address():
    with pytest.raises(ValidationError, match="must start with https://"):
        saml_settings_check({"idp": {"metadata_url": "file:///etc/passwd"}})


# --- saml_app_settings ----------------------------------------------------------------
def provider_row(cert, **settings) -> IdentityProvider:
    return IdentityProvider(
        kind=IdentityProvider.Kind.SAML,
        slug="snake-river-adfs",
        name="Snake River SD",
        settings={**typed_in(cert), **settings},
        allowed_domains=["SnakeRiver.example"],
        roster_claim="http://schemas.example/claims/sourcedid",
    )


def test_app_settings_are_strict_by_default(cert):
    app = saml_app_settings(provider_row(cert, preset="adfs"))

    assert app["idp"] == {"entity_id": IDP, "sso_url": SSO, "x509cert": cert.cert_body}
    assert app["sp"] == {}  # Cairn's metadata URL is its entity id
    advanced = app["advanced"]
    assert advanced["strict"] is True
    assert advanced["want_assertion_signed"] is True
    assert advanced["reject_idp_initiated_sso"] is True
    assert advanced["reject_deprecated_algorithm"] is True
    assert advanced["digest_algorithm"].endswith("sha256")
    assert advanced["signature_algorithm"].endswith("rsa-sha256")
    assert app["attribute_mapping"]["email"] == [f"{CLAIMS}/emailaddress"]
    assert app["cairn"]["roster_attributes"] == ["http://schemas.example/claims/sourcedid"]
    assert app["cairn"]["allowed_domains"] == ["snakeriver.example"]


def test_app_settings_follow_the_district_attributes_and_signing_rule(cert):
    app = saml_app_settings(
        provider_row(
            cert,
            preset="shibboleth",
            signed="response",
            attributes={"email": "mail", "uid": ["uid"]},
            sp_entity_id="https://cairn.example/shibboleth",
        )
    )
    assert app["attribute_mapping"]["email"] == ["mail"]
    assert app["attribute_mapping"]["uid"] == ["uid"]
    assert app["attribute_mapping"]["first_name"] == ["urn:oid:2.5.4.42"]
    assert app["advanced"]["want_message_signed"] is True
    assert app["advanced"]["want_assertion_signed"] is False
    assert app["sp"] == {"entity_id": "https://cairn.example/shibboleth"}


def test_app_settings_of_unreadable_metadata_leave_the_provider_unusable(cert):
    app = saml_app_settings(provider_row(cert, idp={"metadata_xml": "<broken"}))
    assert app["idp"]["sso_url"] == ""


# --- saml_identity ----------------------------------------------------------------------
def sign_in(cert, sent: dict, *, name_id="ada-1", name_id_format="", contexts=(), **s):
    app = SimpleNamespace(settings=saml_app_settings(provider_row(cert, **s)))
    extra = {k: [v] if isinstance(v, str) else v for k, v in sent.items()}
    extra[SIGN_IN_KEY] = {
        "name_id": name_id,
        "name_id_format": name_id_format,
        "authn_contexts": list(contexts),
    }
    return SimpleNamespace(
        provider=SimpleNamespace(app=app),
        account=SimpleNamespace(uid=name_id, extra_data=extra),
    )


def test_identity_reads_the_adfs_claims(cert):
    identity = saml_identity(
        sign_in(
            cert,
            {
                f"{CLAIMS}/emailaddress": "Ada@SnakeRiver.example",
                f"{CLAIMS}/givenname": "Ada",
                f"{CLAIMS}/surname": "Lovelace",
                "http://schemas.example/claims/sourcedid": "T-1042",
            },
            preset="adfs",
        )
    )
    assert identity.uid == "ada-1"
    assert identity.email == "Ada@SnakeRiver.example"
    assert identity.email_verified is False  # nothing vouches for it
    assert (identity.given_name, identity.family_name) == ("Ada", "Lovelace")
    assert identity.roster_value == "T-1042"
    assert identity.mfa is False


def test_authoritative_addresses_count_as_verified_at_allowed_domains_only(cert):
    at_home = sign_in(cert, {f"{CLAIMS}/emailaddress": "ada@home.example"}, preset="adfs")
    at_school = sign_in(cert, {f"{CLAIMS}/emailaddress": "ada@snakeriver.example"})
    for login, expected in ((at_home, False), (at_school, True)):
        login.provider.app.settings["cairn"]["email_authoritative"] = True
        assert saml_identity(login).email_verified is expected


def test_a_verified_flag_from_the_idp_is_read(cert):
    login = sign_in(
        cert,
        {"mail": "ada@home.example", "verified": "true"},
        attributes={"email": "mail", "email_verified": "verified"},
    )
    assert saml_identity(login).email_verified is True


def test_an_email_name_id_is_the_address_when_no_attribute_carries_one(cert):
    login = sign_in(
        cert,
        {},
        name_id="ada@snakeriver.example",
        name_id_format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    )
    assert saml_identity(login).email == "ada@snakeriver.example"


@pytest.mark.parametrize(
    ("contexts", "attributes", "mfa"),
    [
        (["https://refeds.org/profile/mfa"], {}, True),
        (["http://schemas.microsoft.com/claims/multipleauthn"], {}, True),
        (["urn:oasis:names:tc:SAML:2.0:ac:classes:MultiFactor"], {}, True),
        (["urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"], {}, False),
        (
            ["urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"],
            {
                "http://schemas.microsoft.com/claims/authnmethodsreferences": [
                    "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password",
                    "http://schemas.microsoft.com/claims/multipleauthn",
                ]
            },
            True,
        ),
    ],
)
def test_identity_reports_a_multi_factor_sign_in(cert, contexts, attributes, mfa):
    assert saml_identity(sign_in(cert, attributes, contexts=contexts)).mfa is mfa


def test_a_district_may_name_its_own_multi_factor_context(cert):
    own = "urn:example:ac:classes:Duo"
    assert saml_identity(sign_in(cert, {}, contexts=[own])).mfa is False
    assert saml_identity(sign_in(cert, {}, contexts=[own], mfa_contexts=[own])).mfa is True
