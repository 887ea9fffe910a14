"""The roster in the Django admin: a second district's staff sees none of the first
district's people, organizations, memberships, sections or placements (an empty list,
404 on a change page, nothing to choose); superusers see all; an account's powers and
a superuser's account are the superusers' to change."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Organization, Placement, Section, User
from tests.core.admin_support import change_url, listed, make_staff
from tests.policies import demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo_keys):
    found = demo_people(demo_keys)
    for key in ("district_admin", "other_admin"):
        make_staff(found[key], "accounts")
    return found


def demo_rows(people):
    student = people["student"]
    membership = Membership.objects.filter(user=student).first()
    return {
        "user": student,
        "organization": membership.organization,
        "membership": membership,
        "section": Section.objects.filter(students=student).first(),
        "placement": Placement.objects.filter(student=student).first(),
    }


def test_another_districts_staff_sees_no_row_and_no_change_page(client, people):
    rows = demo_rows(people)
    assert all(rows.values())
    client.force_login(people["other_admin"])
    for model, obj in rows.items():
        shown = listed(client, "accounts", model)
        assert obj.pk not in shown, model
        assert client.get(change_url(obj)).status_code == 404, model
    # Only their own district's people (and no demo minor's address).
    assert listed(client, "accounts", "user") == {
        people["other_admin"].pk,
        people["other_teacher"].pk,
    }
    page = client.get(reverse("admin:accounts_user_changelist"), {"q": "student"})
    assert people["student"].email not in page.content.decode()


def test_the_districts_own_staff_sees_its_roster(client, people):
    rows = demo_rows(people)
    client.force_login(people["district_admin"])
    for model, obj in rows.items():
        assert obj.pk in listed(client, "accounts", model), model
        assert client.get(change_url(obj)).status_code == 200, model
    assert people["other_admin"].pk not in listed(client, "accounts", "user")


def test_superusers_see_everyone(client, people, admin_user):
    client.force_login(admin_user)
    assert listed(client, "accounts", "user") == set(User.objects.values_list("pk", flat=True))
    assert client.get(change_url(people["other_admin"])).status_code == 200


def test_choices_and_autocomplete_are_the_staff_members_own(client, people):
    rows = demo_rows(people)
    client.force_login(people["other_admin"])
    form = client.get(reverse("admin:accounts_membership_add")).context["adminform"].form
    assert rows["user"] not in form.fields["user"].queryset
    assert rows["organization"] not in form.fields["organization"].queryset
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "accounts",
            "model_name": "membership",
            "field_name": "user",
            "term": rows["user"].email[:5],
        },
    )
    assert found.status_code == 200
    assert rows["user"].email not in found.content.decode()
    # Choosing one by its key anyway is refused, and nothing is written.
    before = Membership.objects.count()
    response = client.post(
        reverse("admin:accounts_membership_add"),
        {"user": rows["user"].pk, "organization": rows["organization"].pk, "role": "admin"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"user", "organization"}
    assert Membership.objects.count() == before


def test_powers_are_for_superusers(client, people):
    student = people["student"]
    staff = people["district_admin"]
    client.force_login(staff)
    form = client.get(change_url(student)).context["adminform"].form
    for power in ("is_staff", "is_superuser", "user_permissions", "email"):
        assert power not in form.fields
    password = reverse("admin:auth_user_password_change", args=[student.pk])
    assert client.get(password).status_code == 403
    # The demo's admin@ is a superuser and a member of this district: read, not changed.
    superuser = people["admin"]
    assert superuser.is_superuser
    page = client.get(change_url(superuser))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_organization_choices_are_administered(client, people):
    client.force_login(people["other_admin"])
    form = client.get(reverse("admin:accounts_section_add")).context["adminform"].form
    schools = set(form.fields["school"].queryset)
    assert schools
    assert all(s.kind == Organization.Kind.SCHOOL for s in schools)
    assert not any(s.parent.slug == "demo" for s in schools)
    demo_school = demo_rows(people)["section"].school
    assert demo_school not in schools


def test_scoped_user_list_does_not_grow_with_rows(client, people, django_assert_max_num_queries):
    from tests.accounts.factories import MembershipFactory

    staff = people["other_admin"]
    district = Membership.objects.get(user=staff, role="admin").organization
    client.force_login(staff)
    url = reverse("admin:accounts_user_changelist")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    MembershipFactory.create_batch(15, organization=district, role="student")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 17  # theirs: admin, teacher and 15 students
