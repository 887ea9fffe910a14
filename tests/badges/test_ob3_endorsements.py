"""Endorsements as Open Badges 3.0 EndorsementCredentials, and endorsements and credit
agreements inside the Achievement of every OpenBadgeCredential.

Proofs are checked the way an outside verifier would: against the DID document this
site serves for the endorser (fetched with the test client, never the network).
"""

import copy
import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization
from badges import hosting, services
from badges.hosting import credentials
from badges.models import IssuerKey
from badges.openbadges.ob3 import credential, dataintegrity
from pathways import services as doors
from pathways import services as sp
from pathways.models import Pathway, PathwayRequirement
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.badges.factories import BadgeClassFactory, IssuerFactory
from tests.badges.test_ob3_app import path_of, resolver_from_did_documents, verify_api

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
ENDORSED_ON = datetime.date(2026, 1, 15)
COMMENT = "We hire welders who hold this badge."


@pytest.fixture
def welding():
    return BadgeClassFactory(name="Welding Safety")


@pytest.fixture
def employer():
    return OrganizationFactory(
        name="Treasure Valley Fabrication",
        kind=Organization.Kind.EMPLOYER,
        url="https://tvfab.example.com",
        email="hr@tvfab.example.com",
    )


@pytest.fixture
def college():
    return OrganizationFactory(
        name="College of Western Idaho",
        kind=Organization.Kind.COLLEGE,
        url="https://cwi.example.edu",
    )


def endorse(badge_class, endorser, comment=COMMENT):
    return services.endorsement_create(
        actor=None,
        badge_class=badge_class,
        endorser=endorser,
        comment=comment,
        endorsed_on=ENDORSED_ON,
    )


def agree(*, college, **target):
    return services.credit_agreement_record(
        actor=None,
        institution=college,
        course_code="WELD 101",
        course_title="Introduction to Welding",
        credits="3",
        effective_from=ENDORSED_ON,
        signed_by_name="Dr. Ana Ruiz",
        signed_by_title="Dean of Workforce Programs",
        **target,
    )


def fetch(client, url, status=200) -> dict:
    response = client.get(path_of(url))
    assert response.status_code == status, response.content[:300]
    return response.json()


def verifies(client, doc) -> bool:
    result = dataintegrity.verify(doc, resolve_key=resolver_from_did_documents(client))
    return result.ok


# The EndorsementCredential ---------------------------------------------------------------


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


# Inside the OpenBadgeCredential ----------------------------------------------------------


def test_credential_of_an_endorsed_badge_with_credit_carries_both(
    client, welding, employer, college
):
    endorsement = endorse(welding, employer)
    agreement = agree(college=college, badge_class=welding)
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
    agreement = agree(college=college, badge_class=pathway.badge_class)
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
