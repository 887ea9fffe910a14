"""Helpers the badges tests share: awarding through the door, recording agreements and
endorsements, fetching hosted documents
and credentials the way a verifier would (through the test client, never the network),
and reading the verify page's outcome."""

from __future__ import annotations

import datetime
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership
from badges import hosting, services
from badges.hosting import credentials
from badges.openbadges.baking import unbake
from badges.openbadges.hashing import hash_identity, identity_matches
from badges.openbadges.ob3 import dataintegrity, didweb
from pathways import services as doors
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.badges.factories import BadgeClassFactory

SITE = "http://testserver"
JSONLD = "application/ld+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
AGREED = datetime.date(2026, 1, 15)
COMMENT = "We hire welders who hold this badge."
SUMMARY = (
    "Equals 3 credits of WELD 101 at College of Western Idaho, agreed 2026-01-15, "
    "signed off by Dr. Ana Ruiz (Dean of Workforce Programs)"
)


def path_of(url: str) -> str:
    """The path of a URL of this site (what the test client fetches)."""
    assert url.startswith(SITE) or url.startswith("/"), url
    return url.removeprefix(SITE)


def award(recipient=None, **badge_kwargs):
    """Award a new badge class (made with `badge_kwargs`) through the one door."""
    badge = BadgeClassFactory(**badge_kwargs)
    return doors.assertion_award(
        actor=None, badge_class=badge, recipient=recipient or UserFactory()
    ).assertion


def admin_of(organization):
    """A new admin of `organization`."""
    return MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user


def agree(badge_class=None, **kw):
    """Record a credit agreement for 3 credits of WELD 101 (override with `kw`)."""
    defaults = {
        "actor": None,
        "badge_class": badge_class,
        "course_code": "WELD 101",
        "credits": "3",
        "effective_from": AGREED,
        "signed_by_name": "Dr. Ana Ruiz",
        "signed_by_title": "Dean of Workforce Programs",
    }
    return services.credit_agreement_record(**{**defaults, **kw})


def endorse(badge_class, endorser, **kw):
    """Record `endorser`'s endorsement of `badge_class` (override with `kw`)."""
    return services.endorsement_create(
        actor=kw.pop("actor", None),
        badge_class=badge_class,
        endorser=endorser,
        comment=kw.pop("comment", COMMENT),
        endorsed_on=kw.pop("endorsed_on", AGREED),
        **kw,
    )


def get_json(client, url, status=200):
    """A hosted Open Badges 2.0 document, as a validator fetches it."""
    response = client.get(path_of(url), HTTP_ACCEPT="application/ld+json, application/json")
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(JSONLD)
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def page(client, url) -> str:
    """A hosted URL's page, as a browser gets it."""
    response = client.get(path_of(url), HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    return response.content.decode()


def fetch_credential(client, assertion) -> dict:
    response = client.get(path_of(credentials.credential_url(assertion)))
    assert response.status_code == 200, response.content
    return response.json()


def fetch_jwt(client, assertion) -> str:
    response = client.get(path_of(credentials.credential_jwt_url(assertion)))
    assert response.status_code == 200
    return response.content.decode()


def did_document_for(client, did: str) -> dict:
    """Resolve a did:web the way its method says, but through the test client."""
    url = didweb.url_from_did(did).replace("https://testserver", SITE, 1)
    response = client.get(path_of(url))
    assert response.status_code == 200
    return response.json()


def resolver_from_did_documents(client):
    """resolve_key for dataintegrity.verify: dereference <did>#<kid> in the served document."""

    def resolve(method: str):
        did, _kid = didweb.split_did_url(method)
        document = did_document_for(client, did)
        if method not in document["assertionMethod"]:
            return None
        for vm in document["verificationMethod"]:
            if vm["id"] == method and vm["controller"] == did and vm["type"] == "Multikey":
                return dataintegrity.public_key_from_multibase(vm["publicKeyMultibase"])
        return None

    return resolve


def verify_api(client, **data) -> dict:
    """POST /api/v1/verify (an image as multipart, anything else as JSON); the body."""
    if "image" in data:
        data["image"] = SimpleUploadedFile("badge.png", data["image"])
        return client.post("/api/v1/verify", data).json()
    return client.post("/api/v1/verify", data, content_type="application/json").json()


def outcome_of(response) -> str:
    """The outcome the verify page shows (its `data-outcome`)."""
    html = response.content.decode()
    marker = 'data-outcome="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def assert_valid_ob2_award(client, assertion, email):
    """The hosted assertion, its badge class and issuer as a validator reads them, the
    baked image and our verify page: an Open Badges 2.0 award to the hashed `email`."""
    doc = get_json(client, hosting.assertion_url(assertion))
    assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert doc["type"] == "Assertion"
    assert doc["id"] == hosting.assertion_url(assertion)
    assert doc["recipient"] == {
        "type": "email",
        "hashed": True,
        "salt": assertion.salt,
        "identity": hash_identity(email, assertion.salt),
    }
    assert identity_matches(email, doc["recipient"]["salt"], doc["recipient"]["identity"])
    assert email not in json.dumps(doc)
    assert doc["verification"] == {"type": "HostedBadge"}
    badge = get_json(client, doc["badge"])
    assert badge["type"] == "BadgeClass"
    for key in ("id", "name", "description", "image", "criteria", "issuer"):
        assert badge[key], key
    issuer = get_json(client, badge["issuer"])
    assert issuer["type"] == "Issuer"
    # Verification scope: every hosted id lies on the issuer id's origin.
    assert all(u.startswith("http://testserver/") for u in (doc["id"], badge["id"], issuer["id"]))
    baked = client.get(path_of(hosting.baked_url(assertion, "png")))
    assert baked.status_code == 200
    assert json.loads(unbake(baked.content).payload) == doc
    verified = client.post("/verify/", {"url": doc["id"], "email": email.upper()})
    assert outcome_of(verified) == "valid"
    assert "matches the recipient" in verified.content.decode()
    return doc
