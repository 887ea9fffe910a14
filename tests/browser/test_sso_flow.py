"""Single sign-on in a browser: the login page shows the district's button; it leads to
the district's provider (the loopback OpenID Connect IdP, tests.sso.oidc_idp), whose
own sign-in form the person fills; they land on Cairn's home as the matched account.
The login page with the button at 1280 px and 390 px, axe clean."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import IdentityProvider
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory
from tests.sso.flows import connect
from tests.sso.loopback_idp import oidc_idp  # noqa: F401 (the fixture)

from .support import DESKTOP, PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_district_button_signs_in_at_the_idp_and_lands_home(
    page,
    live_server,
    oidc_idp,  # noqa: F811 (the fixture imported above)
    axe_check,
    shot,
    settings,
):
    # The test IdP listens on 127.0.0.1 over http: what SSO_ALLOW_PRIVATE allows.
    settings.SSO_ALLOW_PRIVATE = True
    district = DistrictFactory(name="Snake River School District")
    user = UserFactory(email="ada.lovelace@snakeriver.example", name="Ada Lovelace")
    MembershipFactory(user=user, organization=district)
    connect(
        oidc_idp,
        district=district,
        kind=IdentityProvider.Kind.OIDC,
        slug=f"snake-river-{uuid.uuid4().hex[:6]}",
        name="Snake River staff sign-in",
        settings={"server_url": oidc_idp.url},
        origin=live_server.url,
    )
    username = f"ada-{uuid.uuid4().hex[:6]}"
    oidc_idp.setup(
        people=[
            {
                "username": username,
                "password": "idp-password-1",
                "claims": {
                    "email": "ada.lovelace@snakeriver.example",
                    "email_verified": True,
                    "name": "Ada Lovelace",
                },
            }
        ]
    )

    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/accounts/login/")
        button = page.get_by_role("button", name="Snake River staff sign-in")
        assert button.is_visible()
        shot(page, f"sso-login-{label}")
        axe_check(page)
        if label == "phone":
            fits(page, PHONE["width"])

    button.click()
    page.wait_for_url(f"{oidc_idp.url}/login/**")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("idp-password-1")
    page.get_by_role("button", name="Sign in to the test IdP").click()
    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state("networkidle")

    assert "/accounts/" not in page.url
    assert page.get_by_text("Successfully signed in as Ada Lovelace.").is_visible()
    assert page.get_by_role("heading", name="Welcome, Ada").is_visible()
    shot(page, "sso-landed-phone")
    assert user.socialaccount_set.get().provider.startswith("snake-river-")
