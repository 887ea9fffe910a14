"""The addresses Cairn's server fetches from for a sign-in provider (discovery, keys,
the token exchange with the client secret, Clever's API): checked when a row is saved
(accounts.sso.services.sso_fetch_url) and again at each fetch (the adapter's requests
session): https at a public host, unless the operator sets SSO_ALLOW_PRIVATE. And a
provider that makes accounts at first sign-in names the domains it makes them for."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.urls import reverse

from accounts.models import IdentityProvider, Membership
from accounts.sso.adapter import SocialAccountAdapter
from accounts.sso.services import (
    InvalidProvider,
    identity_provider_create,
    identity_provider_update,
)
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
Kind = IdentityProvider.Kind


@pytest.fixture
def strict(settings):
    settings.SSO_ALLOW_PRIVATE = False


@pytest.fixture
def district():
    return DistrictFactory(name="Snake River SD")


@pytest.fixture
def root():
    return UserFactory(is_superuser=True, is_staff=True)


def create(root, district, kind, given, **kw):
    return identity_provider_create(
        actor=root,
        district=district,
        kind=kind,
        slug=kw.pop("slug", "sr-row"),
        name="Snake River",
        client_id="cid",
        secret="s3cret",
        settings=given,
        allowed_domains=kw.pop("allowed_domains", ["snakeriver.org"]),
        **kw,
    )


LOOPBACK = "https://127.0.0.1:8443/realms/x"
METADATA = "https://169.254.169.254/latest"
CASES = [
    (Kind.OIDC, {"server_url": "http://idp.snakeriver.org"}, "must be an https:// address"),
    (Kind.OIDC, {"server_url": LOOPBACK}, "private network"),
    (Kind.OIDC, {"server_url": METADATA}, "private network"),
    (Kind.GOOGLE, {"server_url": LOOPBACK}, "private network"),
    (Kind.MICROSOFT, {"tenant": "common", "server_url": "https://localhost"}, "private network"),
    (Kind.CLEVER, {"district_id": "d1", "token_url": LOOPBACK}, "private network"),
    (Kind.CLEVER, {"district_id": "d1", "api_url": METADATA}, "private network"),
    (Kind.CLEVER, {"district_id": "d1", "authorize_url": "ftp://x.example"}, "web address"),
]


@pytest.mark.parametrize(("kind", "given", "message"), CASES)
def test_an_address_cairn_may_not_fetch_from_is_refused(
    strict, root, district, kind, given, message
):
    with pytest.raises(InvalidProvider) as refused:
        create(root, district, kind, given)
    assert message in refused.value.message
    assert not IdentityProvider.objects.exists()


def test_a_change_to_such_an_address_is_refused_and_changes_nothing(strict, root, district):
    row = IdentityProvider.objects.create(
        district=district,
        kind=Kind.OIDC,
        slug="sr",
        name="SR",
        client_id="c",
        settings={"server_url": "https://idp.snakeriver.org"},
        secret_sealed="x",
    )
    with pytest.raises(InvalidProvider) as refused:
        identity_provider_update(
            actor=root, idp=row, name="SR", client_id="c", settings={"server_url": LOOPBACK}
        )
    assert refused.value.code == "server_url"
    row.refresh_from_db()
    assert row.settings == {"server_url": "https://idp.snakeriver.org"}


def test_the_operator_may_allow_a_private_idp(settings, root, district):
    settings.SSO_ALLOW_PRIVATE = True
    row = create(root, district, Kind.OIDC, {"server_url": "http://127.0.0.1:8080/idp/"})
    assert row.settings["server_url"] == "http://127.0.0.1:8080/idp"


def test_the_console_form_shows_the_refusal_on_the_field(strict, client, district):
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    client.force_login(admin)
    response = client.post(
        reverse("sso:idp-create", kwargs={"kind": Kind.OIDC}),
        {
            "district": district.pk,
            "slug": "sr-oidc",
            "name": "Snake River",
            "server_url": LOOPBACK,
            "client_id": "cid",
            "secret": "plain",
            "enabled": "on",
        },
    )
    assert response.status_code == 400
    assert "private network" in " ".join(response.context["form"].errors["server_url"])
    assert not IdentityProvider.objects.exists()


# Accounts at first sign-in name their domains ---------------------------------------------


def test_accounts_at_first_sign_in_need_allowed_domains(root, district):
    with pytest.raises(InvalidProvider) as refused:
        create(root, district, Kind.GOOGLE, {}, allowed_domains=[], jit_accounts=True)
    assert refused.value.code == "allowed_domains"
    assert "give the allowed e-mail domains" in refused.value.message
    assert not IdentityProvider.objects.exists()
    row = create(root, district, Kind.GOOGLE, {}, jit_accounts=True)
    with pytest.raises(InvalidProvider):
        identity_provider_update(
            actor=root, idp=row, name="SR", client_id="cid", allowed_domains=[], jit_accounts=True
        )
    row.refresh_from_db()
    assert row.allowed_domains == ["snakeriver.org"]


def test_the_console_form_says_so_on_the_domains_field(client, district):
    client.force_login(MembershipFactory(organization=district, role=Membership.Role.ADMIN).user)
    response = client.post(
        reverse("sso:idp-create", kwargs={"kind": Kind.GOOGLE}),
        {
            "district": district.pk,
            "slug": "sr-google",
            "name": "Snake River",
            "client_id": "cid",
            "secret": "plain",
            "jit_accounts": "on",
            "enabled": "on",
        },
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["allowed_domains"])
    assert "give the allowed e-mail domains" in errors
    assert not IdentityProvider.objects.exists()


# At fetch time --------------------------------------------------------------------------


@pytest.fixture
def loopback_server():
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_the_session_allauth_fetches_with_checks_each_address(settings, loopback_server):
    # A row saved before the check (or a discovery document naming a private
    # token endpoint) is still not fetched from.
    url, hits = loopback_server
    settings.SSO_ALLOW_PRIVATE = False
    with SocialAccountAdapter().get_requests_session() as session:
        with pytest.raises(requests.exceptions.InvalidURL):
            session.get(f"{url}/.well-known/openid-configuration")
        with pytest.raises(requests.exceptions.InvalidURL):
            session.post(f"{url}/token", data={"client_secret": "s3cret"})
    assert hits == []
    settings.SSO_ALLOW_PRIVATE = True
    with SocialAccountAdapter().get_requests_session() as session:
        assert session.get(f"{url}/jwks").status_code == 200
    assert hits == ["/jwks"]
