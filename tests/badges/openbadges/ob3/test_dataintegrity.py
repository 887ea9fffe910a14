"""eddsa-rdfc-2022 Data Integrity proofs: 1EdTech's test vectors, round trips, refusals."""

import copy
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges.openbadges.ob3 import dataintegrity as di
from badges.openbadges.ob3.keys import private_key_from_raw

from . import samples, vectors

VECTOR_NAMES = ["obv3p0", "clrv2p0"]


def _vector_key(vector):
    return private_key_from_raw(bytes.fromhex(vector.private_key_hex))


def _only(key_id, public_key):
    return lambda method: public_key if method == key_id else None


# --- 1EdTech test vectors -----------------------------------------------------


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_canonical_nquads_equal_the_vector_files(name):
    vector = vectors.load(name)
    proof_options = {
        "type": "DataIntegrityProof",
        "created": vector.created,
        "verificationMethod": vector.verification_method,
        "cryptosuite": vector.cryptosuite,
        "proofPurpose": vector.proof_purpose,
    }
    document_canon = di.canonicalize(vector.credential)
    proof_canon = di.canonicalize(di.proof_configuration(vector.credential, proof_options))

    assert document_canon == vector.document_canon
    assert proof_canon == vector.proof_canon
    assert hashlib.sha256(document_canon.encode()).hexdigest() == vector.document_hash_hex
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == vector.proof_hash_hex
    assert di.hash_data(vector.credential, proof_options).hex() == vector.data_to_sign_hex


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_signer_reproduces_the_vector_proof_value_exactly(name):
    vector = vectors.load(name)
    key = _vector_key(vector)
    assert key.public_key().public_bytes_raw().hex() == vector.public_key_hex

    signed = di.sign(
        vector.credential,
        private_key=key,
        verification_method=vector.verification_method,
        created=vector.created,
    )

    proof = signed["proof"]
    assert proof["proofValue"] == vector.proof_value
    assert base58.b58decode(proof["proofValue"][1:]).hex() == vector.signature_hex
    expected_proof = vector.signed_credential["proof"]
    expected_proof = expected_proof[0] if isinstance(expected_proof, list) else expected_proof
    assert proof == expected_proof
    assert {k: v for k, v in signed.items() if k != "proof"} == vector.credential


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_vector_signed_credential_verifies_with_its_multikey(name):
    vector = vectors.load(name)
    public_key = di.public_key_from_multibase(vector.public_key_multibase)
    assert public_key.public_bytes_raw().hex() == vector.public_key_hex

    result = di.verify(
        vector.signed_credential,
        resolve_key=_only(vector.verification_method, public_key),
    )

    assert result == di.VerificationResult(True, None, "", vector.verification_method)


def test_multikey_encoding_matches_the_vector():
    vector = vectors.load("obv3p0")
    public_key = _vector_key(vector).public_key()
    assert di.public_key_multibase(public_key) == vector.public_key_multibase
    assert vector.public_key_multibase.startswith("z6Mk")
    method = di.multikey(public_key, controller="https://example.edu/issuers/565049")
    assert method == {
        "id": vector.verification_method,
        "type": "Multikey",
        "controller": "https://example.edu/issuers/565049",
        "publicKeyMultibase": vector.public_key_multibase,
    }


@pytest.mark.parametrize(
    "value",
    [
        "6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",  # no multibase prefix
        "z0OIl",  # not base58
        "z" + base58.b58encode(b"\xe7\x01" + bytes(33)).decode(),  # secp256k1-pub
        "z" + base58.b58encode(b"\xed\x01" + bytes(31)).decode(),  # too short
    ],
)
def test_public_key_from_multibase_refuses_other_values(value):
    with pytest.raises(ValueError, match="publicKeyMultibase"):
        di.public_key_from_multibase(value)


# --- Round trips and refusals ---------------------------------------------------


@pytest.fixture
def issuer_key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed(issuer_key):
    return di.sign(
        samples.achievement_credential(),
        private_key=issuer_key,
        verification_method=samples.VERIFICATION_METHOD,
        created=samples.VALID_FROM,
    )


@pytest.fixture
def resolve(issuer_key):
    return _only(samples.VERIFICATION_METHOD, issuer_key.public_key())


def test_sign_verify_round_trip(signed, resolve):
    assert signed["proof"]["created"] == "2026-01-15T09:30:00Z"
    assert di.verify(signed, resolve_key=resolve).ok


def test_sign_does_not_modify_its_input(issuer_key):
    credential = samples.achievement_credential()
    before = copy.deepcopy(credential)
    di.sign(
        credential,
        private_key=issuer_key,
        verification_method=samples.VERIFICATION_METHOD,
        created="2026-01-15T09:30:00Z",
    )
    assert credential == before


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c.update(name="Master Welder"),
        lambda c: c["credentialSubject"]["achievement"].update(name="Master Welder"),
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="sha256$" + "0" * 64),
        lambda c: c.update(validFrom="2020-01-01T00:00:00Z"),
        lambda c: c["credentialStatus"].update(statusListIndex="1"),
        lambda c: c["proof"].update(created="2026-01-16T09:30:00Z"),
        lambda c: c["issuer"].update(id="https://attacker.example/issuer"),
    ],
    ids=["name", "achievement", "recipient", "validFrom", "status", "proof-created", "issuer"],
)
def test_any_change_breaks_the_signature(signed, resolve, tamper):
    tampered = copy.deepcopy(signed)
    tamper(tampered)
    result = di.verify(tampered, resolve_key=resolve)
    assert not result.ok
    assert result.reason == di.Reason.SIGNATURE


def test_other_key_is_a_signature_failure(signed):
    other = Ed25519PrivateKey.generate().public_key()
    result = di.verify(signed, resolve_key=lambda method: other)
    assert result.reason == di.Reason.SIGNATURE


def test_unknown_key(signed):
    result = di.verify(signed, resolve_key=lambda method: None)
    assert (result.ok, result.reason) == (False, di.Reason.UNKNOWN_KEY)
    assert result.verification_method == samples.VERIFICATION_METHOD


@pytest.mark.parametrize(
    "change",
    [
        {"cryptosuite": "ecdsa-rdfc-2019"},
        {"type": "Ed25519Signature2020", "cryptosuite": None},
    ],
)
def test_unsupported_cryptosuite(signed, resolve, change):
    proof = {k: v for k, v in {**signed["proof"], **change}.items() if v is not None}
    result = di.verify({**signed, "proof": proof}, resolve_key=resolve)
    assert result.reason == di.Reason.UNSUPPORTED_CRYPTOSUITE


@pytest.mark.parametrize(
    "change",
    [
        {"proofValue": None},
        {"proofValue": "uAAAA"},
        {"proofValue": "z" + "1" * 10},
        {"verificationMethod": None},
        {"proofPurpose": "authentication"},
        {"created": "yesterday"},
    ],
)
def test_malformed_proof(signed, resolve, change):
    proof = {k: v for k, v in {**signed["proof"], **change}.items() if v is not None}
    result = di.verify({**signed, "proof": proof}, resolve_key=resolve)
    assert result.reason == di.Reason.MALFORMED_PROOF


def test_missing_proof(resolve):
    result = di.verify(samples.achievement_credential(), resolve_key=resolve)
    assert result.reason == di.Reason.MALFORMED_PROOF


def test_undefined_term_is_refused_rather_than_silently_unsigned(signed, resolve, issuer_key):
    with_extra = {**signed, "favouriteColour": "green"}
    assert di.verify(with_extra, resolve_key=resolve).reason == di.Reason.MALFORMED_DOCUMENT
    with pytest.raises(di.CanonicalizationError, match="does not define"):
        di.sign(
            {**samples.achievement_credential(), "favouriteColour": "green"},
            private_key=issuer_key,
            verification_method=samples.VERIFICATION_METHOD,
            created=samples.VALID_FROM,
        )


def test_unknown_context_is_refused_without_fetching_it(signed, resolve):
    document = {**signed, "@context": [*signed["@context"], "https://evil.example/v1"]}
    result = di.verify(document, resolve_key=resolve)
    assert result.reason == di.Reason.MALFORMED_DOCUMENT
    assert "https://evil.example/v1" in result.detail


def test_proof_set_verifies_with_either_known_key(signed, issuer_key):
    second_key = Ed25519PrivateKey.generate()
    method_2 = f"{samples.ISSUER_ID}#key-2"
    both = di.sign(
        signed, private_key=second_key, verification_method=method_2, created=samples.VALID_FROM
    )
    assert [p["verificationMethod"] for p in both["proof"]] == [
        samples.VERIFICATION_METHOD,
        method_2,
    ]
    only_second = _only(method_2, second_key.public_key())
    assert di.verify(both, resolve_key=only_second).verification_method == method_2
    only_first = _only(samples.VERIFICATION_METHOD, issuer_key.public_key())
    assert di.verify(both, resolve_key=only_first).ok


@pytest.mark.parametrize(
    "created",
    [datetime(2026, 1, 1, 12, 0), "2026-01-01T12:00:00", "not a date"],
)
def test_created_must_be_an_aware_datetime(issuer_key, created):
    with pytest.raises(ValueError, match=r"time zone|Naive|dateTime"):
        di.sign(
            samples.achievement_credential(),
            private_key=issuer_key,
            verification_method=samples.VERIFICATION_METHOD,
            created=created,
        )


def test_created_datetimes_are_written_in_utc(issuer_key):
    eastern = timezone(timedelta(hours=-5))
    signed = di.sign(
        samples.achievement_credential(),
        private_key=issuer_key,
        verification_method=samples.VERIFICATION_METHOD,
        created=datetime(2026, 1, 15, 4, 30, 5, 123, tzinfo=eastern),
    )
    assert signed["proof"]["created"] == "2026-01-15T09:30:05Z"
    assert datetime.fromisoformat(signed["proof"]["created"]).tzinfo == UTC
