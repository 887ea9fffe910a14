"""Verifying Open Badges 2.0 badges on the verify page and through the API: every
outcome."""

import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from badges import hosting
from badges.openbadges.baking import bake
from pathways import services as doors
from tests.accounts.factories import UserFactory
from tests.badges.factories import SVG_BYTES, BadgeClassFactory, png_bytes
from tests.badges.support import (
    outcome_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def earner():
    return UserFactory(email="earner@example.org")


@pytest.fixture
def assertion(earner):
    badge = BadgeClassFactory(
        credit_institution="CWI", credit_hours="3", credit_course_code="WELD 101"
    )
    return doors.assertion_award(actor=None, badge_class=badge, recipient=earner).assertion


def baked_png(client, assertion):
    return client.get(hosting.baked_url(assertion, "png").removeprefix("http://testserver")).content


def post_page(client, **data):
    files = {}
    if "image" in data:
        files["image"] = SimpleUploadedFile("badge.png", data.pop("image"))
    return client.post("/verify/", {**data, **files})


def post_api(client, **data):
    if "image" in data:
        data["image"] = SimpleUploadedFile("badge.png", data["image"])
        return client.post("/api/v1/verify", data)
    return client.post("/api/v1/verify", data, content_type="application/json")


def test_valid_by_url_with_recipient_match(client, assertion):
    url = hosting.assertion_url(assertion)
    response = post_page(client, url=url, email="Earner@Example.org")
    assert outcome_of(response) == "valid"
    html = response.content.decode()
    assert "matches the recipient" in html
    assert "Equals 3 credits of WELD 101 at CWI" in html
    assert assertion.badge_class.issuer.name in html
    other = post_page(client, url=url, email="someone@else.org").content.decode()
    assert "does NOT match" in other
    assert "earner@example.org" not in other.lower()  # the recipient's e-mail is never shown

    body = post_api(client, url=url, email="someone@else.org").json()
    assert body["outcome"] == "valid"
    assert body["valid"] is True
    assert body["recipient_match"] is False
    assert body["badge"]["credit_equivalency"] == "Equals 3 credits of WELD 101 at CWI"


def test_valid_by_baked_png_and_svg(client, earner):
    png = doors.assertion_award(
        actor=None, badge_class=BadgeClassFactory(), recipient=earner
    ).assertion
    assert outcome_of(post_page(client, image=baked_png(client, png))) == "valid"
    svg_badge = BadgeClassFactory(image_type="svg", image=ContentFile(SVG_BYTES, name="i.svg"))
    svg = doors.assertion_award(actor=None, badge_class=svg_badge, recipient=earner).assertion
    data = client.get(hosting.baked_url(svg, "svg").removeprefix("http://testserver")).content
    assert post_api(client, image=data).json()["outcome"] == "valid"


def test_revoked(client, assertion):
    image = baked_png(client, assertion)
    doors.assertion_revoke(actor=None, assertion=assertion, reason="Plagiarised evidence")
    response = post_page(client, image=image)
    assert outcome_of(response) == "revoked"
    assert "Plagiarised evidence" in response.content.decode()
    body = post_api(client, url=hosting.assertion_url(assertion)).json()
    assert body["outcome"] == "revoked"
    assert body["badge"]["revocation_reason"] == "Plagiarised evidence"


def test_expired(client, earner):
    badge = BadgeClassFactory(valid_for_days=30)
    a = doors.assertion_award(
        actor=None,
        badge_class=badge,
        recipient=earner,
        issued_on=timezone.now() - timedelta(days=31),
    ).assertion
    assert outcome_of(post_page(client, url=hosting.assertion_url(a))) == "expired"
    assert post_api(client, image=baked_png(client, a)).json()["outcome"] == "expired"


def test_not_found(client):
    import uuid

    for url in (
        f"http://testserver/ob/v2/assertions/{uuid.uuid4()}",
        "https://elsewhere.example/ob/v2/assertions/123",
        "http://testserver/verify/",
    ):
        assert outcome_of(post_page(client, url=url)) == "not_found", url
        assert post_api(client, url=url).json()["outcome"] == "not_found"
    # An image that was never baked.
    assert outcome_of(post_page(client, image=png_bytes())) == "not_found"


def test_tampered(client, assertion):
    image = baked_png(client, assertion)
    doc = hosting.baked_assertion_document(assertion)
    doc["issuedOn"] = "2019-01-01T00:00:00+00:00"
    doc["recipient"]["identity"] = "sha256$" + "0" * 64
    forged = bake(image, json.dumps(doc))
    response = post_page(client, image=forged)
    assert outcome_of(response) == "tampered"
    body = post_api(client, image=forged).json()
    assert body["outcome"] == "tampered"
    assert body["problems"] == ["recipient", "issuedOn"]
    garbage = bake(png_bytes(), "{not json")
    assert post_api(client, image=garbage).json()["outcome"] == "tampered"


def test_bad_input_is_explained(client):
    response = client.post("/verify/", {})
    assert response.status_code == 400
    assert "Paste a badge link" in response.content.decode()
    exe = b"MZ\x90\x00" + b"\x00" * 200
    body = post_api(client, image=exe)
    assert body.status_code == 400
    assert body.json()["outcome"] == "invalid_input"
    assert client.post("/api/v1/verify", {}, content_type="application/json").status_code == 400


def test_verify_query_counts_do_not_grow_with_badges(client, earner, django_assert_max_num_queries):
    first = doors.assertion_award(
        actor=None, badge_class=BadgeClassFactory(), recipient=earner
    ).assertion
    image = baked_png(client, first)
    for _ in range(15):
        doors.assertion_award(actor=None, badge_class=BadgeClassFactory(), recipient=earner)
    with django_assert_max_num_queries(2):
        post_api(client, image=image)
    with django_assert_max_num_queries(4):
        post_page(client, url=hosting.assertion_url(first), email="earner@example.org")
