"""When a session counts as having passed the second factor, and what a session that did
not pass it may do (config.mfa.middleware, receivers, requirement, stages).

- An enrolled person's session that did not pass the second factor reaches none of the
  pages that add, remove or show second factors, nor re-authentication by password or
  e-mailed code: only confirming the second factor, signing out and the public pages.
- A second factor added in a session that did not pass the first does not pass it.
- A trusted provider's multi-factor flag counts only for the sign-in it was set at.
"""

from __future__ import annotations

import time
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import time_machine
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.totp.internal.flows import activate_totp
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from accounts.models import User
from accounts.sso import SESSION_IDP_MFA
from config.mfa.middleware import is_open
from config.mfa.requirement import (
    SESSION_ENROLLED,
    SESSION_IDP_MFA_SIGN_IN,
    bind_idp_mfa,
    session_passed_mfa,
)
from tests.config.test_mfa import QUEUE, make_world
from tests.config.test_mfa_sign_in import PASSWORD, enrol_totp, sign_in, totp

CONFIRM = reverse("mfa_reauthenticate")
SECOND_FACTOR_PAGES = [
    "mfa-required",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
]


@pytest.fixture
def world(db):
    return make_world(required=True)


# An enrolled session that did not pass the second factor --------------------------------


def _resolved(path: str):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return request


@pytest.mark.parametrize("who", ["teacher", "plain_teacher"], ids=["required", "not-required"])
def test_an_enrolled_session_that_did_not_pass_is_refused_the_second_factor_pages(
    client, world, who
):
    """Whether or not the person must use a second factor: the password alone adds no
    key, activates no app, shows or renews no recovery codes, removes nothing."""
    user = getattr(world, who)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    key = Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(user)
    paths = [reverse(name) for name in SECOND_FACTOR_PAGES] + [
        reverse("mfa_remove_webauthn", kwargs={"pk": key.pk}),
        reverse("mfa_edit_webauthn", kwargs={"pk": key.pk}),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{CONFIRM}?next={quote(path, safe='')}", path
    records = client.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    for path in (reverse("account_reauthenticate"), reverse("mfa_add_webauthn")):
        refused = client.post(path, {"password": PASSWORD})
        assert refused["Location"] == CONFIRM, path
    assert client.session.get(AUTHENTICATION_METHODS_SESSION_KEY) == records  # no step
    assert client.post(reverse("mfa_deactivate_totp"))["Location"] == CONFIRM
    assert Authenticator.objects.filter(user=user).count() == 2
    # Still open: confirming the second factor, the public pages, signing out.
    assert client.get(CONFIRM).status_code == 200
    assert is_open(_resolved(reverse("mfa_reauthenticate_webauthn")))  # a real key: browser test
    assert client.get(reverse("badges:verify")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_not_enrolled_the_enrolment_pages_stay_open(client, world):
    client.force_login(world.plain_teacher)  # no second factor, none required
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.get(QUEUE).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_session_opened_before_enrolling_elsewhere_cannot_add_a_key_with_the_password():
    """The backdoor: someone with the password alone, signed in before the owner enrolled
    elsewhere, may not add their own key (nor a second app, nor see the codes)."""
    teacher = make_world(required=True).teacher
    attacker, owner = Client(), Client()
    sign_in(attacker, teacher.email)  # not enrolled yet: sent to enrolment
    assert attacker.get(reverse("mfa_index")).status_code == 200
    sign_in(owner, teacher.email)
    secret = enrol_totp(owner)
    assert owner.get(QUEUE).status_code == 200  # the owner's first factor: passed

    for name in ("mfa_add_webauthn", "mfa_activate_totp", "mfa_view_recovery_codes"):
        assert attacker.get(reverse(name))["Location"].startswith(CONFIRM), name
    refused = attacker.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert refused["Location"] == CONFIRM
    assert attacker.get(QUEUE)["Location"].startswith(CONFIRM)

    # With the code, the session passes and the pages open.
    with time_machine.travel(time.time() + 60, tick=False):
        back = attacker.post(f"{CONFIRM}?next=/accounts/2fa/", {"code": totp(secret)})
        assert back["Location"] == "/accounts/2fa/"
        assert attacker.get(reverse("mfa_index")).status_code == 200
        assert attacker.get(QUEUE).status_code == 200


# A second factor added in a session that did not pass the first --------------------------


def _request(rf, user: User):
    """A signed-in request that re-authenticated by password a moment ago (what allauth
    asks before a second factor is added), and no second factor."""
    request = rf.post("/accounts/2fa/totp/activate/")
    request.session = SessionStore()
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    request.session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    request.user = user
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize("had_a_key", [False, True], ids=["first", "second"])
def test_only_a_first_second_factor_enrolled_in_the_session_passes_it(
    rf, world, django_capture_on_commit_callbacks, had_a_key
):
    if had_a_key:
        Authenticator.objects.create(user=world.teacher, type=Authenticator.Type.WEBAUTHN, data={})
    request = _request(rf, world.teacher)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activate_totp(request, SimpleNamespace(secret=generate_totp_secret()))
    assert callbacks  # allauth's authenticator_added ran
    assert Authenticator.objects.filter(user=world.teacher, type="totp").exists()
    assert bool(request.session.get(SESSION_ENROLLED)) is not had_a_key
    assert session_passed_mfa(request) is not had_a_key


# The trusted provider's flag is bound to its sign-in --------------------------------------


def _sso_record(uid: str = "sub-1", at: float | None = None) -> dict:
    return {"method": "socialaccount", "at": at or time.time(), "provider": "p-1", "uid": uid}


def _session(session, user: User, records: list[dict], binding: dict | None) -> None:
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session[SESSION_IDP_MFA] = True
    if binding is not None:
        session[SESSION_IDP_MFA_SIGN_IN] = binding


def _cases(world) -> list[tuple[str, list[dict], dict | None, bool]]:
    """(what, records, binding, counts): the records of the session's user."""
    older, last = _sso_record(at=time.time() - 600), _sso_record()
    teacher = str(world.teacher.pk)
    return [
        ("bound to this sign-in", [last], {"user": teacher, "record": last}, True),
        ("no binding", [last], None, False),
        ("another person's", [last], {"user": str(world.admin.pk), "record": last}, False),
        ("an older sign-in", [older, last], {"user": teacher, "record": older}, False),
        ("same account, other time", [last], {"user": teacher, "record": older}, False),
        ("other provider account", [last], {"user": teacher, "record": _sso_record("x")}, False),
        ("no single sign-on", [{"method": "password", "at": 1.0}], None, False),
    ]


def test_the_flag_counts_only_for_the_sign_in_it_was_set_at(client, world):
    client.force_login(world.teacher)
    for what, records, binding, counts in _cases(world):
        session = client.session
        session.pop(SESSION_IDP_MFA_SIGN_IN, None)
        _session(session, world.teacher, records, binding)
        session.save()
        response = client.get(QUEUE)
        assert (response.status_code == 200) is counts, what


def test_allauth_asks_for_the_second_factor_unless_the_sign_in_under_way_is_bound(rf, world):
    from allauth.account.adapter import get_adapter
    from allauth.account.models import Login
    from allauth.account.stages import LoginStageController

    Authenticator.objects.create(user=world.teacher, type=Authenticator.Type.TOTP, data={})
    last = _sso_record()
    bound = {"user": str(world.teacher.pk), "record": last}
    cases = [
        *_cases(world),
        ("a later step than the sign-on", [last, {"method": "password", "at": 2.0}], bound, False),
    ]
    for what, records, binding, counts in cases:
        request = rf.get("/")
        request.session = SessionStore()
        _session(request.session, world.teacher, records, binding)
        controller = LoginStageController(request, Login(user=world.teacher))
        assert "config.mfa.stages.AuthenticateStage" in get_adapter(request).get_login_stages()
        stage = controller.get_stage("mfa_authenticate")
        assert stage._should_handle(request) is not counts, what


def test_the_binding_is_made_at_sign_in_and_cleared_by_a_sign_in_without_the_flag(rf, world):
    request = rf.get("/")
    request.session = SessionStore()
    record = _sso_record()
    _session(request.session, world.teacher, [record], None)
    bind_idp_mfa(request, world.teacher)
    assert request.session[SESSION_IDP_MFA_SIGN_IN] == {
        "user": str(world.teacher.pk),
        "record": record,
    }
    # A later password sign-in: the single sign-on's adapter cleared the flag first.
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] += [{"method": "password", "at": 3.0}]
    request.session.pop(SESSION_IDP_MFA)
    bind_idp_mfa(request, world.teacher)
    assert SESSION_IDP_MFA_SIGN_IN not in request.session
