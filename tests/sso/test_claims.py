"""What each kind of provider is trusted for (accounts.sso.claims), and each row's
allauth app (accounts.sso.apps); no IdP needed."""

import pytest
from allauth.socialaccount.providers.oauth2.client import OAuth2Error

from accounts.models import IdentityProvider
from accounts.sso.apps import social_app
from accounts.sso.claims import amr_is_mfa, clever_identity, oidc_identity
from accounts.sso.providers.oidc.views import expected_issuer

Kind = IdentityProvider.Kind
TENANT = "3f2a8c1e-5b7d-4e9a-8c6f-1d2e3f4a5b6c"


def _row(kind, **fields) -> IdentityProvider:
    return IdentityProvider(kind=kind, slug="row", name="Row", client_id="cid", **fields)


@pytest.mark.parametrize(
    ("claims", "verified"),
    [
        ({"email": "a@x.example", "email_verified": True}, True),
        ({"email": "a@x.example", "email_verified": "true"}, True),
        ({"email": "a@x.example", "email_verified": "false"}, False),
        ({"email": "a@x.example"}, False),
        ({"email_verified": True}, False),
    ],
)
def test_oidc_trusts_email_verified_only(claims, verified):
    identity = oidc_identity({"id_token": {"sub": "1", **claims}}, _row(Kind.OIDC))
    assert identity.email_verified is verified


def test_the_id_token_wins_over_userinfo():
    data = {
        "userinfo": {"sub": "1", "email": "a@x.example", "email_verified": True},
        "id_token": {"sub": "1", "email": "a@x.example", "email_verified": False},
    }
    assert oidc_identity(data, _row(Kind.OIDC)).email_verified is False


def test_google_hosted_domain_is_kept():
    claims = {"sub": "1", "email": "a@x.example", "email_verified": True, "hd": "x.example"}
    assert oidc_identity({"id_token": claims}, _row(Kind.GOOGLE)).extra["hd"] == "x.example"


@pytest.mark.parametrize(
    ("tenant", "claims", "verified"),
    [
        (TENANT, {"tid": TENANT}, True),
        (TENANT, {"tid": "other"}, False),
        ("organizations", {"tid": TENANT}, False),
        ("organizations", {"tid": TENANT, "xms_edov": True}, True),
        ("common", {"tid": TENANT, "xms_edov": False}, False),
        ("organizations", {"tid": TENANT, "email_verified": True}, False),
    ],
)
def test_entra_email_counts_for_its_own_tenant_or_xms_edov(tenant, claims, verified):
    row = _row(Kind.MICROSOFT, settings={"tenant": tenant})
    identity = oidc_identity({"id_token": {"sub": "1", "email": "a@x.example", **claims}}, row)
    assert identity.email_verified is verified
    assert identity.extra["tid"] == claims["tid"]


def test_entra_upn_only_as_roster_value():
    row = _row(Kind.MICROSOFT, roster_claim="preferred_username")
    identity = oidc_identity(
        {"id_token": {"sub": "1", "preferred_username": "a@x.example", "tid": TENANT}}, row
    )
    assert (identity.email, identity.roster_value) == ("", "a@x.example")


def test_roster_claim():
    row = _row(Kind.OIDC, roster_claim="employee_id")
    assert oidc_identity({"id_token": {"sub": "1", "employee_id": 42}}, row).roster_value == "42"


@pytest.mark.parametrize(
    ("amr", "mfa"),
    [
        (["pwd", "mfa"], True),
        (["otp"], True),
        (["hwk"], True),
        (["swk"], True),
        (["fpt"], True),
        ("mfa", True),
        (["pwd"], False),
        (["pwd", "kba"], False),
        ([], False),
        (None, False),
        (7, False),
    ],
)
def test_amr(amr, mfa):
    assert amr_is_mfa(amr) is mfa


def _clever(district="d1", email="r@m.example"):
    return {
        "data": {
            "id": "u1",
            "district": district,
            "email": email,
            "roles": {"student": {"sis_id": "S-1", "credentials": {"district_username": "rp"}}},
        },
        "me": {"id": "u1", "district": district, "type": "student"},
    }


def test_clever_address_is_trusted_from_the_configured_district_only():
    row = _row(Kind.CLEVER, settings={"district_id": "d1"})
    assert clever_identity(_clever(), row).email_verified is True
    assert clever_identity(_clever(district="d2"), row).email_verified is False
    assert clever_identity(_clever(), _row(Kind.CLEVER)).email_verified is False


@pytest.mark.parametrize(("claim", "value"), [("sis_id", "S-1"), ("district_username", "rp")])
def test_clever_roster_fields(claim, value):
    row = _row(Kind.CLEVER, roster_claim=claim)
    assert clever_identity(_clever(), row).roster_value == value


def test_entra_issuer_template_takes_only_the_tokens_tid():
    import jwt

    template = "https://login.microsoftonline.com/{tenantid}/v2.0"
    token = jwt.encode({"tid": TENANT}, "k" * 32, algorithm="HS256")
    assert expected_issuer(template, token) == template.replace("{tenantid}", TENANT)
    for bad in ({}, {"tid": "evil/../x"}, {"tid": ""}):
        with pytest.raises(OAuth2Error):
            expected_issuer(template, jwt.encode(bad, "k" * 32, algorithm="HS256"))
    assert expected_issuer("https://idp.example", token) == "https://idp.example"


@pytest.mark.django_db
def test_social_app_per_kind():
    from tests.accounts.factories import DistrictFactory

    district = DistrictFactory()
    google = _row(Kind.GOOGLE, district=district)
    google.seal_secret("s3cret")
    app = social_app(google)
    assert (app.provider, app.provider_id, app.client_id, app.secret) == (
        "cairn_oidc",
        "row",
        "cid",
        "s3cret",
    )
    assert app.settings["server_url"] == "https://accounts.google.com"
    ms = social_app(_row(Kind.MICROSOFT, settings={"tenant": TENANT}))
    assert ms.settings["server_url"] == f"https://login.microsoftonline.com/{TENANT}/v2.0"
    assert social_app(_row(Kind.MICROSOFT)).settings["server_url"].endswith("/organizations/v2.0")
    clever = social_app(_row(Kind.CLEVER, settings={"district_id": "d1", "other": "x"}))
    assert (clever.provider, clever.settings) == ("cairn_clever", {"district_id": "d1"})


# Whose roster identifier counts (trusted_issuer; accounts.sso.matching._by_roster) ----


@pytest.mark.parametrize(
    ("tenant", "tid", "trusted"),
    [
        (TENANT, TENANT, True),
        (TENANT, "0b7c0000-0000-4000-8000-000000000000", False),
        (TENANT, "", False),
        ("organizations", TENANT, False),
        ("common", TENANT, False),
    ],
)
def test_entra_roster_value_counts_from_the_rows_one_tenant_only(tenant, tid, trusted):
    row = _row(Kind.MICROSOFT, settings={"tenant": tenant}, roster_claim="employee_id")
    claims = {"sub": "1", "tid": tid, "employee_id": "E-1", "xms_edov": True}
    identity = oidc_identity({"id_token": claims}, row)
    assert identity.roster_value == "E-1"
    assert identity.trusted_issuer is trusted


@pytest.mark.parametrize(
    ("allowed", "hd", "trusted"),
    [
        (["x.example"], "x.example", True),
        (["x.example"], "X.Example", True),
        (["x.example"], "other.example", False),
        (["x.example"], None, False),
        ([], "any.example", True),
        ([], None, False),  # a personal Google account: no Workspace, no district
    ],
)
def test_google_roster_value_counts_from_an_allowed_workspace_only(allowed, hd, trusted):
    row = _row(Kind.GOOGLE, allowed_domains=allowed, roster_claim="employee_id")
    claims = {"sub": "1", "email": "a@x.example", "email_verified": True, "employee_id": "E"}
    if hd:
        claims["hd"] = hd
    assert oidc_identity({"id_token": claims}, row).trusted_issuer is trusted


def test_a_generic_oidc_issuer_is_the_rows_own():
    row = _row(Kind.OIDC, roster_claim="employee_id")
    assert oidc_identity({"id_token": {"sub": "1", "employee_id": "E"}}, row).trusted_issuer


def test_clever_roster_value_counts_from_the_configured_district_only():
    row = _row(Kind.CLEVER, settings={"district_id": "d1"}, roster_claim="sis_id")
    assert clever_identity(_clever(), row).trusted_issuer is True
    other = clever_identity(_clever(district="d2"), row)
    assert (other.roster_value, other.trusted_issuer) == ("S-1", False)
    assert (
        clever_identity(_clever(), _row(Kind.CLEVER, roster_claim="sis_id")).trusted_issuer is False
    )
