"""Hosted Open Badges 2.0: JSON-LD to JSON clients, a page to browsers, 410 when revoked."""

import json

import pytest
from django.urls import reverse

from badges import hosting, services
from badges.openbadges.baking import unbake
from pathways import services as doors
from tests.accounts.factories import UserFactory
from tests.badges.factories import SVG_BYTES, BadgeClassFactory
from tests.competencies.factories import CompetencyFactory

pytestmark = pytest.mark.django_db

JSONLD = "application/ld+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def award(**badge_kw):
    badge = BadgeClassFactory(**badge_kw)
    return doors.assertion_award(actor=None, badge_class=badge, recipient=UserFactory()).assertion


def get_json(client, url, status=200):
    response = client.get(url, HTTP_ACCEPT="application/ld+json, application/json")
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(JSONLD)
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_hosted_assertion_chain_has_every_required_property(client):
    competency = CompetencyFactory(code="ET.1", statement="Uses data to plan.")
    a = award(credit_institution="CWI", credit_hours="3", credit_course_code="WELD 101")
    a.badge_class.alignments.add(competency)
    doc = get_json(client, a.get_absolute_url())
    assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert doc["type"] == "Assertion"
    assert doc["id"] == f"http://testserver/ob/v2/assertions/{a.public_id}"
    assert doc["recipient"]["hashed"] is True
    assert doc["recipient"]["salt"] == a.salt
    assert doc["recipient"]["identity"].startswith("sha256$")
    assert a.recipient.email not in json.dumps(doc)
    assert doc["verification"] == {"type": "HostedBadge"}
    assert doc["issuedOn"].endswith("+00:00")

    badge = get_json(client, doc["badge"].removeprefix("http://testserver"))
    assert badge["type"] == "BadgeClass"
    for key in ("id", "name", "description", "image", "criteria", "issuer"):
        assert badge[key], key
    targets = {al["targetName"]: al for al in badge["alignment"]}
    assert targets["ET.1"]["targetDescription"] == "Uses data to plan."
    credit = targets["WELD 101 (3 credits)"]
    assert credit["targetDescription"] == "Equals 3 credits of WELD 101 at CWI"

    issuer = get_json(client, badge["issuer"].removeprefix("http://testserver"))
    assert issuer["type"] == "Issuer"
    for key in ("id", "name", "url", "email", "revocationList"):
        assert issuer[key], key
    # Verification scope: every hosted id lies on the issuer id's origin.
    origin = "http://testserver/"
    assert all(u.startswith(origin) for u in (doc["id"], badge["id"], issuer["id"]))

    image = client.get(badge["image"].removeprefix("http://testserver"))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


def test_browsers_get_a_page_with_opengraph_tags(client):
    a = award()
    response = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'property="og:title"' in html
    assert f'content="{a.badge_class.name}"' in html
    assert 'property="og:image"' in html
    assert "Vary" in response
    assert "Accept" in response["Vary"]


def test_revoked_assertion_answers_410_with_reason(client, django_capture_on_commit_callbacks):
    a = award()
    get_json(client, a.get_absolute_url())  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        doors.assertion_revoke(actor=None, assertion=a, reason="Evidence was not the earner's")
    doc = get_json(client, a.get_absolute_url(), status=410)
    assert doc["revoked"] is True
    assert doc["revocationReason"] == "Evidence was not the earner's"
    assert doc["id"].endswith(str(a.public_id))
    rl = get_json(client, reverse("ob2:revocation-list", args=[a.badge_class.issuer.public_id]))
    assert rl["type"] == "RevocationList"
    assert rl["revokedAssertions"] == [
        {"id": doc["id"], "revocationReason": "Evidence was not the earner's"}
    ]
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER)
    assert "Revoked" in page.content.decode()


def test_expired_assertion_carries_expires(client):
    from datetime import timedelta

    from django.utils import timezone

    badge = BadgeClassFactory(valid_for_days=10)
    a = doors.assertion_award(
        actor=None,
        badge_class=badge,
        recipient=UserFactory(),
        issued_on=timezone.now() - timedelta(days=20),
    ).assertion
    doc = get_json(client, a.get_absolute_url())
    assert doc["expires"] < timezone.now().isoformat()


def test_unknown_ids_and_draft_badges_are_404(client):
    import uuid

    assert client.get(f"/ob/v2/assertions/{uuid.uuid4()}").status_code == 404
    draft = BadgeClassFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/ob/v2/assertions/1").status_code == 404  # database ids never resolve


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_baked_image_carries_the_hosted_assertion(client, kind):
    if kind == "svg":
        from django.core.files.base import ContentFile

        a = award(image_type="svg", image=ContentFile(SVG_BYTES, name="i.svg"))
    else:
        a = award()
    response = client.get(hosting.baked_url(a, kind).removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == f"image/{'svg+xml' if kind == 'svg' else 'png'}"
    assert "attachment" in response["Content-Disposition"]
    baked = json.loads(unbake(response.content).payload)
    assert baked == get_json(client, a.get_absolute_url())
    other = "svg" if kind == "png" else "png"
    assert (
        client.get(hosting.baked_url(a, other).removeprefix("http://testserver")).status_code == 404
    )


def test_private_badge_page_hides_the_name_but_json_still_verifies(client):
    student = UserFactory(name="Maya Reyes", is_minor=True)
    badge = BadgeClassFactory(audience="student")
    a = doors.assertion_award(actor=None, badge_class=badge, recipient=student).assertion
    assert not a.is_public
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert "Maya Reyes" not in page
    get_json(client, a.get_absolute_url())
    services.assertion_set_public(actor=student, assertion=a, public=True)
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert "Maya Reyes" in page


def test_hosted_assertion_query_count_is_constant(client, django_assert_max_num_queries):
    a = award()
    for _ in range(20):
        doors.assertion_award(actor=None, badge_class=BadgeClassFactory(), recipient=a.recipient)
    with django_assert_max_num_queries(1):
        get_json(client, a.get_absolute_url())
