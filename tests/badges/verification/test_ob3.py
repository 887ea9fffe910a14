"""Verifying Open Badges 3.0 credentials (JSON, VC-JWT, baked PNG and SVG) on the
verify page and through the API: each check, and the first that fails named."""

import base64
import copy
import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from jwcrypto import jwk as jose_jwk
from jwcrypto import jwt as jose_jwt

from badges import hosting, services
from badges.hosting import credentials
from badges.models import IssuerKey
from badges.openbadges.ob3 import baking, dataintegrity, keys
from badges.openbadges.ob3 import jwt as vcjwt
from pathways import services as doors
from tests.badges.factories import SVG_BYTES, BadgeClassFactory, IssuerFactory
from tests.badges.support import (
    award,
    fetch_credential,
    fetch_jwt,
    outcome_of,
    path_of,
    resolver_from_did_documents,
    verify_api,
)

pytestmark = pytest.mark.django_db


def test_verify_accepts_a_served_credential_json_jwt_and_url(client, assertion):
    doc = fetch_credential(client, assertion)
    body = verify_api(client, credential=doc, email="earner@example.org")
    assert body["outcome"] == "valid", body
    assert body["format"] == "ob3"
    assert body["check"] == ""
    assert body["recipient_match"] is True
    assert body["badge"]["name"] == assertion.badge_class.name

    as_text = verify_api(client, credential=json.dumps(doc), email="someone@else.org")
    assert as_text["outcome"] == "valid"
    assert as_text["recipient_match"] is False
    token = fetch_jwt(client, assertion)
    assert verify_api(client, credential=token)["outcome"] == "valid"
    as_form = client.post("/api/v1/verify", {"credential": token})  # multipart, not JSON
    assert as_form.json()["outcome"] == "valid"
    # A link to the 3.0 credential verifies like a 2.0 link.
    assert verify_api(client, url=credentials.credential_url(assertion))["outcome"] == "valid"

    page = client.post("/verify/", {"credential": json.dumps(doc)})
    assert outcome_of(page) == "valid"
    assert "Open Badges 3.0" in page.content.decode()


def test_verify_refuses_a_tampered_credential(client, assertion):
    doc = fetch_credential(client, assertion)
    for change in (
        lambda d: d["credentialSubject"]["achievement"].update(name="Master Welder"),
        lambda d: d.update(validFrom="2019-01-01T00:00:00Z"),
        lambda d: d["credentialSubject"]["identifier"][0].update(identityHash="sha256$" + "0" * 64),
        lambda d: d.pop("credentialStatus"),
    ):
        tampered = copy.deepcopy(doc)
        change(tampered)
        body = verify_api(client, credential=tampered)
        assert body["outcome"] == "bad_signature", body
        assert body["check"] == "signature"
        assert body["badge"] is None
    page = client.post("/verify/", {"credential": json.dumps(tampered)})
    assert outcome_of(page) == "bad_signature"

    token = fetch_jwt(client, assertion)
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "Forged"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    assert verify_api(client, credential=f"{head}.{forged}.{signature}")["outcome"] == (
        "bad_signature"
    )


def test_verify_refuses_an_expired_credential(client, earner):
    a = doors.assertion_award(
        actor=None,
        badge_class=BadgeClassFactory(valid_for_days=30),
        recipient=earner,
        issued_on=timezone.now() - timedelta(days=31),
    ).assertion
    body = verify_api(client, credential=fetch_credential(client, a))
    assert body["outcome"] == "expired"
    assert body["check"] == "expiry"
    assert verify_api(client, credential=fetch_jwt(client, a))["outcome"] == "expired"


def test_verify_refuses_a_revoked_credential_by_its_status_list(client, assertion):
    doc = fetch_credential(client, assertion)
    token = fetch_jwt(client, assertion)
    doors.assertion_revoke(actor=None, assertion=assertion, reason="Plagiarised evidence")
    body = verify_api(client, credential=doc)
    assert body["outcome"] == "revoked"
    assert body["check"] == "status"
    assert "Plagiarised evidence" in body["message"]
    assert verify_api(client, credential=token)["outcome"] == "revoked"


def test_verify_refuses_a_credential_signed_with_an_unknown_key(client, assertion):
    doc = fetch_credential(client, assertion)
    unsigned = {k: v for k, v in doc.items() if k != "proof"}
    did = credentials.issuer_did(assertion.badge_class.issuer)
    stranger = keys.generate_private_key()
    forged = dataintegrity.sign(
        unsigned,
        private_key=stranger,
        verification_method=f"{did}#key-0000000000000000",
        created=timezone.now(),
    )
    body = verify_api(client, credential=forged)
    assert body["outcome"] == "unknown_key", body
    assert "signed with an unknown key" in body["message"]
    page = client.post("/verify/", {"credential": json.dumps(forged)})
    assert outcome_of(page) == "unknown_key"
    # Another issuer's (real) key does not vouch for this issuer either.
    other = services.issuer_active_key(issuer=IssuerFactory())
    borrowed = dataintegrity.sign(
        unsigned,
        private_key=services.signing_key(other),
        verification_method=f"{credentials.issuer_did(other.issuer)}#{other.kid}",
        created=timezone.now(),
    )
    assert verify_api(client, credential=borrowed)["outcome"] == "unknown_key"
    token = vcjwt.encode(unsigned, private_key=stranger, kid=f"{did}#key-0000000000000000")
    assert verify_api(client, credential=token)["outcome"] == "unknown_key"


def test_verify_refuses_schema_failures_first(client, assertion):
    doc = fetch_credential(client, assertion)
    broken = copy.deepcopy(doc)
    del broken["credentialSubject"]
    body = verify_api(client, credential=broken)
    assert body["outcome"] == "schema"
    assert body["check"] == "schema"
    assert body["problems"]
    elsewhere = copy.deepcopy(doc)
    elsewhere["issuer"]["id"] = "did:web:elsewhere.example"
    assert verify_api(client, credential=elsewhere)["outcome"] == "not_found"
    assert (
        client.post(
            "/api/v1/verify", {"credential": "not a credential"}, content_type="application/json"
        ).json()["outcome"]
        == "not_found"
    )  # read as a link, and not one of ours


def test_key_rotation_keeps_old_credentials_verifiable(client, earner):
    issuer = IssuerFactory()
    old_assertion = award(earner, issuer=issuer)
    old_doc = fetch_credential(client, old_assertion)
    old_jwt = fetch_jwt(client, old_assertion)
    old_key = IssuerKey.objects.get(issuer=issuer)

    new_key = services.issuer_key_rotate(actor=None, issuer=issuer)
    new_doc = fetch_credential(client, award(earner, issuer=issuer))
    assert old_doc["proof"]["verificationMethod"].endswith(f"#{old_key.kid}")
    assert new_doc["proof"]["verificationMethod"].endswith(f"#{new_key.kid}")
    # The old assertion is now signed with the new key when fetched again.
    assert fetch_credential(client, old_assertion)["proof"]["verificationMethod"].endswith(
        f"#{new_key.kid}"
    )
    for doc in (old_doc, new_doc):
        assert dataintegrity.verify(doc, resolve_key=resolver_from_did_documents(client)).ok
        assert verify_api(client, credential=doc)["outcome"] == "valid"
    assert verify_api(client, credential=old_jwt)["outcome"] == "valid"
    keyset = jose_jwk.JWKSet.from_json(client.get(path_of(credentials.jwks_url(issuer))).content)
    jose_jwt.JWT(jwt=old_jwt, key=keyset, algs=["EdDSA"])  # raises if it does not verify


def test_three_oh_baked_png_round_trips_through_the_verify_page(client, assertion):
    image = client.get(path_of(credentials.credential_baked_url(assertion, "png"))).content
    page = client.post(
        "/verify/",
        {"image": SimpleUploadedFile("badge.png", image), "email": "earner@example.org"},
    )
    assert outcome_of(page) == "valid"
    html = page.content.decode()
    assert "matches the recipient" in html
    assert assertion.badge_class.name in html
    assert verify_api(client, image=image)["format"] == "ob3"

    tampered_doc = baking.unbake(image).credential()
    tampered_doc["name"] = "Forged"
    forged = baking.bake(image, tampered_doc)
    assert outcome_of(client.post("/verify/", {"image": SimpleUploadedFile("b.png", forged)})) == (
        "bad_signature"
    )
    doors.assertion_revoke(actor=None, assertion=assertion, reason="Issued in error")
    assert verify_api(client, image=image)["outcome"] == "revoked"


def test_three_oh_baked_svg_verifies_and_two_oh_still_does(client, earner):
    svg_assertion = award(earner, image_type="svg", image=ContentFile(SVG_BYTES, name="i.svg"))
    svg = client.get(path_of(credentials.credential_baked_url(svg_assertion, "svg"))).content
    body = verify_api(client, image=svg)
    assert body["outcome"] == "valid"
    assert body["format"] == "ob3"
    # The 2.0 image of the same assertion, and its pasted 2.0 JSON, still verify as 2.0.
    two = client.get(path_of(hosting.baked_url(svg_assertion, "svg"))).content
    assert verify_api(client, image=two)["format"] == "ob2"
    assert verify_api(client, image=two)["outcome"] == "valid"
    pasted = json.dumps(hosting.baked_assertion_document(svg_assertion))
    page = client.post("/verify/", {"credential": pasted})
    assert outcome_of(page) == "valid"


def test_verify_form_takes_one_input(client):
    response = client.post("/verify/", {"url": "http://testserver/x", "credential": "{}"})
    assert response.status_code == 400
    assert "Give one of" in response.content.decode()
    assert (
        client.post(
            "/api/v1/verify", {"url": "x", "credential": "y"}, content_type="application/json"
        ).status_code
        == 400
    )
