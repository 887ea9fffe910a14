"""Open Badges 3.0 in the app: keys, DID documents, credentials, status lists, Verify 3.0, CLR.

Keys are resolved the way an outside verifier would: from the DID document and
JWKS this site serves (fetched with the test client, never the network).
"""

import base64
import copy
import json
from datetime import UTC, timedelta
from decimal import Decimal

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jwcrypto import jwk as jose_jwk
from jwcrypto import jwt as jose_jwt

from accounts.models import Membership
from badges import hosting, services_ob3
from badges.hosting import credentials
from badges.models import IssuerKey, StatusListEntry
from badges.openbadges import ob2
from badges.openbadges.hashing import hash_identity
from badges.openbadges.ob3 import baking, credential, dataintegrity, didweb, keys, statuslist
from badges.openbadges.ob3 import jwt as vcjwt
from core.models import AuditEntry
from pathways import services as doors
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.badges.factories import SVG_BYTES, BadgeClassFactory, IssuerFactory
from tests.competencies.factories import CompetencyFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


# Helpers ----------------------------------------------------------------------------------


def path_of(url: str) -> str:
    assert url.startswith(SITE), url
    return url.removeprefix(SITE)


def award(recipient, **badge_kwargs):
    badge = BadgeClassFactory(**badge_kwargs)
    return doors.assertion_award(actor=None, badge_class=badge, recipient=recipient).assertion


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


def verify_api(client, **data):
    if "image" in data:
        data["image"] = SimpleUploadedFile("badge.png", data["image"])
        return client.post("/api/v1/verify", data).json()
    return client.post("/api/v1/verify", data, content_type="application/json").json()


def outcome_of(response) -> str:
    html = response.content.decode()
    marker = 'data-outcome="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@pytest.fixture
def earner():
    return UserFactory(email="Earner@Example.org", name="Ana Earner")


@pytest.fixture
def assertion(earner):
    competency = CompetencyFactory(case_uri="https://case.example/uri/123")
    badge = BadgeClassFactory(
        credit_institution="College of Western Idaho",
        credit_hours=Decimal("3"),
        credit_course_code="WELD 101",
        cte_competency=CompetencyFactory(),
        tags=["CTE", "welding"],
    )
    badge.alignments.add(competency)
    return doors.assertion_award(
        actor=None,
        badge_class=badge,
        recipient=earner,
        evidence=[
            ob2.EvidenceItem(
                url="https://evidence.example/portfolio/1",
                narrative="Welded a T-joint.",
                name="Portfolio",
            )
        ],
    ).assertion


# Keys --------------------------------------------------------------------------------------


def test_active_key_is_created_once_and_encrypted_at_rest():
    issuer = IssuerFactory()
    key = services_ob3.issuer_active_key(issuer)
    assert services_ob3.issuer_active_key(issuer) == key
    assert IssuerKey.objects.filter(issuer=issuer).count() == 1
    assert key.algorithm == "Ed25519"
    assert key.kid.startswith("key-")
    assert AuditEntry.objects.filter(action="issuerkey.create").count() == 1

    private = services_ob3.signing_key(key)
    seed = private.private_bytes_raw()
    public_raw = private.public_key().public_bytes_raw()
    assert dataintegrity.public_key_multibase(private.public_key()) == key.public_key_multibase
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key_encrypted FROM badges_issuerkey WHERE id = %s", [key.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("v1$")
    der = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    pem = keys.private_key_to_pem(private).decode()
    encodings = {
        seed.hex(),
        seed.hex().upper(),
        base64.b64encode(seed).decode(),
        base64.b64encode(seed).decode().rstrip("="),
        base64.urlsafe_b64encode(seed).decode().rstrip("="),
        base58.b58encode(seed).decode(),
        base58.b58encode(seed + public_raw).decode(),
        base64.b64encode(der).decode(),
        base64.urlsafe_b64encode(der).decode().rstrip("="),
        der.hex(),
        pem.splitlines()[1],
    }
    for encoded in encodings:
        assert encoded not in stored
    # Not in the raw bytes of the column either (in case of a binary-ish encoding).
    assert seed not in stored.encode()


def test_a_changed_secret_refuses_to_sign(settings):
    key = services_ob3.issuer_active_key(IssuerFactory())
    settings.CREDENTIAL_KEY_SECRET = "another-secret-that-is-long-enough-1234567890"
    with pytest.raises(services_ob3.SigningKeyError):
        services_ob3.signing_key(key)


def test_one_active_key_per_issuer_is_a_database_rule():
    issuer = IssuerFactory()
    key = services_ob3.issuer_active_key(issuer)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuerKey.objects.create(
            issuer=issuer, kid="key-dup", public_key_multibase="z", private_key_encrypted="v1$x"
        )
    # Cairn's own key (no issuer) is one too.
    platform = services_ob3.issuer_active_key(None)
    assert platform.issuer is None
    assert platform != key
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuerKey.objects.create(
            issuer=None, kid="key-dup2", public_key_multibase="z", private_key_encrypted="v1$x"
        )


def test_rotation_is_for_the_issuers_admins():
    issuer = IssuerFactory()
    old = services_ob3.issuer_active_key(issuer)
    admin = MembershipFactory(organization=issuer.organization, role=Membership.Role.ADMIN).user
    teacher = MembershipFactory(organization=issuer.organization).user
    with pytest.raises(PermissionDenied):
        services_ob3.issuer_key_rotate(actor=teacher, issuer=issuer)
    with pytest.raises(PermissionDenied):
        services_ob3.issuer_key_rotate(actor=admin, issuer=None)  # Cairn's key: superusers
    new = services_ob3.issuer_key_rotate(actor=admin, issuer=issuer)
    old.refresh_from_db()
    assert old.retired_at is not None  # retired, not deleted
    assert new.retired_at is None
    assert new.kid != old.kid
    assert services_ob3.issuer_active_key(issuer) == new
    entry = AuditEntry.objects.get(action="issuerkey.rotate")
    assert entry.actor == admin
    assert entry.data == {"kid": new.kid, "retired": [old.kid]}


# Published keys -----------------------------------------------------------------------------


def test_did_document_and_jwks_publish_every_key(client):
    issuer = IssuerFactory()
    first = services_ob3.issuer_active_key(issuer)
    second = services_ob3.issuer_key_rotate(actor=None, issuer=issuer)
    did = credentials.issuer_did(issuer)
    assert did == f"did:web:testserver:ob:v3:issuers:{issuer.public_id}"
    assert didweb.url_from_did(did) == (
        f"https://testserver/ob/v3/issuers/{issuer.public_id}/did.json"
    )

    response = client.get(f"/ob/v3/issuers/{issuer.public_id}/did.json")
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["id"] == did
    ids = [f"{did}#{first.kid}", f"{did}#{second.kid}"]
    assert [vm["id"] for vm in document["verificationMethod"]] == ids
    assert document["assertionMethod"] == ids
    for vm, key in zip(document["verificationMethod"], [first, second], strict=True):
        assert vm["type"] == "Multikey"
        assert vm["controller"] == did
        assert vm["publicKeyMultibase"] == key.public_key_multibase

    jwks = client.get(f"/ob/v3/issuers/{issuer.public_id}/jwks.json")
    assert jwks["Access-Control-Allow-Origin"] == "*"
    published = jwks.json()["keys"]
    assert [k["kid"] for k in published] == ids
    assert all(k["kty"] == "OKP" and k["crv"] == "Ed25519" and "d" not in k for k in published)

    assert (
        client.get("/ob/v3/issuers/00000000-0000-0000-0000-000000000000/did.json").status_code
        == 404
    )


def test_did_web_paths():
    assert didweb.did_from_url("https://cairn.example") == "did:web:cairn.example"
    assert didweb.url_from_did("did:web:cairn.example") == (
        "https://cairn.example/.well-known/did.json"
    )
    did = didweb.did_from_url("https://Cairn.example:8443/k12/", "ob", "v3")
    assert did == "did:web:cairn.example%3A8443:k12:ob:v3"
    assert didweb.url_from_did(did) == "https://cairn.example:8443/k12/ob/v3/did.json"
    assert didweb.split_did_url(f"{did}#key-1") == (did, "key-1")
    for bad in ("did:key:z6Mk", "did:web:", "did:web:a::b", "https://x"):
        with pytest.raises(ValueError):  # noqa: PT011
            didweb.split_did(bad)


# Credentials ----------------------------------------------------------------------------------


def test_served_credential_validates_and_carries_the_assertion(client, assertion):
    response = client.get(path_of(credentials.credential_url(assertion)))
    assert response["Access-Control-Allow-Origin"] == "*"
    doc = response.json()
    assert credential.validate(doc) == []
    issuer = assertion.badge_class.issuer
    did = credentials.issuer_did(issuer)
    assert doc["id"] == f"{SITE}/ob/v3/credentials/{assertion.public_id}"
    assert doc["issuer"]["id"] == did
    assert doc["validFrom"] == assertion.issued_on.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "validUntil" not in doc
    subject = doc["credentialSubject"]
    (identity,) = subject["identifier"]
    assert identity["identityHash"] == hash_identity("earner@example.org", assertion.salt)
    assert identity["salt"] == assertion.salt
    achievement = subject["achievement"]
    assert achievement["id"] == credentials.achievement_url(assertion.badge_class)
    assert achievement["criteria"]["narrative"] == assertion.badge_class.criteria_narrative
    targets = {a.get("targetType"): a for a in achievement["alignment"]}
    assert targets["CFItem"]["targetUrl"] == "https://case.example/uri/123"
    credit = targets["ext:CreditEquivalency"]
    assert credit["targetCode"] == "WELD 101"
    assert credit["targetFramework"] == "College of Western Idaho"
    (result,) = achievement["resultDescription"]
    assert result["requiredValue"] == "3"
    assert doc["evidence"][0]["id"] == "https://evidence.example/portfolio/1"
    assert doc["evidence"][0]["narrative"] == "Welded a T-joint."
    entry = StatusListEntry.objects.get(assertion=assertion)
    assert doc["credentialStatus"] == {
        "id": f"{SITE}/ob/v3/issuers/{issuer.public_id}/status/revocation#{entry.index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(entry.index),
        "statusListCredential": f"{SITE}/ob/v3/issuers/{issuer.public_id}/status/revocation",
    }
    key = IssuerKey.objects.get(issuer=issuer)
    assert doc["proof"]["verificationMethod"] == f"{did}#{key.kid}"
    assert doc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    # The achievement is served at its id too.
    served = client.get(path_of(achievement["id"])).json()
    assert served["id"] == achievement["id"]
    assert served["name"] == achievement["name"]


def test_data_integrity_proof_verifies_against_the_served_did_document(client, assertion):
    doc = fetch_credential(client, assertion)
    result = dataintegrity.verify(doc, resolve_key=resolver_from_did_documents(client))
    assert result.ok, result
    tampered = copy.deepcopy(doc)
    tampered["credentialSubject"]["achievement"]["name"] = "Master Welder"
    result = dataintegrity.verify(tampered, resolve_key=resolver_from_did_documents(client))
    assert not result.ok
    assert result.reason == dataintegrity.Reason.SIGNATURE


def test_vc_jwt_verifies_with_jwcrypto_against_the_served_jwks(client, assertion):
    token = fetch_jwt(client, assertion)
    issuer = assertion.badge_class.issuer
    response = client.get(path_of(credentials.credential_jwt_url(assertion)))
    assert response["Content-Type"] == "application/jwt"
    keyset = jose_jwk.JWKSet.from_json(client.get(path_of(credentials.jwks_url(issuer))).content)
    verified = jose_jwt.JWT(jwt=token, key=keyset, algs=["EdDSA"])
    claims = json.loads(verified.claims)
    assert claims["iss"] == credentials.issuer_did(issuer)
    assert claims["jti"] == credentials.credential_url(assertion)
    assert (
        credential.validate({k: v for k, v in claims.items() if k not in vcjwt.REGISTERED_CLAIMS})
        == []
    )
    header = json.loads(verified.header)
    assert header["alg"] == "EdDSA"
    assert header["kid"].startswith(credentials.issuer_did(issuer) + "#")
    # A tampered payload does not verify with the independent library either.
    head, body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["name"] = "Forged"
    forged_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    with pytest.raises(Exception):  # noqa: B017, PT011 - jwcrypto raises its own types
        jose_jwt.JWT(jwt=f"{head}.{forged_body}.{signature}", key=keyset, algs=["EdDSA"])


def test_baked_png_and_svg_carry_the_signed_credential(client, earner):
    png_assertion = award(earner)
    png = client.get(path_of(credentials.credential_baked_url(png_assertion, "png")))
    assert png["Content-Type"] == "image/png"
    baked = baking.unbake(png.content)
    assert baked.kind == "png"
    assert baked.credential()["id"] == credentials.credential_url(png_assertion)
    assert (
        client.get(path_of(credentials.credential_baked_url(png_assertion, "svg"))).status_code
        == 404
    )

    svg_assertion = award(earner, image_type="svg", image=ContentFile(SVG_BYTES, name="image.svg"))
    svg = client.get(path_of(credentials.credential_baked_url(svg_assertion, "svg")))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"openbadges:credential" in svg.content
    assert baking.unbake(svg.content).credential()["id"] == credentials.credential_url(
        svg_assertion
    )


def test_expiry_is_valid_until(client, earner):
    a = award(earner, valid_for_days=30)
    doc = fetch_credential(client, a)
    assert doc["validUntil"] == a.expires_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_status_list_indexes_are_stable_and_sequential_per_issuer(client, earner):
    issuer = IssuerFactory()
    first = award(earner, issuer=issuer)
    second = award(earner, issuer=issuer)
    other = award(earner)
    assert fetch_credential(client, second)["credentialStatus"]["statusListIndex"] == "0"
    assert fetch_credential(client, first)["credentialStatus"]["statusListIndex"] == "1"
    assert fetch_credential(client, other)["credentialStatus"]["statusListIndex"] == "0"
    services_ob3.issuer_key_rotate(actor=None, issuer=issuer)
    assert fetch_credential(client, second)["credentialStatus"]["statusListIndex"] == "0"
    assert services_ob3.status_list_entry_for(assertion=first).index == 1
    assert StatusListEntry.objects.filter(issuer=issuer).count() == 2


def test_status_list_is_signed_and_marks_revoked_credentials(client, assertion):
    doc = fetch_credential(client, assertion)
    status_url = doc["credentialStatus"]["statusListCredential"]
    before = client.get(path_of(status_url))
    assert before["Access-Control-Allow-Origin"] == "*"
    before = before.json()
    assert before["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert statuslist.check_status(doc["credentialStatus"], before) is False
    doors.assertion_revoke(actor=None, assertion=assertion, reason="Plagiarised evidence")
    after = client.get(path_of(status_url)).json()
    assert statuslist.check_status(doc["credentialStatus"], after) is True
    assert dataintegrity.verify(after, resolve_key=resolver_from_did_documents(client)).ok
    assert statuslist.size_of(after["credentialSubject"]["encodedList"]) == statuslist.MIN_BITS
    # The credential itself is no longer served.
    gone = client.get(path_of(credentials.credential_url(assertion)))
    assert gone.status_code == 410
    assert gone.json()["revoked"] is True


def test_unknown_credentials_are_404(client):
    assert client.get("/ob/v3/credentials/00000000-0000-0000-0000-000000000000").status_code == 404


def test_credential_endpoint_query_count_is_constant(client, earner):
    def queries_for(n_competencies: int) -> tuple[int, int]:
        badge = BadgeClassFactory()
        badge.alignments.add(*CompetencyFactory.create_batch(n_competencies))
        a = doors.assertion_award(actor=None, badge_class=badge, recipient=earner).assertion
        url = path_of(credentials.credential_url(a))
        client.get(url)  # first use: allocates the status list index and the issuer's key
        caches["hosted"].clear()
        with CaptureQueriesContext(connection) as signing:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert client.get(url).status_code == 200
        return len(signing), len(cached)

    one = queries_for(1)
    many = queries_for(6)
    assert one == many
    assert one[1] <= 2  # the assertion (with entry and issuer) and the active key
    assert one[0] <= 4  # ... plus competencies and credit agreements when signing


# Verify 3.0 ------------------------------------------------------------------------------------


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
    other = services_ob3.issuer_active_key(IssuerFactory())
    borrowed = dataintegrity.sign(
        unsigned,
        private_key=services_ob3.signing_key(other),
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

    new_key = services_ob3.issuer_key_rotate(actor=None, issuer=issuer)
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


# The earner's pages ------------------------------------------------------------------------------


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
