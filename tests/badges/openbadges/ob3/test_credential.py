"""OB 3.0 / CLR 2.0 builders, checked against the 1EdTech JSON Schemas."""

import copy
import dataclasses
import hashlib
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges.openbadges.ob3 import credential as cred
from badges.openbadges.ob3 import dataintegrity as di

from . import samples, vectors


def test_open_badge_credential_validates_against_the_1edtech_schema():
    assert cred.validate(samples.achievement_credential()) == []


def test_open_badge_credential_shape():
    credential = samples.achievement_credential(valid_until="2027-01-15T00:00:00Z")
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validFrom"] == "2026-01-15T09:30:00Z"
    assert credential["validUntil"] == "2027-01-15T00:00:00Z"
    assert credential["issuer"]["image"] == {
        "id": "https://cairn.example/media/issuers/lakeside.png",
        "type": "Image",
    }
    assert credential["credentialStatus"] == {
        "id": f"{samples.STATUS_LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": samples.STATUS_LIST_URL,
    }
    assert credential["evidence"][0]["type"] == ["Evidence"]
    assert cred.validate(credential) == []


def test_recipient_is_a_salted_hashed_email_identity_object():
    subject = samples.achievement_credential()["credentialSubject"]
    assert "id" not in subject
    digest = hashlib.sha256(b"ana.student@lakeside.examplec2FsdA").hexdigest()
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": f"sha256${digest}",
            "identityType": "emailAddress",
            "hashed": True,
            "salt": "c2FsdA",
        }
    ]


def test_credit_equivalency_is_an_alignment_and_a_result_description():
    achievement = samples.achievement_credential()["credentialSubject"]["achievement"]
    course = achievement["alignment"][-1]
    assert course["targetType"] == "ext:CreditEquivalency"
    assert course["targetCode"] == "WLD 101"
    assert course["targetFramework"] == "Lakeside Community College"
    assert "3 credits" in course["targetDescription"]
    assert "Dr. Rosa Diaz" in course["targetDescription"]
    (result,) = achievement["resultDescription"]
    assert result["resultType"] == "ext:CreditEquivalency"
    assert result["requiredValue"] == "3"
    assert result["id"] == "https://cairn.example/ob/v3/agreements/8d0e-weld-101"


def test_every_term_is_defined_by_the_contexts():
    """Safe-mode canonicalization: nothing we emit would be dropped from the signature."""
    nquads = di.canonicalize(samples.achievement_credential())
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash" in nquads
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#targetType" in nquads
    assert "https://www.w3.org/ns/credentials/status#statusListIndex" in nquads


def test_signed_credential_still_validates():
    signed = di.sign(
        samples.achievement_credential(),
        private_key=Ed25519PrivateKey.generate(),
        verification_method=samples.VERIFICATION_METHOD,
        created=samples.VALID_FROM,
    )
    assert cred.validate(signed) == []


def test_the_1edtech_vector_credential_validates():
    assert cred.validate(vectors.load("obv3p0").signed_credential) == []


@pytest.mark.parametrize(
    ("mangle", "path"),
    [
        (lambda c: c.pop("issuer"), "/"),
        (lambda c: c.update(type=["VerifiableCredential"]), "/type"),
        (lambda c: c.update(validFrom="15 January 2026"), "/validFrom"),
        (lambda c: c["@context"].reverse(), "/@context/0"),
        (lambda c: c["credentialSubject"].pop("achievement"), "/credentialSubject"),
        (
            lambda c: c["credentialSubject"]["identifier"][0].update(plaintext="ana@x.org"),
            "/credentialSubject/identifier/0",
        ),
        (
            lambda c: c["credentialSubject"]["achievement"]["criteria"].update(narrative=3),
            "/credentialSubject/achievement/criteria/narrative",
        ),
    ],
    ids=["no-issuer", "type", "validFrom", "context-order", "no-achievement", "identity", "crit"],
)
def test_invalid_credentials_return_errors(mangle, path):
    credential = samples.achievement_credential()
    mangle(credential)
    errors = cred.validate(credential)
    assert errors
    assert any(error.startswith(f"{path}:") for error in errors), errors


def test_endorsement_credential():
    endorser = cred.Profile(
        id="https://cairn.example/ob/v3/profiles/midwest-fabricators",
        name="Midwest Fabricators Association",
        url="https://midwest-fab.example",
    )
    endorsement = cred.build_endorsement_credential(
        credential_id="https://cairn.example/ob/v3/endorsements/5e1",
        endorser=endorser,
        subject_id=samples.WELDING.id,
        comment="Graduates holding this badge meet our entry-level shop safety bar.",
        valid_from=datetime(2026, 2, 1, tzinfo=UTC),
    )
    assert endorsement["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert endorsement["credentialSubject"] == {
        "id": samples.WELDING.id,
        "type": ["EndorsementSubject"],
        "endorsementComment": "Graduates holding this badge meet our entry-level shop safety bar.",
    }
    assert cred.validate(endorsement, schema="endorsement") == []
    assert cred.validate(endorsement, schema="achievement")  # not an achievement credential
    assert "vocab.html#endorsementComment" in di.canonicalize(endorsement)

    achievement = dataclasses.replace(samples.WELDING, endorsements=(endorsement,))
    with_endorsement = samples.achievement_credential(achievement=achievement)
    assert cred.validate(with_endorsement) == []
    assert with_endorsement["credentialSubject"]["achievement"]["endorsement"] == [endorsement]


def _signed_badge(key, credential_id, achievement):
    return di.sign(
        samples.achievement_credential(
            credential_id=credential_id,
            achievement=achievement,
            recipient=cred.Recipient(id="did:example:learner-ana"),
        ),
        private_key=key,
        verification_method=samples.VERIFICATION_METHOD,
        created=samples.VALID_FROM,
    )


def test_clr_credential_wraps_signed_achievement_credentials():
    key = Ed25519PrivateKey.generate()
    blueprint = cred.Achievement(
        id="https://cairn.example/ob/v3/achievements/blueprint-reading",
        name="Blueprint Reading",
        description="Reads and interprets welding symbols on shop drawings.",
        criteria_narrative="Complete the blueprint module with 85% or higher.",
    )
    completer = cred.Achievement(
        id="https://cairn.example/ob/v3/achievements/cte-welding-completer",
        name="CTE Welding Program Completer",
        description="Completed the CTE welding pathway.",
        criteria_narrative="Welding Safety plus 3 of 5 skill badges.",
    )
    badges = [
        _signed_badge(key, "https://cairn.example/ob/v3/credentials/a1", samples.WELDING),
        _signed_badge(key, "https://cairn.example/ob/v3/credentials/a2", blueprint),
    ]
    clr = cred.build_clr_credential(
        credential_id="https://cairn.example/ob/v3/clr/ana-2026",
        issuer=samples.ISSUER,
        name="Ana Student — Comprehensive Learner Record",
        credentials=badges,
        learner=cred.Recipient(
            id="did:example:learner-ana", email="ana.student@lakeside.example", salt="s1"
        ),
        valid_from=samples.VALID_FROM,
        achievements=(completer,),
        associations=(
            cred.Association("isParentOf", completer.id, samples.WELDING.id),
            cred.Association("isParentOf", completer.id, blueprint.id),
        ),
    )
    subject = clr["credentialSubject"]
    assert clr["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    ]
    assert clr["type"] == ["VerifiableCredential", "ClrCredential"]
    assert subject["type"] == ["ClrSubject"]
    assert subject["verifiableCredential"] == badges
    assert [a["id"] for a in subject["achievement"]] == [
        samples.WELDING.id,
        blueprint.id,
        completer.id,
    ]
    assert cred.validate(clr, schema="clr") == []

    signed = di.sign(
        clr,
        private_key=key,
        verification_method=samples.VERIFICATION_METHOD,
        created="2026-02-01T00:00:00Z",
    )

    def resolve(method):
        return key.public_key()

    assert di.verify(signed, resolve_key=resolve).ok
    assert all(di.verify(vc, resolve_key=resolve).ok for vc in subject["verifiableCredential"])
    assert cred.validate(signed, schema="clr") == []


def test_invalid_clr_returns_errors():
    badge = samples.achievement_credential()
    clr = cred.build_clr_credential(
        credential_id="https://cairn.example/ob/v3/clr/1",
        issuer=samples.ISSUER,
        name="Record",
        credentials=[badge],
        valid_from=samples.VALID_FROM,
    )
    broken = copy.deepcopy(clr)
    broken["credentialSubject"]["verifiableCredential"][0].pop("issuer")
    assert cred.validate(broken, schema="clr")
    empty = copy.deepcopy(clr)
    empty["credentialSubject"]["verifiableCredential"] = []
    assert cred.validate(empty, schema="clr")
    with pytest.raises(ValueError, match="associationType"):
        cred.Association("contains", "a", "b").to_json()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"recipient": cred.Recipient()}, "id or an email"),
        ({"recipient": cred.Recipient(email="a@b.org")}, "salt"),
        ({"valid_from": datetime(2026, 1, 1)}, "Naive"),
        ({"valid_until": "2025-01-01T00:00:00Z"}, "after validFrom"),
        (
            {"achievement": cred.Achievement(id="urn:x", name="X", description="No criteria")},
            "criteria",
        ),
        ({"credential_type": "EndorsementCredential"}, "credential_type"),
    ],
)
def test_builder_refuses_bad_input(overrides, message):
    with pytest.raises(ValueError, match=message):
        samples.achievement_credential(**overrides)


def test_unknown_schema_name():
    with pytest.raises(ValueError, match="Unknown schema"):
        cred.validate({}, schema="clr-1.0")
