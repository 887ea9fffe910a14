"""Password sign-in switched off per district (DistrictSettings.password_sign_in): one
rule (`accounts.sso.selectors.password_sign_in_allowed`) at every door — the login form,
the Django admin's login (which is that form), the API token, a password reset — and
the settings page that switches it (with the other new district settings)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import DistrictSettings, Membership
from accounts.sso.selectors import password_sign_in_allowed
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.sso.idps import make_idp

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOGIN = reverse("account_login")
MESSAGE = (
    "Snake River SD signs in with Google Workspace: use the “Snake River SD Google” button above."
)


@pytest.fixture(autouse=True)
def _clear_limits():
    cache.clear()


@pytest.fixture
def district():
    district = DistrictFactory(name="Snake River SD", slug="snake-river")
    DistrictSettings.objects.create(district=district, password_sign_in=False)
    make_idp(district, slug="snake-google", name="Snake River SD Google")
    return district


@pytest.fixture
def teacher(district):
    school = SchoolFactory(parent=district)
    return MembershipFactory(
        organization=school, role=Membership.Role.TEACHER, user__email="pat@snakeriver.org"
    ).user


def sign_in(client, email, password=PASSWORD, next_url=""):
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(url, {"login": email, "password": password})


# The rule -----------------------------------------------------------------------------------


def test_the_rule(teacher, district):
    assert not password_sign_in_allowed(teacher)
    assert password_sign_in_allowed(UserFactory())  # no district
    assert password_sign_in_allowed(UserFactory(is_superuser=True))
    DistrictSettings.objects.filter(district=district).update(password_sign_in=True)
    assert password_sign_in_allowed(teacher)


def test_a_person_of_two_districts_may_while_one_allows_it(teacher):
    MembershipFactory(user=teacher, organization=DistrictFactory(), role=Membership.Role.COACH)
    assert password_sign_in_allowed(teacher)


def test_a_superuser_of_the_district_keeps_the_password(district):
    admin = MembershipFactory(
        organization=district, role=Membership.Role.ADMIN, user__is_superuser=True
    ).user
    assert password_sign_in_allowed(admin)


def test_the_rule_is_two_queries(teacher, django_assert_max_num_queries):
    for _n in range(5):
        MembershipFactory(user=teacher, organization=SchoolFactory(parent=DistrictFactory()))
    with django_assert_max_num_queries(2):
        password_sign_in_allowed(teacher)


# The doors ----------------------------------------------------------------------------------


def test_the_login_form_refuses_and_names_the_button(client, teacher):
    response = sign_in(client, teacher.email)
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    assert "Snake River SD Google</button>" in page
    assert "_auth_user_id" not in client.session


def test_with_several_providers_the_message_lists_the_buttons(client, teacher, district):
    make_idp(district, slug="snake-saml", name="Snake River SD staff", kind="saml")
    page = sign_in(client, teacher.email).content.decode()
    assert (
        "Snake River SD signs in with its own accounts: use one of the buttons above "
        "(“Snake River SD Google”, “Snake River SD staff”)."
    ) in page
    assert "SAML" not in page.split("signs in with")[1].split(".")[0]


def test_a_wrong_password_says_nothing_of_the_district(client, teacher):
    page = sign_in(client, teacher.email, password="wrong").content.decode()
    assert "signs in with" not in page
    assert "_auth_user_id" not in client.session


def test_with_password_sign_in_on_the_form_signs_in(client, teacher, district):
    DistrictSettings.objects.filter(district=district).update(password_sign_in=True)
    assert sign_in(client, teacher.email).status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_without_a_provider_the_message_says_to_ask(client, teacher, district):
    district.identity_providers.update(enabled=False)
    page = sign_in(client, teacher.email).content.decode()
    assert "has switched off password sign-in and has no sign-in provider switched on" in page
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_refused_too(client, district):
    staff = MembershipFactory(
        organization=district, role=Membership.Role.ADMIN, user__is_staff=True
    ).user
    redirect = client.get("/admin/login/?next=/admin/")
    assert redirect.url.startswith(LOGIN)
    response = sign_in(client, staff.email, next_url="/admin/")
    assert response.status_code == 200
    assert "Snake River SD signs in with Google Workspace" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still sent to sign in


def test_the_token_api_refuses(client, teacher):
    response = client.post("/api/v1/auth/token", {"username": teacher.email, "password": PASSWORD})
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Snake River SD has switched off password sign-in, so its people cannot get an "
            "API token with a password."
        ]
    }


def test_the_token_api_gives_a_token_where_passwords_are_on(client, teacher, district):
    DistrictSettings.objects.filter(district=district).update(password_sign_in=True)
    response = client.post("/api/v1/auth/token", {"username": teacher.email, "password": PASSWORD})
    assert response.status_code == 200


def test_a_password_reset_sends_no_link(client, teacher, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": teacher.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [teacher.email]
    assert "How you sign in to Cairn" in mail.subject
    assert "Snake River SD signs in with Google Workspace" in mail.body
    assert "There is no Cairn password to reset." in mail.body
    assert "/accounts/password/reset/key/" not in mail.body


def test_a_password_reset_sends_the_link_where_passwords_are_on(
    client, teacher, district, mailoutbox
):
    DistrictSettings.objects.filter(district=district).update(password_sign_in=True)
    client.post(reverse("account_reset_password"), {"email": teacher.email})
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


# The settings page ----------------------------------------------------------------------------


SETTINGS = reverse("console:settings")
GOOD = {
    "small_group_threshold": 10,
    "review_target_days": 14,
    "minor_profile_approval": "admin",
    "minor_rule": "birth_date_or_grade",
    "age_of_majority": 19,
    "require_mfa": "on",
}


def test_the_settings_page_switches_the_four_new_settings(client, district):
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    client.force_login(admin)
    page = client.get(SETTINGS).content.decode()
    for name in ("password_sign_in", "require_mfa", "minor_rule", "age_of_majority"):
        assert f'name="{name}"' in page
    response = client.post(SETTINGS, {**GOOD, "password_sign_in": "on"})
    assert response.status_code == 302
    row = DistrictSettings.objects.get(district=district)
    assert (row.password_sign_in, row.require_mfa, row.minor_rule, row.age_of_majority) == (
        True,
        True,
        "birth_date_or_grade",
        19,
    )
    client.post(SETTINGS, GOOD)  # the box left unticked switches it off
    row.refresh_from_db()
    assert row.password_sign_in is False
    assert AuditEntry.objects.filter(action="district_settings.update").count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("age_of_majority", "13", "greater than or equal to 14"), ("minor_rule", "x", "valid choice")],
)
def test_bad_settings_change_nothing(client, district, field, value, message):
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    client.force_login(admin)
    response = client.post(SETTINGS, {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert DistrictSettings.objects.get(district=district).age_of_majority == 18


def test_the_service_refuses_an_age_out_of_range(district):
    from accounts.services import InvalidInput, district_settings_update

    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    with pytest.raises(InvalidInput) as refused:
        district_settings_update(actor=admin, district=district, age_of_majority=30)
    assert refused.value.code == "age_of_majority"
