"""SAML sign-in in a real browser. The district's button on the login page leads to the
loopback pysaml2 IdP (tests.sso.saml_idp), where the person signs in. The IdP's page posts
the signed response back to Cairn's ACS. Cairn is on localhost and the IdP on
127.0.0.1, so that POST is cross-site, as in production: the session cookie
(SameSite=Lax) does not ride on it, and allauth's ACS-then-finish redirect must carry the
sign-in. The person lands on Cairn's home as the matched account. An altered response
ends on the "did not finish" page. Both widths are checked with axe, with screenshots."""

from __future__ import annotations

import uuid

import pytest
import requests

from accounts.models import IdentityProvider
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory
from tests.sso.saml_idp import SamlIdp

from .support import DESKTOP, PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
DOMAIN = "snakeriver.example"


@pytest.fixture(scope="module")
def saml_idp(tmp_path_factory):
    idp = SamlIdp.start(tmp_path_factory.mktemp("saml-idp-browser"))
    yield idp
    idp.stop()


def district_idp(live_server, saml_idp, knobs: dict | None = None) -> str:
    district = DistrictFactory(name="Snake River School District")
    user = UserFactory(email=f"ada.lovelace@{DOMAIN}", name="Ada Lovelace")
    MembershipFactory(user=user, organization=district)
    slug = f"snake-river-saml-{uuid.uuid4().hex[:6]}"
    IdentityProvider.objects.create(
        district=district,
        kind=IdentityProvider.Kind.SAML,
        slug=slug,
        name="Snake River AD FS",
        settings={"preset": "adfs", "idp": saml_idp.idp_settings(), "email_authoritative": True},
        allowed_domains=[DOMAIN],
    )
    metadata = requests.get(f"{live_server.url}/accounts/saml/{slug}/metadata/", timeout=10)
    assert metadata.status_code == 200, metadata.text[:300]
    users = {"ada": {"name_id": "ada-1", "attributes": {EMAIL: [f"ada.lovelace@{DOMAIN}"]}}}
    saml_idp.configure(sp_metadata=[metadata.text], users=users, knobs=knobs)
    return slug


def sign_in_at_the_idp(page, live_server, saml_idp) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Snake River AD FS").click()
    page.wait_for_url(f"{saml_idp.sso_url}**")
    page.get_by_label("Username").fill("ada")
    page.get_by_role("button", name="Sign in to").click()
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state("networkidle")


def test_the_saml_button_signs_in_at_the_idp_and_lands_home(
    page, live_server, saml_idp, axe_check, shot
):
    assert live_server.url.startswith("http://localhost:")  # cross-site from 127.0.0.1
    district_idp(live_server, saml_idp)

    sign_in_at_the_idp(page, live_server, saml_idp)

    assert "/accounts/" not in page.url
    assert page.get_by_text("Successfully signed in as Ada Lovelace.").is_visible()
    assert page.get_by_role("heading", name="Welcome, Ada").is_visible()
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        shot(page, f"saml-landed-{label}")
        axe_check(page)


def test_an_altered_response_ends_on_the_failure_page(page, live_server, saml_idp, axe_check, shot):
    district_idp(live_server, saml_idp, knobs={"tamper": ["ada.lovelace@", "eve@"]})

    sign_in_at_the_idp(page, live_server, saml_idp)

    assert page.get_by_role("heading", name="Sign-in did not finish").is_visible()
    assert page.get_by_role("link", name="Sign in", exact=True).is_visible()  # nobody is
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        shot(page, f"saml-refused-{label}")
        axe_check(page)
        if label == "phone":
            fits(page, PHONE["width"])
