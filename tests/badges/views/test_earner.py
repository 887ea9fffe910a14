"""The earner's pages: my badges (downloads, sharing, the public switch), the public
profile, the wallet hand-off and the learner record; who may see what."""

import json

import pytest
from django.urls import reverse

from accounts.models import Membership
from badges import hosting
from badges.hosting import credentials
from badges.openbadges.ob3 import credential, dataintegrity
from pathways import services as doors
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.badges.factories import BadgeClassFactory
from tests.badges.support import (
    BROWSER,
    award,
    path_of,
    resolver_from_did_documents,
)

pytestmark = pytest.mark.django_db


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
    # Session, user, the menu's notices, the issuers to filter by, the badges.
    with django_assert_max_num_queries(5) as few:
        client.get(reverse("badges:assertion-mine"))
    for _ in range(12):
        award(teacher)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("badges:assertion-mine"))
    assert response.content.decode().count("Download PNG") == 13


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


def test_my_badges_links_the_three_oh_downloads_and_wallet(client, earner, assertion):
    revoked = award(earner)
    doors.assertion_revoke(actor=None, assertion=revoked, reason="Issued in error")
    client.force_login(earner)
    html = client.get(reverse("badges:assertion-mine")).content.decode()
    assert credentials.credential_url(assertion) + "?download=1" in html
    assert credentials.credential_baked_url(assertion, "png") in html
    assert credentials.credential_wallet_url(assertion) in html
    assert credentials.credential_wallet_url(revoked) not in html
    assert reverse("ob3:clr-mine") in html


def test_wallet_page_is_the_earners(client, earner, assertion):
    url = path_of(credentials.credential_wallet_url(assertion))
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(earner)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{credentials.credential_url(assertion)}"' in html
    assert credentials.credential_url(assertion) + "?download=1" in html
    download = client.get(path_of(credentials.credential_url(assertion)) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")


def test_learner_record_exports_public_and_ticked_badges(client, earner):
    public = award(earner)
    public.is_public = True
    public.save(update_fields=["is_public"])
    ticked = award(earner)
    left_out = award(earner)
    revoked = award(earner)
    doors.assertion_revoke(actor=None, assertion=revoked, reason="Issued in error")

    assert client.get("/ob/v3/clr/mine").status_code == 302
    client.force_login(earner)
    page = client.get("/ob/v3/clr/mine").content.decode()
    assert public.badge_class.name in page
    assert ticked.badge_class.name in page
    assert revoked.badge_class.name not in page

    response = client.post("/ob/v3/clr/mine", {"include": [str(ticked.public_id)]})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="learner-record.json"'
    record = json.loads(response.content)
    assert credential.validate(record, "clr") == []
    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    assert record["issuer"]["id"] == credentials.platform_did()
    assert record["partial"] is True
    embedded = record["credentialSubject"]["verifiableCredential"]
    assert {c["id"] for c in embedded} == {
        credentials.credential_url(public),
        credentials.credential_url(ticked),
    }
    assert credentials.credential_url(left_out) not in response.content.decode()
    resolve = resolver_from_did_documents(client)
    assert dataintegrity.verify(record, resolve_key=resolve).ok  # Cairn's own did.json
    for item in embedded:
        assert dataintegrity.verify(item, resolve_key=resolve).ok

    # Someone else's badge cannot be slipped in.
    stranger = award(UserFactory())
    refused = client.post("/ob/v3/clr/mine", {"include": [str(stranger.public_id)]})
    assert refused.status_code == 400


def test_learner_record_needs_at_least_one_badge(client, earner):
    award(earner)  # private
    client.force_login(earner)
    response = client.post("/ob/v3/clr/mine", {})
    assert response.status_code == 400
    assert "Choose at least one badge" in response.content.decode()


def test_my_badges_filter_by_status_and_issuer(client):
    teacher = UserFactory()
    kept = award(teacher, name="Kept Badge")
    revoked = award(teacher, name="Revoked Badge")
    doors.assertion_revoke(actor=None, assertion=revoked, reason="Issued in error")
    elsewhere = award(teacher, name="Elsewhere Badge")
    client.force_login(teacher)
    url = reverse("badges:assertion-mine")

    page = client.get(url).content.decode()
    assert 'name="status"' in page
    assert f'value="{kept.badge_class.issuer.public_id}"' in page  # the issuers held
    assert "Clear filters" not in page

    revoked_only = client.get(url, {"status": "revoked"}).content.decode()
    assert "Revoked Badge" in revoked_only
    assert "Kept Badge" not in revoked_only
    assert "Clear filters" in revoked_only

    issuer = elsewhere.badge_class.issuer.public_id
    by_issuer = client.get(url, {"issuer": str(issuer)}).content.decode()
    assert "Elsewhere Badge" in by_issuer
    assert "Kept Badge" not in by_issuer

    none = client.get(url, {"status": "expired"}).content.decode()
    assert "None of your badges matches these filters." in none
    # The learner record still offers itself: the badges are held, only filtered out.
    assert reverse("ob3:clr-mine") in none


def test_my_badges_without_badges_offers_no_filter(client):
    client.force_login(UserFactory())
    page = client.get(reverse("badges:assertion-mine")).content.decode()
    assert "You have no badges yet." in page
    assert 'name="status"' not in page
    assert reverse("ob3:clr-mine") not in page
