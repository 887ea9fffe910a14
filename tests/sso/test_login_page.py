"""The sign-in page: the enabled providers' buttons grouped by district (one query), a
district's only with ?district=, each a form that POSTs to allauth's provider sign-in;
the password form below them; the refusal pages."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import IdentityProvider
from accounts.sso.selectors import login_buttons
from tests.accounts.factories import DistrictFactory
from tests.sso.idps import make_idp

pytestmark = pytest.mark.django_db

URL = reverse("account_login")
Kind = IdentityProvider.Kind


@pytest.fixture
def providers():
    snake = DistrictFactory(name="Snake River SD", slug="snake-river")
    aspen = DistrictFactory(name="Aspen Valley USD", slug="aspen")
    return {
        "google": make_idp(snake, slug="snake-google", name="Snake River Google"),
        "saml": make_idp(
            snake,
            kind=Kind.SAML,
            slug="snake-adfs",
            name="Snake River ADFS",
            client_id="snake-adfs",
            secret="",
        ),
        "clever": make_idp(aspen, kind=Kind.CLEVER, slug="aspen-clever", name="Aspen Clever"),
        "off": make_idp(aspen, slug="aspen-off", name="Aspen Old Google", enabled=False),
    }


def _forms(page: str) -> dict[str, str]:
    """Button label -> the address its form POSTs to."""
    found = re.findall(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="csrfmiddlewaretoken"'
        r'[^>]*>\s*(?:<input type="hidden" name="next"[^>]*>\s*)?<button type="submit">([^<]+)</button>',
        page,
    )
    return {label: action for action, label in found}


def test_the_page_shows_each_districts_enabled_buttons(client, providers):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    forms = _forms(page)
    assert forms == {
        "Snake River Google": "/accounts/sso/oidc/snake-google/login/",
        "Snake River ADFS": "/accounts/saml/snake-adfs/login/",
        "Aspen Clever": "/accounts/sso/clever/aspen-clever/login/",
    }
    # grouped by district, in name order; the switched-off provider is not there
    assert (
        page.index("Aspen Valley USD") < page.index("Aspen Clever") < page.index("Snake River SD")
    )
    assert "Aspen Old Google" not in page
    # the password form is still there, below the buttons
    assert page.index("Snake River ADFS") < page.index('name="password"')
    assert 'name="login"' in page


def test_one_district_only(client, providers):
    page = client.get(URL, {"district": "aspen"}).content.decode()
    assert list(_forms(page)) == ["Aspen Clever"]
    assert "Another district" in page


def test_a_district_without_providers(client, providers):
    page = client.get(URL, {"district": "nowhere"}).content.decode()
    assert _forms(page) == {}
    assert "has no sign-in provider switched on" in page


def test_the_next_address_rides_along(client, providers):
    page = client.get(URL, {"next": "/console/"}).content.decode()
    # three buttons, the password form and the passkey form
    assert page.count('name="next" value="/console/"') == 5


def test_the_buttons_are_one_query_however_many(providers):
    with CaptureQueriesContext(connection) as few:
        login_buttons()
    for n in range(5):
        make_idp(DistrictFactory(), slug=f"more-{n}")
    with CaptureQueriesContext(connection) as many:
        groups = login_buttons()
    assert len(few) == len(many) == 1
    assert len(groups) == 7


def test_a_button_starts_the_sign_in_by_post(client, settings, providers):
    settings.SOCIALACCOUNT_LOGIN_ON_GET = False
    response = client.get("/accounts/sso/oidc/snake-google/login/")
    # allauth asks for a POST (a confirmation page), never redirects to the IdP on GET
    assert response.status_code == 200
    assert "<form" in response.content.decode()


def test_signup_link_only_when_signup_is_open(client, settings, providers):
    settings.ACCOUNT_ALLOW_SIGNUP = False
    assert "Sign up" not in client.get(URL).content.decode()
    settings.ACCOUNT_ALLOW_SIGNUP = True
    assert "Sign up" in client.get(URL).content.decode()


def test_the_authentication_error_page_says_what_to_do(client):
    from django.template.loader import render_to_string

    page = render_to_string("socialaccount/authentication_error.html")
    assert "Sign-in did not finish" in page
    assert "ask your school's Cairn administrator" in page.replace("&#x27;", "'")
