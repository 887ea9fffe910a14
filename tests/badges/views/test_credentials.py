"""Open Badges 3.0 credentials as served: validated, signed (Data Integrity and VC-JWT,
checked the way an outside verifier would, against the keys this site serves), baked,
with endorsements and credit agreements inside their Achievement."""

import base64
import copy
import json
from datetime import UTC

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jwcrypto import jwk as jose_jwk
from jwcrypto import jwt as jose_jwt

from accounts.models import Organization
from badges import hosting, services
from badges.hosting import credentials
from badges.models import IssuerKey, StatusListEntry
from badges.openbadges.hashing import hash_identity
from badges.openbadges.ob3 import baking, credential, dataintegrity
from badges.openbadges.ob3 import jwt as vcjwt
from pathways import services as doors
from pathways import services as sp
from pathways.models import Pathway, PathwayRequirement
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.badges.factories import SVG_BYTES, BadgeClassFactory, IssuerFactory
from tests.badges.support import (
    COMMENT,
    SITE,
    agree,
    award,
    endorse,
    fetch_credential,
    fetch_jwt,
    path_of,
    resolver_from_did_documents,
    verify_api,
)
from tests.competencies.factories import CompetencyFactory

pytestmark = pytest.mark.django_db


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


def fetch(client, url, status=200) -> dict:
    response = client.get(path_of(url))
    assert response.status_code == status, response.content[:300]
    return response.json()


def verifies(client, doc) -> bool:
    result = dataintegrity.verify(doc, resolve_key=resolver_from_did_documents(client))
    return result.ok


def test_endorsement_credential_validates_and_verifies_with_the_endorsers_did(
    client, welding, employer
):
    endorsement = endorse(welding, employer)
    url = credentials.endorsement_credential_url(endorsement)
    assert url == f"{SITE}/ob/v3/endorsements/{endorsement.public_id}"
    response = client.get(path_of(url))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    doc = response.json()

    assert credential.validate(doc, "endorsement") == []
    assert doc["id"] == url
    assert doc["type"] == ["VerifiableCredential", "EndorsementCredential"]
    endorser_did = credentials.issuer_did(endorsement.issuer)
    assert endorsement.issuer.organization == employer
    assert endorsement.issuer != welding.issuer
    assert doc["issuer"]["id"] == endorser_did
    assert doc["issuer"]["name"] == "Treasure Valley Fabrication"
    assert doc["validFrom"] == "2026-01-15T00:00:00Z"
    assert doc["credentialSubject"] == {
        "id": credentials.achievement_url(welding),
        "type": ["EndorsementSubject"],
        "endorsementComment": COMMENT,
    }
    # Signed with the endorser's own key, published in the endorser's DID document.
    key = IssuerKey.objects.get(issuer=endorsement.issuer, retired_at__isnull=True)
    assert doc["proof"]["verificationMethod"] == f"{endorser_did}#{key.kid}"
    assert doc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert verifies(client, doc)

    tampered = copy.deepcopy(doc)
    tampered["credentialSubject"]["endorsementComment"] = "We hire anyone."
    assert not verifies(client, tampered)


def test_withdrawn_endorsement_credential_answers_410(client, welding, employer):
    endorsement = endorse(welding, employer)
    url = credentials.endorsement_credential_url(endorsement)
    fetch(client, url)
    services.endorsement_withdraw(actor=None, endorsement=endorsement)
    gone = fetch(client, url, status=410)
    assert gone == {
        "id": url,
        "revoked": True,
        "message": "This endorsement was withdrawn by the endorser.",
    }
    assert client.get("/ob/v3/endorsements/00000000-0000-0000-0000-000000000000").status_code == 404


def test_endorsement_of_a_draft_badge_is_not_published(client, welding, employer):
    endorsement = endorse(welding, employer)
    welding.status = "draft"
    welding.save(update_fields=["status"])
    url = path_of(credentials.endorsement_credential_url(endorsement))
    assert client.get(url).status_code == 404


def test_endorsement_endpoint_query_count_is_constant(client, welding, employer):
    def queries_for(badge_class, endorser) -> tuple[int, int]:
        url = path_of(credentials.endorsement_credential_url(endorse(badge_class, endorser)))
        client.get(url)  # first use: creates the endorser's key
        caches["hosted"].clear()
        with CaptureQueriesContext(connection) as signing:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert client.get(url).status_code == 200
        return len(signing), len(cached)

    first = queries_for(welding, employer)
    for other in BadgeClassFactory.create_batch(3):
        endorse(other, employer)
    again = queries_for(BadgeClassFactory(), employer)
    assert first == again
    assert first == (2, 2)  # the endorsement (with badge and profile) and the active key


def test_credential_of_an_endorsed_badge_with_credit_carries_both(
    client, welding, employer, college
):
    endorsement = endorse(welding, employer)
    agreement = agree(welding, institution=college, course_title="Introduction to Welding")
    assertion = doors.assertion_award(
        actor=None, badge_class=welding, recipient=UserFactory()
    ).assertion

    doc = fetch(client, credentials.credential_url(assertion))
    assert credential.validate(doc) == []
    assert verifies(client, doc)
    achievement = doc["credentialSubject"]["achievement"]

    (embedded,) = achievement["endorsement"]
    served = fetch(client, credentials.endorsement_credential_url(endorsement))
    assert embedded == {**served, "proof": [served["proof"]]}  # the schema wants an array
    assert credential.validate(embedded, "endorsement") == []
    assert embedded["credentialSubject"]["id"] == achievement["id"]
    assert verifies(client, embedded)  # by the endorser, not the badge's issuer
    assert embedded["issuer"]["id"] != doc["issuer"]["id"]

    credit_id = f"{achievement['id']}#credit-{agreement.public_id}"
    (alignment,) = [a for a in achievement["alignment"] if a["targetUrl"] == college.url]
    assert alignment["targetType"] == "ext:CreditEquivalency"
    assert alignment["targetCode"] == "WELD 101"
    assert alignment["targetFramework"] == "College of Western Idaho"
    assert alignment["targetDescription"].startswith(
        "3 credits toward WELD 101 Introduction to Welding at College of Western Idaho"
    )
    (result,) = [r for r in achievement["resultDescription"] if r["id"] == credit_id]
    assert result["resultType"] == "ext:CreditEquivalency"
    assert result["requiredValue"] == "3"

    # Tampering with the embedded endorsement breaks the credential's own proof too.
    tampered = copy.deepcopy(doc)
    tampered["credentialSubject"]["achievement"]["endorsement"][0]["credentialSubject"][
        "endorsementComment"
    ] = "Forged."
    assert not verifies(client, tampered)

    # Verify 3.0 accepts it, as JSON and as a VC-JWT.
    assert verify_api(client, credential=doc)["outcome"] == "valid"
    jwt = client.get(path_of(credentials.credential_jwt_url(assertion))).content.decode()
    assert verify_api(client, credential=jwt)["outcome"] == "valid"

    # The achievement served at its id carries the same endorsement.
    assert fetch(client, achievement["id"])["endorsement"] == [embedded]


def test_pathway_badge_credential_carries_the_pathways_agreement(client, college):
    issuer = IssuerFactory()
    pathway = sp.pathway_create(
        actor=None,
        badge_class=BadgeClassFactory(issuer=issuer, name="CTE Program Completer"),
        slug="cte",
        name="CTE Program Completer",
    )
    sp.pathway_requirement_add(
        actor=None,
        pathway=pathway,
        parent=pathway.requirements.get(parent=None),
        kind=PathwayRequirement.Kind.BADGE,
        badge_class=BadgeClassFactory(issuer=issuer),
    )
    sp.pathway_activate(actor=None, pathway=pathway)
    pathway = Pathway.objects.get(pk=pathway.pk)
    pathway_badge = pathway.badge_class
    agreement = agree(
        pathway.badge_class, institution=college, course_title="Introduction to Welding"
    )
    assertion = doors.assertion_award(
        actor=None, badge_class=pathway_badge, recipient=UserFactory()
    ).assertion

    doc = fetch(client, credentials.credential_url(assertion))
    assert credential.validate(doc) == []
    achievement = doc["credentialSubject"]["achievement"]
    assert "endorsement" not in achievement
    (result,) = achievement["resultDescription"]
    assert result["id"] == f"{achievement['id']}#credit-{agreement.public_id}"
    assert result["requiredValue"] == "3"


def test_withdrawn_endorsement_leaves_new_credentials(client, welding, employer):
    endorsement = endorse(welding, employer)
    services.endorsement_withdraw(actor=None, endorsement=endorsement)
    assertion = doors.assertion_award(
        actor=None, badge_class=welding, recipient=UserFactory()
    ).assertion
    doc = fetch(client, credentials.credential_url(assertion))
    assert "endorsement" not in doc["credentialSubject"]["achievement"]
    assert credential.validate(doc) == []


def test_credential_query_count_does_not_grow_with_endorsements(client, welding):
    def queries_for(n_endorsers: int) -> int:
        badge = BadgeClassFactory()
        for _ in range(n_endorsers):
            org = OrganizationFactory(
                kind=Organization.Kind.EMPLOYER, url="https://e.example", email="a@e.example"
            )
            endorse(badge, org)
        a = doors.assertion_award(actor=None, badge_class=badge, recipient=UserFactory())
        url = path_of(credentials.credential_url(a.assertion))
        client.get(url)  # first use: status list index and keys
        caches["hosted"].clear()
        with CaptureQueriesContext(connection) as signing:
            assert client.get(url).status_code == 200
        return len(signing)

    assert queries_for(1) == queries_for(4) == 6  # + endorsements and their keys


def test_badge_page_links_the_three_oh_endorsement(client, welding, employer):
    endorsement = endorse(welding, employer)
    html = client.get(path_of(hosting.badge_class_url(welding)), HTTP_ACCEPT="text/html").content
    html = html.decode()
    assert f'href="/ob/v3/endorsements/{endorsement.public_id}"' in html
    assert "Open Badges 3.0 endorsement" in html
