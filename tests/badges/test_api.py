"""The badges API: my assertions (the rows my badges shows, filtered as that page is,
50 a page, in constant queries) and the OpenAPI schema. Verification through the API
is tested with the verifier (`tests/badges/verification`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from badges import hosting
from pathways import services as doors
from tests.accounts.factories import UserFactory
from tests.badges.factories import BadgeClassFactory, IssuerFactory
from tests.badges.support import award

pytestmark = pytest.mark.django_db

MINE = "/api/v1/assertions/mine"


def test_api_my_assertions_only_mine_and_constant_queries(client, django_assert_max_num_queries):
    me, other = UserFactory(), UserFactory()
    award(other)
    award(me)
    client.force_login(me)
    # Session, user, the page of badges (no count).
    with django_assert_max_num_queries(4) as few:
        assert len(client.get(MINE).json()["results"]) == 1
    for _ in range(7):
        award(me)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(MINE).json()
    assert len(body["results"]) == 8
    assert client.logout() is None
    assert client.get(MINE).status_code == 403


def test_api_rows_are_what_my_badges_lists(client):
    me = UserFactory()
    a = award(me, valid_for_days=30)
    client.force_login(me)
    (row,) = client.get(MINE).json()["results"]
    assert row == {
        "id": str(a.public_id),
        "url": hosting.assertion_url(a),
        "badge": hosting.badge_class_url(a.badge_class),
        "badge_name": a.badge_class.name,
        "issuer_name": a.badge_class.issuer.name,
        "issued_on": a.issued_on.astimezone(timezone.get_current_timezone()).isoformat(),
        "expires_at": a.expires_at.astimezone(timezone.get_current_timezone()).isoformat(),
        "status": "valid",
        "revocation_reason": "",
        "is_public": False,
    }


def test_api_is_bounded_to_pages_of_fifty(client):
    me = UserFactory()
    issuer = IssuerFactory()
    for _ in range(51):
        award(me, issuer=issuer)
    client.force_login(me)
    first = client.get(MINE).json()
    assert "count" not in first  # cursor pages: no COUNT(*)
    assert len(first["results"]) == 50
    assert first["next"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    seen = {row["id"] for row in first["results"] + second["results"]}
    assert len(seen) == 51


def test_api_filters_by_status_and_issuer_as_the_page_does(client):
    me = UserFactory()
    valid = award(me)
    revoked = award(me)
    doors.assertion_revoke(actor=None, assertion=revoked, reason="Issued in error")
    expired = doors.assertion_award(
        actor=None,
        badge_class=BadgeClassFactory(valid_for_days=30),
        recipient=me,
        issued_on=timezone.now() - timedelta(days=31),
    ).assertion
    client.force_login(me)

    def ids(**params):
        return {row["id"] for row in client.get(MINE, params).json()["results"]}

    assert ids(status="valid") == {str(valid.public_id)}
    assert ids(status="revoked") == {str(revoked.public_id)}
    assert ids(status="expired") == {str(expired.public_id)}
    assert ids(issuer=str(valid.badge_class.issuer.public_id)) == {str(valid.public_id)}
    assert ids(issuer=str(IssuerFactory().public_id)) == set()
    refused = client.get(MINE, {"status": "lost"})
    assert refused.status_code == 400
    assert "status" in refused.json()


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/verify" in schema.content
    assert b"/api/v1/assertions/mine" in schema.content
    assert client.get("/api/docs/").status_code == 200
