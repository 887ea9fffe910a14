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
from accounts.sso.matching import Match, SsoRefused, match
from accounts.sso.services import sso_sign_in_resolve
from core.models import AuditEntry
from tests.accounts.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    SchoolFactory,
    UserFactory,
)
from tests.sso.idps import identity, make_idp

pytestmark = pytest.mark.django_db

SNAKE_RIVER_HD = {"hd": "snakeriver.org"}
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
    # connected account, roster, membership, no role outside the district
    with django_assert_num_queries(4):
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
        match(
            idp=idp,
            identity=identity(
                uid="sub-1", email="pat@gmail.com", email_verified=True, extra=SNAKE_RIVER_HD
            ),
        )
    assert refused.value.code == "domain"
    assert "accepts addresses at snakeriver.org only" in refused.value.message


def test_an_allowed_domain_signs_in(district):
    idp = make_idp(district, allowed_domains=["snakeriver.org"])
    pat = member(district)
    found = match(
        idp=idp, identity=identity(email=pat.email, email_verified=True, extra=SNAKE_RIVER_HD)
    )
    assert found.user == pat


@pytest.mark.parametrize("extra", [{}, {"hd": "gmail.com"}])
def test_a_google_account_outside_the_allowed_workspaces_is_refused(district, extra):
    # The address is at an allowed domain, but Google says (hd) the account is not of
    # that Workspace: a personal account, or another organization's.
    idp = make_idp(district, allowed_domains=["snakeriver.org"])
    pat = member(district)
    SocialAccount.objects.create(user=pat, provider=idp.slug, uid="sub-1")
    with pytest.raises(SsoRefused) as refused:
        match(
            idp=idp,
            identity=identity(uid="sub-1", email=pat.email, email_verified=True, extra=extra),
        )
    assert refused.value.code == "domain"
    assert "Google Workspace accounts of snakeriver.org only" in refused.value.message


def test_the_workspace_rule_is_googles_only(district):
    idp = make_idp(district, kind="oidc", allowed_domains=["snakeriver.org"])
    pat = member(district)
    assert match(idp=idp, identity=identity(email=pat.email, email_verified=True)).user == pat


def test_an_unverified_address_proves_nothing_about_the_domain(district):
    idp = make_idp(district, kind="oidc", allowed_domains=["snakeriver.org"], roster_claim="eid")
    pat = member(district, email="pat@gmail.com")
    roster(district, pat, sourced_id="E-1")
    # no roster match: refused as unverified (the domain it names is not the question)
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(email="pat@snakeriver.org"))
    assert refused.value.code == "unverified"
    # the roster names the person: the unverified address does not stand in the way
    found = match(idp=idp, identity=identity(email="x@elsewhere.org", roster_value="E-1"))
    assert (found.user, found.via) == (pat, "roster")


def test_a_roster_value_from_an_untrusted_issuer_is_not_read(idp, district):
    # e.g. a token from another Entra tenant, or a Clever record of another district
    roster(district, member(district), sourced_id="E-1001")
    with pytest.raises(SsoRefused) as refused:
        match(idp=idp, identity=identity(roster_value="E-1001", trusted_issuer=False))
    assert refused.value.code == "unknown"


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


ELSEWHERE = (
    "This account is looked after outside your district's sign-in; sign in with your password."
)


@pytest.mark.parametrize(
    "kind", ["superuser", "staff", "another_districts_school", "employer", "another_district"]
)
def test_an_account_looked_after_elsewhere_is_refused_even_with_a_membership_here(
    idp, district, kind
):
    pat = member(district)
    if kind in ("superuser", "staff"):
        User.objects.filter(pk=pat.pk).update(**{f"is_{kind}": True})
    elif kind == "employer":
        MembershipFactory(user=pat, organization=OrganizationFactory(), role=Membership.Role.ADMIN)
    elif kind == "another_district":
        MembershipFactory(user=pat, organization=DistrictFactory(), role=Membership.Role.ADMIN)
    else:
        MembershipFactory(user=pat, organization=SchoolFactory(), role=Membership.Role.ADMIN)
    roster(district, pat, sourced_id="E-1001")
    for who in (
        identity(email=pat.email, email_verified=True),
        identity(roster_value="E-1001"),
    ):
        with pytest.raises(SsoRefused) as refused:
            sso_sign_in_resolve(idp=idp, identity=who)
        assert (refused.value.code, refused.value.message) == ("elsewhere", ELSEWHERE)
    assert AuditEntry.objects.filter(action="sso.refused", data__reason="elsewhere").count() == 2


def test_a_superuser_never_signs_in_through_a_districts_provider(district):
    idp = make_idp(district, jit_accounts=True, allowed_domains=["snakeriver.org"])
    root = UserFactory(email="root@snakeriver.org", is_superuser=True, is_staff=True)
    SocialAccount.objects.create(user=root, provider=idp.slug, uid="sub-root")
    for who in (
        identity(uid="sub-root", email=root.email, extra=SNAKE_RIVER_HD),
        identity(email=root.email, email_verified=True, extra=SNAKE_RIVER_HD),
    ):
        with pytest.raises(SsoRefused):
            match(idp=idp, identity=who)


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


def test_jit_never_makes_an_account_for_an_unverified_address(district):
    # (Before: it made one owning the unverified address, which a roster import could
    # then adopt as a rostered person.)
    idp = make_idp(district, jit_accounts=True)
    with pytest.raises(SsoRefused) as refused:
        sso_sign_in_resolve(
            idp=idp, identity=identity(email="new@snakeriver.org", email_verified=False, name="N P")
        )
    assert refused.value.code == "unverified"
    assert not User.objects.exists()
    assert AuditEntry.objects.filter(action="sso.refused", data__reason="unverified").exists()


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


def test_two_first_sign_ins_at_once_land_in_one_account(adapter, district, monkeypatch):
    # The other sign-in made the account and connected it after this one matched
    # ("nobody: make one") and before it wrote: this one's write fails on the unique
    # address, is undone, and the match is made again, once: the connected account.
    from accounts.sso import services

    idp = make_idp(district, jit_accounts=True, allowed_domains=["snakeriver.org"])
    first = sso_sign_in_resolve(
        idp=idp,
        identity=identity(
            uid="sub-1", email="new@snakeriver.org", email_verified=True, extra=SNAKE_RIVER_HD
        ),
    ).user
    SocialAccount.objects.create(user=first, provider=idp.slug, uid="sub-1")
    real_match, calls = services.match, []

    def stale_then_real(**kw):
        calls.append(kw)
        return Match(user=None, via="jit") if len(calls) == 1 else real_match(**kw)

    monkeypatch.setattr(services, "match", stale_then_real)
    adapter.reported["identity"] = identity(
        uid="sub-1", email="new@snakeriver.org", email_verified=True, extra=SNAKE_RIVER_HD
    )
    login = _sociallogin(idp)
    adapter.pre_social_login(_request(), login)
    assert len(calls) == 2
    assert login.user == first
    assert login.is_existing
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().user == first
