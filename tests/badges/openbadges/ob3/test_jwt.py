"""VC-JWT: our tokens verify with an independent JOSE library (jwcrypto), and back."""

import base64
import copy
import json
from datetime import UTC, datetime, timedelta

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwcrypto import jwk as jc_jwk
from jwcrypto import jws as jc_jws
from jwcrypto import jwt as jc_jwt

from badges.openbadges.ob3 import jwt as vcjwt
from badges.openbadges.ob3.keys import private_key_to_pem, public_jwk

from . import samples

KID = samples.VERIFICATION_METHOD
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _b64json(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def _jwcrypto_key(public_key, kid=KID):
    return jc_jwk.JWK(**public_jwk(public_key, kid=kid))


@pytest.fixture(params=["EdDSA", "RS256"])
def key(request):
    if request.param == "EdDSA":
        return Ed25519PrivateKey.generate()
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def credential():
    return samples.achievement_credential(
        recipient=samples.cred.Recipient(id="did:example:learner-ana"),
        valid_until=datetime(2027, 1, 15, tzinfo=UTC),
    )


@pytest.fixture
def resolve(key):
    return lambda kid: key.public_key() if kid == KID else None


def test_jose_header_and_claims_follow_the_spec(key, credential):
    token = vcjwt.encode(credential, private_key=key, kid=KID)
    header_segment, payload_segment, _ = token.split(".")
    header = _b64json(header_segment)
    assert header == {
        "alg": "EdDSA" if isinstance(key, Ed25519PrivateKey) else "RS256",
        "kid": KID,
        "typ": "JWT",
    }
    payload = _b64json(payload_segment)
    assert payload["iss"] == samples.ISSUER_ID
    assert payload["jti"] == credential["id"]
    assert payload["sub"] == "did:example:learner-ana"
    assert payload["nbf"] == payload["iat"] == int(samples.VALID_FROM.timestamp())
    assert payload["exp"] == int(datetime(2027, 1, 15, tzinfo=UTC).timestamp())
    assert "vc" not in payload  # VCDM 2.0: the payload is the credential
    assert {k: v for k, v in payload.items() if k not in vcjwt.REGISTERED_CLAIMS} == credential


def test_independent_library_verifies_our_token(key, credential):
    token = vcjwt.encode(credential, private_key=key, kid=KID)
    verified = jc_jwt.JWT(
        jwt=token,
        key=_jwcrypto_key(key.public_key()),
        algs=["EdDSA", "RS256"],
        check_claims={"iss": samples.ISSUER_ID, "jti": credential["id"]},
    )
    claims = json.loads(verified.claims)
    assert claims["credentialSubject"] == credential["credentialSubject"]


def test_decode_round_trip(key, credential, resolve):
    token = vcjwt.encode(credential, private_key=key, kid=KID)
    decoded, reason = vcjwt.decode(token, resolve_key=resolve, now=NOW)
    assert reason is None
    assert decoded == credential


def test_decode_accepts_a_token_signed_by_the_independent_library(key, credential, resolve):
    claims = {**credential, **vcjwt.claims_for(credential)}
    private_jwk = jc_jwk.JWK.from_pem(private_key_to_pem(key))
    alg = "EdDSA" if isinstance(key, Ed25519PrivateKey) else "RS256"
    token = jc_jwt.JWT(header={"alg": alg, "kid": KID, "typ": "JWT"}, claims=claims)
    token.make_signed_token(private_jwk)

    decoded, reason = vcjwt.decode(token.serialize(), resolve_key=resolve, now=NOW)
    assert reason is None
    assert decoded == credential


def test_tampered_payload_fails_here_and_in_jwcrypto(key, credential, resolve):
    token = vcjwt.encode(credential, private_key=key, kid=KID)
    header, payload, signature = token.split(".")
    claims = _b64json(payload)
    claims["credentialSubject"]["achievement"]["name"] = "Master Welder"
    forged_payload = (
        base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode("ascii")
    )
    forged = f"{header}.{forged_payload}.{signature}"

    assert vcjwt.decode(forged, resolve_key=resolve, now=NOW) == (None, vcjwt.Reason.SIGNATURE)
    with pytest.raises(jc_jws.InvalidJWSSignature):
        jc_jwt.JWT(jwt=forged, key=_jwcrypto_key(key.public_key()), algs=["EdDSA", "RS256"])


def test_expired_credential(key, credential, resolve):
    token = vcjwt.encode(credential, private_key=key, kid=KID)
    later = datetime(2027, 1, 15, tzinfo=UTC) + timedelta(seconds=1)
    decoded, reason = vcjwt.decode(token, resolve_key=resolve, now=later)
    assert reason == vcjwt.Reason.EXPIRED
    assert decoded == credential  # the signature was fine: say what expired


def test_expired_credential_is_refused_by_jwcrypto_too(key):
    expired = samples.achievement_credential(
        valid_from=datetime(2020, 1, 1, tzinfo=UTC),
        valid_until=datetime(2021, 1, 1, tzinfo=UTC),
    )
    token = vcjwt.encode(expired, private_key=key, kid=KID)
    with pytest.raises(jc_jwt.JWTExpired):
        jc_jwt.JWT(jwt=token, key=_jwcrypto_key(key.public_key()), algs=["EdDSA", "RS256"])
    assert vcjwt.decode(token, resolve_key=lambda kid: key.public_key()).reason == (
        vcjwt.Reason.EXPIRED
    )


def test_not_yet_valid(key, credential, resolve):
    token = vcjwt.encode(credential, private_key=key, kid=KID)
    earlier = samples.VALID_FROM - timedelta(minutes=5)
    assert vcjwt.decode(token, resolve_key=resolve, now=earlier).reason == (
        vcjwt.Reason.NOT_YET_VALID
    )
    assert vcjwt.decode(token, resolve_key=resolve, now=earlier, leeway=600).reason is None


def test_unknown_kid(key, credential):
    token = vcjwt.encode(credential, private_key=key, kid=f"{samples.ISSUER_ID}#retired")
    result = vcjwt.decode(token, resolve_key=lambda kid: None, now=NOW)
    assert result == (None, vcjwt.Reason.UNKNOWN_KEY)
    assert "#retired" in result.detail


def test_token_without_kid_is_unknown_key(key, credential, resolve):
    token = pyjwt.encode(
        {**credential, **vcjwt.claims_for(credential)},
        key,
        algorithm="EdDSA" if isinstance(key, Ed25519PrivateKey) else "RS256",
    )
    assert vcjwt.decode(token, resolve_key=resolve, now=NOW).reason == vcjwt.Reason.UNKNOWN_KEY


def test_algorithm_must_match_the_resolved_key(credential):
    ed_key = Ed25519PrivateKey.generate()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = vcjwt.encode(credential, private_key=ed_key, kid=KID)
    result = vcjwt.decode(token, resolve_key=lambda kid: rsa_key.public_key(), now=NOW)
    assert result.reason == vcjwt.Reason.UNSUPPORTED_ALGORITHM


def test_unsigned_and_hmac_tokens_are_refused(key, credential, resolve):
    claims = {**credential, **vcjwt.claims_for(credential)}
    unsigned = pyjwt.encode(claims, None, algorithm="none", headers={"kid": KID})
    hmac = pyjwt.encode(
        claims, "a-shared-secret-of-32-bytes-long!", algorithm="HS256", headers={"kid": KID}
    )
    for token in (unsigned, hmac):
        assert vcjwt.decode(token, resolve_key=resolve, now=NOW).reason == (
            vcjwt.Reason.UNSUPPORTED_ALGORITHM
        )


def test_claims_must_match_the_credential(key, credential, resolve):
    alg = "EdDSA" if isinstance(key, Ed25519PrivateKey) else "RS256"
    claims = {**credential, **vcjwt.claims_for(credential), "iss": "https://other.example"}
    token = pyjwt.encode(claims, key, algorithm=alg, headers={"kid": KID})
    result = vcjwt.decode(token, resolve_key=resolve, now=NOW)
    assert result.reason == vcjwt.Reason.CLAIMS
    assert "iss" in result.detail


def test_vcdm_1_1_vc_claim_is_accepted(key, resolve):
    credential = samples.achievement_credential(
        recipient=samples.cred.Recipient(id="did:example:learner-ana")
    )
    legacy = copy.deepcopy(credential)
    legacy["issuanceDate"] = legacy.pop("validFrom")
    claims = {
        "vc": legacy,
        "iss": samples.ISSUER_ID,
        "jti": legacy["id"],
        "sub": "did:example:learner-ana",
        "nbf": int(samples.VALID_FROM.timestamp()),
    }
    alg = "EdDSA" if isinstance(key, Ed25519PrivateKey) else "RS256"
    token = pyjwt.encode(claims, key, algorithm=alg, headers={"kid": KID})
    decoded, reason = vcjwt.decode(token, resolve_key=resolve, now=NOW)
    assert reason is None
    assert decoded == legacy


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "eyJhbGciOiJFZERTQSJ9..sig"])
def test_malformed_tokens(token):
    result = vcjwt.decode(token, resolve_key=lambda kid: None, now=NOW)
    assert result.credential is None
    assert result.reason in (vcjwt.Reason.MALFORMED, vcjwt.Reason.UNKNOWN_KEY)


def test_extra_jose_headers_are_not_allowed(key, credential, resolve):
    alg = "EdDSA" if isinstance(key, Ed25519PrivateKey) else "RS256"
    claims = {**credential, **vcjwt.claims_for(credential)}
    token = pyjwt.encode(claims, key, algorithm=alg, headers={"kid": KID, "x5u": "https://x"})
    assert vcjwt.decode(token, resolve_key=resolve, now=NOW).reason == vcjwt.Reason.MALFORMED


def test_encode_needs_issuer_id_and_valid_from(key, credential):
    with pytest.raises(ValueError, match="issuer"):
        vcjwt.encode({**credential, "issuer": {}}, private_key=key, kid=KID)
    with pytest.raises(ValueError, match="validFrom"):
        vcjwt.encode(
            {k: v for k, v in credential.items() if k != "validFrom"}, private_key=key, kid=KID
        )
