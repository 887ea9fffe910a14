"""The district's settings page: its admins change the threshold, the review target and
who approves a minor's public profile; bad input changes nothing; others get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import DistrictSettings, Membership
from accounts.selectors import district_settings_of
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("console:settings")
ADMIN = Membership.Role.ADMIN
GOOD = {
    "small_group_threshold": 5,
    "review_target_days": 7,
    "minor_profile_approval": "guardian",
    "password_sign_in": "on",
    "minor_rule": "birth_date",
    "age_of_majority": 18,
}


@pytest.fixture
def district():
    return DistrictFactory(name="Settings District")


@pytest.fixture
def admin(district):
    return MembershipFactory(organization=district, role=ADMIN).user


def test_the_page_shows_the_defaults(client, admin, district):
    client.force_login(admin)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="small_group_threshold"' in page
    assert 'value="10"' in page
    assert 'value="14"' in page
    assert 'aria-current="page">District settings' in page


def test_the_admin_changes_the_settings(client, admin, district):
    client.force_login(admin)
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?district={district.slug}"
    row = district_settings_of(district)
    assert (row.small_group_threshold, row.review_target_days, row.minor_profile_approval) == (
        5,
        7,
        "guardian",
    )
    assert AuditEntry.objects.filter(actor=admin).exists()
    follow = client.get(response["Location"])
    assert "saved" in follow.content.decode()
    assert 'value="5"' in follow.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("small_group_threshold", "1", "greater than or equal to 2"),
        ("small_group_threshold", "ten", "Enter a whole number"),
        ("review_target_days", "0", "greater than or equal to 1"),
        ("minor_profile_approval", "anyone", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, admin, district, field, value, message):
    client.force_login(admin)
    response = client.post(URL, {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DistrictSettings.objects.filter(district=district).exists()


def test_a_refusal_of_the_service_shows_on_the_form(client, admin, district, monkeypatch):
    from accounts.services import InvalidInput
    from console.views import settings as view

    def refuse(**kwargs):
        raise InvalidInput("The smallest group shown must be at least 2 people.", code="threshold")

    monkeypatch.setattr(view, "district_settings_update", refuse)
    client.force_login(admin)
    response = client.post(URL, GOOD)
    assert response.status_code == 400
    assert response.context["form"].errors["small_group_threshold"] == [
        "The smallest group shown must be at least 2 people."
    ]


def test_a_teacher_and_a_school_admin_get_404(client, district):
    teacher = MembershipFactory(organization=SchoolFactory(parent=district)).user
    school_admin = MembershipFactory(organization=SchoolFactory(parent=district), role=ADMIN).user
    for user in (teacher, school_admin):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {**GOOD, "district": district.slug}).status_code == 404
    assert not DistrictSettings.objects.filter(district=district).exists()


def test_another_districts_admin_gets_404_for_this_one(client, district):
    other = MembershipFactory(organization=DistrictFactory(), role=ADMIN).user
    client.force_login(other)
    assert client.get(URL, {"district": district.slug}).status_code == 404
    assert client.post(URL, {**GOOD, "district": district.slug}).status_code == 404
    assert not DistrictSettings.objects.filter(district=district).exists()


def test_a_superuser_may_change_any_districts(client, district):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(URL, {**GOOD, "district": district.slug})
    assert response.status_code == 302
    assert district_settings_of(district).small_group_threshold == 5


def test_the_dashboard_then_withholds_by_the_new_threshold(client, admin, district):
    client.force_login(admin)
    client.post(URL, {**GOOD, "small_group_threshold": 7})
    response = client.get(reverse("console:dashboard"))
    assert response.context["dashboard"].threshold == 7
