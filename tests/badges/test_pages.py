"""My badges, public profiles, revoking in the app, and who may see what."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from badges import hosting
from pathways import services as doors
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.badges.factories import BadgeClassFactory

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def award(recipient, **badge_kw):
    return doors.assertion_award(
        actor=None, badge_class=BadgeClassFactory(**badge_kw), recipient=recipient
    ).assertion


def test_my_badges_lists_downloads_share_and_linkedin(client):
    teacher = UserFactory()
    a = award(teacher)
    client.force_login(teacher)
    html = client.get(reverse("badges:assertion-mine")).content.decode()
    assert a.badge_class.name in html
    assert hosting.baked_url(a, "png") in html
    assert hosting.assertion_url(a) in html
    assert "linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html


def test_my_badges_needs_sign_in(client):
    response = client.get(reverse("badges:assertion-mine"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_badges_query_count_does_not_grow(client, django_assert_max_num_queries):
    teacher = UserFactory()
    award(teacher)
    client.force_login(teacher)
    with django_assert_max_num_queries(4) as few:
        client.get(reverse("badges:assertion-mine"))
    for _ in range(12):
        award(teacher)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("badges:assertion-mine"))
    assert response.content.decode().count("Download PNG") == 13


def test_api_my_assertions_only_mine_and_constant_queries(client, django_assert_max_num_queries):
    me, other = UserFactory(), UserFactory()
    award(other)
    for _ in range(5):
        award(me)
    client.force_login(me)
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/assertions/mine").json()
    assert body["count"] == 5
    assert client.logout() is None
    assert client.get("/api/v1/assertions/mine").status_code == 403


def test_public_switch_and_profile_listing(client):
    student = UserFactory(is_minor=True, name="Sam Student")
    private = award(student, audience="student")
    public = award(student, audience="student")
    client.force_login(student)
    response = client.post(
        reverse("badges:assertion-set-public", args=[public.public_id]), {"public": "on"}
    )
    assert response.status_code == 302
    profile = reverse("badges:profile-detail", args=[student.public_id])
    client.logout()
    assert client.get(profile).status_code == 404  # profile itself is opt-in
    student.profile_public = True
    student.save(update_fields=["profile_public"])
    html = client.get(profile).content.decode()
    assert public.badge_class.name in html
    assert private.badge_class.name not in html


def test_a_student_cannot_switch_or_see_anothers_private_badge(client):
    owner, other = UserFactory(is_minor=True), UserFactory(is_minor=True)
    a = award(owner, audience="student")
    client.force_login(other)
    response = client.post(
        reverse("badges:assertion-set-public", args=[a.public_id]), {"public": "on"}
    )
    assert response.status_code == 404
    a.refresh_from_db()
    assert not a.is_public
    assert a.badge_class.name not in client.get(reverse("badges:assertion-mine")).content.decode()
    owner.profile_public = True
    owner.save(update_fields=["profile_public"])
    page = client.get(reverse("badges:profile-detail", args=[owner.public_id])).content.decode()
    assert a.badge_class.name not in page
    # The hosted page does not name the earner to another student.
    html = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert owner.name not in html


def test_admin_revokes_in_the_app_and_other_district_admin_gets_404(client):
    badge = BadgeClassFactory()
    a = doors.assertion_award(actor=None, badge_class=badge, recipient=UserFactory()).assertion
    admin = MembershipFactory(
        organization=badge.issuer.organization, role=Membership.Role.ADMIN
    ).user
    outsider = MembershipFactory(
        organization=SchoolFactory().parent, role=Membership.Role.ADMIN
    ).user
    url = reverse("pathways:assertion-revoke", args=[a.public_id])

    client.force_login(outsider)
    assert (
        "Revoke this badge"
        not in client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    )
    assert client.post(url, {"reason": "x"}).status_code == 404
    a.refresh_from_db()
    assert a.revoked_at is None

    client.force_login(admin)
    assert (
        "Revoke this badge"
        in client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    )
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Issued to the wrong person"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.revocation_reason == "Issued to the wrong person"
    assert a.revoked_by == admin


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/verify" in schema.content
    assert client.get("/api/docs/").status_code == 200
