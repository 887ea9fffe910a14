"""The public profile from its owner's side: preview it, switch it on and off from My
badges; a minor's switch asks their district's admins, who decide on a console page."""

import pytest
from django.urls import reverse

from accounts.models import DistrictSettings, Membership, ProfileRequest
from accounts.services import district_settings_update
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.badges.support import award

pytestmark = pytest.mark.django_db
Role = Membership.Role
MINE = "/badges/mine/"
SWITCH = "/badges/mine/profile"
PREVIEW = "/badges/mine/profile/preview"
REQUESTS = "/console/profile-requests/"


def public_badge(user, name="Welding Safety"):
    a = award(user, name=name)
    a.is_public = True
    a.save(update_fields=["is_public"])
    return a


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def admin(school):
    return MembershipFactory(organization=school.parent, role=Role.ADMIN).user


@pytest.fixture
def student(school):
    return MembershipFactory(
        organization=school, role=Role.STUDENT, user=UserFactory(is_minor=True, name="Ana Ruiz")
    ).user


def profile_of(user):
    return reverse("badges:profile-detail", kwargs={"public_id": user.public_id})


def test_the_link_on_my_badges_no_longer_leads_to_a_404_once_on(client):
    adult = UserFactory(name="Dee Park")
    public_badge(adult)
    client.force_login(adult)
    page = client.get(MINE).content.decode()
    assert 'id="profile-h"' in page
    assert "Switch my public profile on" in page
    assert client.get(profile_of(adult)).status_code == 404  # off by default
    response = client.post(SWITCH, {"public": "on"}, follow=True)
    assert "now visible" in response.content.decode()
    client.logout()
    public = client.get(profile_of(adult))
    assert public.status_code == 200
    assert "Welding Safety" in public.content.decode()
    assert adult.email not in public.content.decode()


def test_the_owner_previews_what_the_public_would_see(client):
    adult = UserFactory(name="Dee Park")
    public_badge(adult, "Shown Badge")
    award(adult, name="Hidden Badge")
    client.force_login(adult)
    page = client.get(PREVIEW).content.decode()
    assert "Preview: what anyone with the link sees" in page
    assert "Shown Badge" in page
    assert "Hidden Badge" not in page
    assert "Nobody but you sees this page" in page


def test_preview_needs_sign_in(client):
    assert client.get(PREVIEW).status_code == 302


def test_switching_off_hides_the_profile(client):
    adult = UserFactory(profile_public=True)
    client.force_login(adult)
    client.post(SWITCH, {})
    adult.refresh_from_db()
    assert not adult.profile_public
    client.logout()
    assert client.get(profile_of(adult)).status_code == 404


def test_switch_is_post_only(client):
    client.force_login(UserFactory())
    assert client.get(SWITCH).status_code == 405


def test_a_minor_asks_an_admin_who_approves_it(client, student, admin):
    public_badge(student)
    client.force_login(student)
    response = client.post(SWITCH, {"public": "on"}, follow=True)
    page = response.content.decode()
    assert "Your request went to your district" in page
    assert "Withdraw my request" in page
    assert client.get(profile_of(student)).status_code == 404

    client.force_login(admin)
    listing = client.get(REQUESTS)
    assert listing.status_code == 200
    assert "Ana Ruiz" in listing.content.decode()
    request = ProfileRequest.objects.get(user=student)
    decide = reverse("accounts:profile-request-decide", kwargs={"public_id": request.public_id})
    client.post(decide, {"decision": "approve"})
    client.logout()
    assert client.get(profile_of(student)).status_code == 200


def test_guardian_copy_says_cairn_has_no_guardian_contacts(client, student, admin, school):
    district_settings_update(
        actor=admin,
        district=school.parent,
        minor_profile_approval=DistrictSettings.MinorProfileApproval.GUARDIAN,
    )
    client.force_login(student)
    before = client.get(MINE).content.decode()
    assert "Cairn has no contact details for parents or guardians" in before
    assert "Ask to switch my public profile on" in before
    client.post(SWITCH, {"public": "on"})
    client.force_login(admin)
    listing = client.get(REQUESTS).content.decode()
    assert "Cairn has no contact details for parents or guardians" in listing
    request = ProfileRequest.objects.get(user=student)
    decide = reverse("accounts:profile-request-decide", kwargs={"public_id": request.public_id})
    response = client.post(decide, {"decision": "approve"}, follow=True)  # not confirmed
    assert "Confirm that a parent or guardian agreed" in response.content.decode()
    student.refresh_from_db()
    assert not student.profile_public
    client.post(decide, {"decision": "approve", "guardian_confirmed": "on"})
    student.refresh_from_db()
    assert student.profile_public


def test_a_declined_request_shows_its_reason_to_the_student(client, student, admin):
    client.force_login(student)
    client.post(SWITCH, {"public": "on"})
    request = ProfileRequest.objects.get(user=student)
    client.force_login(admin)
    decide = reverse("accounts:profile-request-decide", kwargs={"public_id": request.public_id})
    client.post(decide, {"decision": "decline", "reason": "Talk to your counselor first."})
    client.force_login(student)
    assert "Talk to your counselor first." in client.get(MINE).content.decode()


def test_only_the_students_district_admins_see_and_decide_the_request(client, student, admin):
    client.force_login(student)
    client.post(SWITCH, {"public": "on"})
    request = ProfileRequest.objects.get(user=student)
    decide = reverse("accounts:profile-request-decide", kwargs={"public_id": request.public_id})
    teacher = MembershipFactory(organization=student.memberships.get().organization).user
    for who in (student, teacher):
        client.force_login(who)
        assert client.get(REQUESTS).status_code == 404
        assert client.post(decide, {"decision": "approve"}).status_code == 404
    # Another district's admin has the page, without this district's requests.
    other = MembershipFactory(organization=SchoolFactory().parent, role=Role.ADMIN).user
    client.force_login(other)
    listing = client.get(REQUESTS)
    assert listing.status_code == 200
    assert "Ana Ruiz" not in listing.content.decode()
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    student.refresh_from_db()
    assert not student.profile_public


def test_the_request_list_queries_do_not_grow(client, admin, school, django_assert_max_num_queries):
    def ask():
        minor = MembershipFactory(
            organization=school, role=Role.STUDENT, user=UserFactory(is_minor=True)
        ).user
        client.force_login(minor)
        client.post(SWITCH, {"public": "on"})

    ask()
    client.force_login(admin)
    client.get(REQUESTS)
    with django_assert_max_num_queries(12) as few:
        client.get(REQUESTS)
    baseline = len(few.captured_queries)
    for _ in range(5):
        ask()
    client.force_login(admin)
    with django_assert_max_num_queries(baseline):
        page = client.get(REQUESTS)
    assert page.content.decode().count('class="card profile-request"') == 6


def test_the_admin_menu_counts_waiting_requests(client, student, admin):
    client.force_login(student)
    client.post(SWITCH, {"public": "on"})
    client.force_login(admin)
    page = client.get("/verify/").content.decode()
    assert f'href="{REQUESTS}"' in page
    assert '<span class="nav-count">1<span class="visually-hidden"> waiting</span>' in page
