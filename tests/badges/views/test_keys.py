"""Published keys and status lists: DID documents and JWK Sets list every key, status
list indexes are stable, the signed status list marks revoked credentials."""

import pytest

from badges import services
from badges.hosting import credentials
from badges.models import StatusListEntry
from badges.openbadges.ob3 import dataintegrity, didweb, statuslist
from pathways import services as doors
from tests.badges.factories import IssuerFactory
from tests.badges.support import (
    award,
    fetch_credential,
    path_of,
    resolver_from_did_documents,
)

pytestmark = pytest.mark.django_db


def test_did_document_and_jwks_publish_every_key(client):
    issuer = IssuerFactory()
    first = services.issuer_active_key(issuer=issuer)
    second = services.issuer_key_rotate(actor=None, issuer=issuer)
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


def test_status_list_indexes_are_stable_and_sequential_per_issuer(client, earner):
    issuer = IssuerFactory()
    first = award(earner, issuer=issuer)
    second = award(earner, issuer=issuer)
    other = award(earner)
    assert fetch_credential(client, second)["credentialStatus"]["statusListIndex"] == "0"
    assert fetch_credential(client, first)["credentialStatus"]["statusListIndex"] == "1"
    assert fetch_credential(client, other)["credentialStatus"]["statusListIndex"] == "0"
    services.issuer_key_rotate(actor=None, issuer=issuer)
    assert fetch_credential(client, second)["credentialStatus"]["statusListIndex"] == "0"
    assert services.status_list_entry_for(assertion=first).index == 1
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
