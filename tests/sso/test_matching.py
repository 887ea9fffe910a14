"""Matching a single sign-on to an account, rule by rule (accounts.sso.matching), the
refusals and their messages (recorded in the audit), accounts made at first sign-in, and
the adapter's sign-in hook that connects the provider account."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from accounts.models import Membership, RosterRecord, User
from accounts.sso import SESSION_IDP, SESSION_IDP_MFA
from accounts.sso.adapter import SocialAccountAdapter, remember_sign_in
from accounts.sso.matching import SsoRefused, match
from accounts.sso.services import sso_sign_in_resolve
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.sso.idps import identity, make_idp

pytestmark = pytest.mark.django_db

UNKNOWN = "Your district has not added you to Cairn yet. Ask your school's Cairn administrator."


@pytest.fixture
def district():
    return DistrictFactory(name="Snake River SD")


@pytest.fixture
def idp(district):
    return make_idp(district, slug="snake-river-google", roster_claim="employee_id")


def member(district, email="pat@snakeriver.org", **kw):
    school = SchoolFactory(parent=district)
    return MembershipFactory(
        organization=school, role=Membership.Role.TEACHER, user__email=email, **kw
    ).user


def roster(district, user, **kw):
    return RosterRecord.objects.create(
        district=district, kind=RosterRecord.Kind.USER, user=user, **kw
    )


# The rules, one by one ------------------------------------------------------------------


def test_a_connected_account_comes_first(idp, district):
    pat = member(district)
    other = member(district, email="other@snakeriver.org")
    SocialAccount.objects.create(user=pat, provider=idp.slug, uid="sub-1")
    found = match(idp=idp, identity=identity(uid="sub-1", email=other.email, email_verified=True))
    assert (found.user, found.via) == (pat, "connected")


def test_a_connected_account_of_another_provider_does_not_count(idp, district):
    pat = member(district)
    SocialAccount.objects.create(user=pat, provider="another-slug", uid="sub-1")
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(uid="sub-1"))
    assert refused.value.code == "unknown"


@pytest.mark.parametrize("field", ["sourced_id", "identifier", "username"])
def test_the_roster_identifier_matches_by_each_field(idp, district, field):
    pat = member(district)
    values = {"sourced_id": "u-1", "identifier": "", "username": ""}
    values[field] = "E-1001"
    if field != "sourced_id":
        values["sourced_id"] = "some-sourced-id"
    roster(district, pat, **values)
    found = match(idp=idp, identity=identity(roster_value="E-1001", email="x@elsewhere.org"))
    assert (found.user, found.via) == (pat, "roster")


def test_the_roster_of_another_district_does_not_match(idp, district):
    other_district = DistrictFactory()
    pat = member(other_district)
    roster(other_district, pat, sourced_id="E-1001")
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(roster_value="E-1001"))
    assert refused.value.code == "unknown"


def test_the_roster_is_not_read_when_the_provider_names_no_claim(district):
    idp = make_idp(district, roster_claim="")
    roster(district, member(district), sourced_id="E-1001")
    with pytest.raises(SsoRefused):
        match(idp=idp, identity=identity(roster_value="E-1001"))


def test_the_roster_match_is_one_query(idp, district, django_assert_num_queries):
    pat = member(district)
    roster(district, pat, sourced_id="E-1001")
    with django_assert_num_queries(3):  # connected account, roster, membership
        found = match(idp=idp, identity=identity(roster_value="E-1001"))
    assert found.user == pat


def test_a_roster_naming_two_accounts_is_refused(idp, district):
    roster(district, member(district), sourced_id="s-1", identifier="E-1")
    roster(district, member(district, email="b@snakeriver.org"), sourced_id="s-2", username="E-1")
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(roster_value="E-1"))
    assert refused.value.code == "ambiguous"


def test_a_verified_email_matches_whatever_its_case(idp, district):
    pat = member(district)
    found = match(idp=idp, identity=identity(email="PAT@SnakeRiver.org", email_verified=True))
    assert (found.user, found.via) == (pat, "email")


def test_an_unverified_email_never_matches(idp, district):
    member(district)
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(email="pat@snakeriver.org", email_verified=False))
    assert refused.value.code == "unverified"
    assert "did not confirm that pat@snakeriver.org is your address" in refused.value.message
    assert "Ask your school's Cairn administrator." in refused.value.message


def test_an_unverified_email_with_a_roster_match_signs_in(idp, district):
    pat = member(district)
    roster(district, pat, sourced_id="E-1001")
    found = match(
        idp=idp, identity=identity(email=pat.email, email_verified=False, roster_value="E-1001")
    )
    assert found.user == pat


def test_an_unknown_person_is_refused(idp):
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(email="new@snakeriver.org", email_verified=True))
    assert refused.value.code == "unknown"
    assert refused.value.message == UNKNOWN


# Who may sign in here ---------------------------------------------------------------------


def test_a_domain_not_allowed_is_refused_even_for_a_connected_account(district):
    idp = make_idp(district, allowed_domains=["snakeriver.org"])
    pat = member(district, email="pat@gmail.com")
    SocialAccount.objects.create(user=pat, provider=idp.slug, uid="sub-1")
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(uid="sub-1", email="pat@gmail.com", email_verified=True))
    assert refused.value.code == "domain"
    assert "accepts addresses at snakeriver.org only" in refused.value.message


def test_an_allowed_domain_signs_in(district):
    idp = make_idp(district, allowed_domains=["snakeriver.org"])
    pat = member(district)
    assert match(idp=idp, identity=identity(email=pat.email, email_verified=True)).user == pat


def test_an_inactive_account_is_refused(idp, district):
    pat = member(district)
    User.objects.filter(pk=pat.pk).update(is_active=False)
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(email=pat.email, email_verified=True))
    assert refused.value.code == "inactive"
    assert "switched off" in refused.value.message


def test_an_account_of_another_district_is_refused(idp):
    pat = member(DistrictFactory(name="Other SD"))
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(email=pat.email, email_verified=True))
    assert refused.value.code == "other_district"
    assert "does not belong to Snake River SD" in refused.value.message


def test_an_account_with_no_membership_is_refused(idp):
    pat = UserFactory(email="loner@snakeriver.org")
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(email=pat.email, email_verified=True))
    assert refused.value.code == "other_district"


def test_a_district_membership_counts_like_a_schools(idp, district):
    pat = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    assert match(idp=idp, identity=identity(email=pat.email, email_verified=True)).user == pat


def test_a_disabled_provider_is_refused(district):
    idp = make_idp(district, enabled=False)
    pat = member(district)
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(email=pat.email, email_verified=True))
    assert refused.value.code == "disabled"


# Accounts at first sign-in ---------------------------------------------------------------


def test_jit_makes_an_account_with_no_role_and_a_verified_address(district):
    idp = make_idp(district, jit_accounts=True)
    found = sso_sign_in_resolve(
        idp=idp,
        identity=identity(
            email="New.Person@snakeriver.org",
            email_verified=True,
            given_name="New",
            family_name="Person",
        ),
    )
    user = found.user
    assert found.via == "jit"
    assert user.email == "new.person@snakeriver.org"
    assert user.name == "New Person"
    assert not user.memberships.exists()
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert AuditEntry.objects.filter(action="sso.account_create", target_id=str(user.public_id))


def test_jit_records_an_unverified_address_as_unverified(district):
    idp = make_idp(district, jit_accounts=True)
    user = sso_sign_in_resolve(
        idp=idp, identity=identity(email="new@snakeriver.org", email_verified=False, name="N P")
    ).user
    assert not EmailAddress.objects.get(user=user).verified


def test_jit_never_takes_over_an_existing_address_the_provider_did_not_verify(district):
    idp = make_idp(district, jit_accounts=True)
    UserFactory(email="taken@snakeriver.org")
    with pytest.raises(SsoRefused) as refused:
        sso_sign_in_resolve(idp=idp, identity=identity(email="taken@snakeriver.org"))
    assert refused.value.code == "unverified"
    assert User.objects.filter(email="taken@snakeriver.org").count() == 1


def test_jit_needs_an_address(district):
    idp = make_idp(district, jit_accounts=True)
    with pytest.raises(SsoRefused) as refused:
        sso_sign_in_resolve(idp=idp, identity=identity(email=""))
    assert refused.value.code == "no_email"


def test_a_jit_account_signs_in_again_by_its_connected_account(district):
    idp = make_idp(district, jit_accounts=True)
    made = sso_sign_in_resolve(
        idp=idp, identity=identity(uid="sub-7", email="new@snakeriver.org", email_verified=True)
    ).user
    SocialAccount.objects.create(user=made, provider=idp.slug, uid="sub-7")
    again = match(idp=idp, identity=identity(uid="sub-7", email="new@snakeriver.org"))
    assert (again.user, again.via) == (made, "connected")
    # given a role in another district, it is that district's person now
    MembershipFactory(user=made, organization=DistrictFactory())
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(uid="sub-7", email="new@snakeriver.org"))
    assert refused.value.code == "other_district"


def test_jit_still_matches_people_it_knows(district):
    idp = make_idp(district, jit_accounts=True)
    pat = member(district)
    found = sso_sign_in_resolve(idp=idp, identity=identity(email=pat.email, email_verified=True))
    assert (found.user, found.via) == (pat, "email")
    assert User.objects.count() == 1


def test_a_verified_sign_in_marks_the_address_verified(idp, district):
    pat = member(district, user__verified=False)
    EmailAddress.objects.create(user=pat, email=pat.email, verified=False, primary=True)
    roster(district, pat, sourced_id="E-1")
    sso_sign_in_resolve(
        idp=idp, identity=identity(email=pat.email, email_verified=True, roster_value="E-1")
    )
    assert EmailAddress.objects.get(user=pat).verified


def test_a_refusal_is_audited(idp):
    with pytest.raises(SsoRefused):
        sso_sign_in_resolve(idp=idp, identity=identity(uid="sub-9", email="who@snakeriver.org"))
    entry = AuditEntry.objects.get(action="sso.refused")
    assert entry.actor is None
    assert entry.actor_label == "sso:snake-river-google"
    assert entry.data["reason"] == "unverified"
    assert entry.data["uid"] == "sub-9"


# The adapter's sign-in hook ------------------------------------------------------------------


class _Provider:
    def __init__(self, idp):
        self.app = type("App", (), {"provider_id": idp.slug})()


def _sociallogin(idp, uid="sub-1"):
    account = SocialAccount(provider=idp.slug, uid=uid)
    login = SocialLogin(account=account, user=User())
    login.provider = _Provider(idp)  # what the provider's callback sets
    login.state = {}
    return login


def _request():
    request = RequestFactory().get("/accounts/sso/oidc/x/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    return request


@pytest.fixture
def adapter(monkeypatch):
    adapter = SocialAccountAdapter()
    reported: dict = {}
    monkeypatch.setattr(adapter, "identity_of", lambda sociallogin: reported["identity"])
    adapter.reported = reported
    return adapter


def test_the_hook_connects_the_matched_account_and_notes_the_provider(adapter, district):
    idp = make_idp(district, trust_idp_mfa=True)
    pat = member(district)
    adapter.reported["identity"] = identity(
        uid="sub-1", email=pat.email, email_verified=True, mfa=True
    )
    login = _sociallogin(idp)
    adapter.pre_social_login(_request(), login)
    assert SocialAccount.objects.get(provider=idp.slug, uid="sub-1").user == pat
    assert login.is_existing
    assert login.user == pat
    assert AuditEntry.objects.filter(action="sso.connect", data__via="email").exists()
    request = _request()
    remember_sign_in(request, {"sociallogin": login})
    assert request.session[SESSION_IDP] == str(idp.public_id)
    assert request.session[SESSION_IDP_MFA] is True


def test_the_providers_mfa_counts_only_where_the_district_trusts_it(adapter, district):
    idp = make_idp(district, trust_idp_mfa=False)
    pat = member(district)
    adapter.reported["identity"] = identity(email=pat.email, email_verified=True, mfa=True)
    login = _sociallogin(idp)
    adapter.pre_social_login(_request(), login)
    request = _request()
    remember_sign_in(request, {"sociallogin": login})
    assert request.session[SESSION_IDP_MFA] is False


def test_a_password_sign_in_clears_what_an_earlier_sso_noted(adapter):
    request = _request()
    request.session[SESSION_IDP] = "x"
    request.session[SESSION_IDP_MFA] = True
    remember_sign_in(request, None)
    assert SESSION_IDP not in request.session
    assert SESSION_IDP_MFA not in request.session


def test_the_hook_refuses_with_a_page_that_says_why(adapter, idp):
    adapter.reported["identity"] = identity(email="new@snakeriver.org", email_verified=True)
    with pytest.raises(ImmediateHttpResponse) as refused:
        adapter.pre_social_login(_request(), _sociallogin(idp))
    response = refused.value.response
    assert response.status_code == 403
    assert UNKNOWN.replace("'", "&#x27;") in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_an_unknown_provider_is_refused(adapter, district):
    idp = make_idp(district)
    login = _sociallogin(idp)
    idp.delete()
    with pytest.raises(ImmediateHttpResponse) as refused:
        adapter.pre_social_login(_request(), login)
    assert refused.value.response.status_code == 403


def test_allauths_own_signup_is_closed_for_sso(adapter):
    assert adapter.is_open_for_signup(_request(), None) is False


# The apps allauth sees ----------------------------------------------------------------------


def test_list_apps_builds_the_enabled_rows(district):
    on = make_idp(district, slug="on-google")
    make_idp(district, slug="off-google", enabled=False)
    clever = make_idp(district, kind="clever", slug="a-clever")
    adapter = SocialAccountAdapter()
    assert {a.provider_id for a in adapter.list_apps(None)} == {"on-google", "a-clever"}
    (app,) = adapter.list_apps(None, provider="on-google")
    assert (app.provider_id, app.client_id, app.secret) == ("on-google", on.client_id, "s3cret")
    assert adapter.list_apps(None, provider="off-google") == []
    assert [a.provider_id for a in adapter.list_apps(None, provider="cairn_clever")] == [
        clever.slug
    ]
    assert adapter.list_apps(None, provider="on-google", client_id="another-client") == []
    assert adapter.get_app(None, provider="on-google").provider_id == "on-google"
