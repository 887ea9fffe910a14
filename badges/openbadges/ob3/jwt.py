"""VC-JWT: the Open Badges 3.0 "JSON Web Token Proof Format" (spec §8.2).

The JOSE header is ``{"alg": "EdDSA" | "RS256", "kid": <verification method>,
"typ": "JWT"}`` and nothing else (the spec allows no other headers). The payload
is the credential itself (VC Data Model 2.0 style, no ``vc`` wrapper) plus the
registered claims the spec maps from it:

============  ====================================
``iss``       ``issuer.id`` (or ``issuer`` if a string)
``jti``       ``id``
``sub``       ``credentialSubject.id`` (when the subject has one)
``nbf``       ``validFrom`` (``iat`` too: the signing is dated by it)
``exp``       ``validUntil``, when present
============  ====================================

:func:`decode` verifies the signature with the key that ``resolve_key`` returns
for the header's ``kid``, checks those claims against the credential, and checks
``nbf``/``exp`` against the clock. Tokens in the VCDM 1.1 style (credential in a
``vc`` claim, ``issuanceDate``/``expirationDate``) are accepted too, as the spec
asks of verifiers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import jwt as pyjwt
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from ._dates import parse_datetime

PrivateKey = Ed25519PrivateKey | rsa.RSAPrivateKey
PublicKey = Ed25519PublicKey | rsa.RSAPublicKey

REGISTERED_CLAIMS = ("iss", "jti", "sub", "nbf", "iat", "exp")
ALLOWED_HEADERS = frozenset({"alg", "kid", "typ", "jwk"})


class Reason(StrEnum):
    """Why a VC-JWT was refused."""

    MALFORMED = "malformed token"  # not a compact JWS / JSON credential
    UNSUPPORTED_ALGORITHM = "unsupported algorithm"  # alg not EdDSA/RS256 or not the key's
    UNKNOWN_KEY = "unknown key"  # no kid, or resolve_key knows no such key
    SIGNATURE = "signature"  # the signature does not verify
    CLAIMS = "claims mismatch"  # iss/jti/sub/nbf/exp disagree with the credential
    NOT_YET_VALID = "not yet valid"  # nbf in the future
    EXPIRED = "expired"  # exp in the past


class Decoded(tuple):
    """``(credential, reason)``; reason is None when the token is valid.

    The credential is returned whenever the signature verified (so a caller can
    say *what* expired), and is None when it did not. ``detail`` explains the
    reason in a sentence.
    """

    credential: dict[str, Any] | None
    reason: Reason | None
    detail: str

    def __new__(
        cls, credential: dict[str, Any] | None, reason: Reason | None, detail: str = ""
    ) -> Decoded:
        self = super().__new__(cls, (credential, reason))
        self.credential = credential
        self.reason = reason
        self.detail = detail
        return self

    def __repr__(self) -> str:
        return f"Decoded(reason={self.reason!r}, detail={self.detail!r})"


def _algorithm_for(key: Any) -> str:
    if isinstance(key, Ed25519PrivateKey | Ed25519PublicKey):
        return "EdDSA"
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return "RS256"
    raise TypeError("VC-JWT keys must be Ed25519 (EdDSA) or RSA (RS256).")


def _issuer_id(credential: dict[str, Any]) -> Any:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _subject_id(credential: dict[str, Any]) -> Any:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if len(subject) == 1 else None
    return subject.get("id") if isinstance(subject, dict) else None


def _numeric_date(value: str) -> int:
    return int(parse_datetime(value).timestamp())


def claims_for(credential: dict[str, Any]) -> dict[str, Any]:
    """The registered JWT claims the spec derives from `credential`."""
    issuer = _issuer_id(credential)
    if not isinstance(issuer, str) or not issuer:
        raise ValueError("The credential needs an issuer id (the iss claim).")
    credential_id = credential.get("id")
    if not isinstance(credential_id, str) or not credential_id:
        raise ValueError("The credential needs an id (the jti claim).")
    valid_from = credential.get("validFrom")
    if not isinstance(valid_from, str):
        raise ValueError("The credential needs validFrom (the nbf claim).")
    claims: dict[str, Any] = {"iss": issuer, "jti": credential_id}
    subject = _subject_id(credential)
    if subject:
        claims["sub"] = subject
    claims["nbf"] = claims["iat"] = _numeric_date(valid_from)
    if credential.get("validUntil"):
        claims["exp"] = _numeric_date(credential["validUntil"])
    return claims


def encode(credential: dict[str, Any], *, private_key: PrivateKey, kid: str) -> str:
    """The credential as a compact JWS (VC-JWT), signed with EdDSA or RS256.

    `kid` is the verification method URL a verifier dereferences to the JWK.
    Any embedded (Data Integrity) proof must already be on the credential.
    """
    if not kid:
        raise ValueError("kid (the verification method URL) is required.")
    claims = claims_for(credential)
    clashing = sorted(set(REGISTERED_CLAIMS) & set(credential))
    if clashing:
        raise ValueError(f"The credential has members named like JWT claims: {clashing}.")
    payload = {**copy.deepcopy(credential), **claims}
    return pyjwt.encode(
        payload,
        private_key,
        algorithm=_algorithm_for(private_key),
        headers={"kid": kid, "typ": "JWT"},
    )


def decode(
    token: str,
    *,
    resolve_key: Callable[[str], PublicKey | None],
    now: datetime | None = None,
    leeway: int = 0,
) -> Decoded:
    """Verify a VC-JWT and return ``(credential, reason)``; reason None means valid.

    `resolve_key` maps the header's ``kid`` to the issuer's public key, or None.
    A ``jwk`` header alone is not trusted (anyone can embed a key): a ``kid`` is
    required. `now` (aware) defaults to the current time.
    """
    if not isinstance(token, str) or token.count(".") != 2:
        return Decoded(None, Reason.MALFORMED, "Not a compact JWS.")
    try:
        header = pyjwt.get_unverified_header(token)
    except pyjwt.DecodeError as exc:
        return Decoded(None, Reason.MALFORMED, f"Unreadable JOSE header: {exc}")
    extra = set(header) - ALLOWED_HEADERS
    if extra:
        return Decoded(None, Reason.MALFORMED, f"JOSE headers not allowed: {sorted(extra)}.")
    if header.get("typ") not in (None, "JWT"):
        return Decoded(None, Reason.MALFORMED, "typ, if present, must be 'JWT'.")
    alg = header.get("alg")
    if alg not in ("EdDSA", "RS256"):
        return Decoded(None, Reason.UNSUPPORTED_ALGORITHM, f"Unsupported alg {alg!r}.")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        return Decoded(None, Reason.UNKNOWN_KEY, "The token has no kid.")
    key = resolve_key(kid)
    if key is None:
        return Decoded(None, Reason.UNKNOWN_KEY, f"No known key for {kid}.")
    try:
        expected_alg = _algorithm_for(key)
    except TypeError:
        return Decoded(None, Reason.UNKNOWN_KEY, f"The key for {kid} is not Ed25519 or RSA.")
    if alg != expected_alg:
        return Decoded(
            None, Reason.UNSUPPORTED_ALGORITHM, f"alg {alg} does not match the {kid} key."
        )
    try:
        payload = pyjwt.decode(
            token,
            key,
            algorithms=[expected_alg],
            options={
                "verify_signature": True,
                "verify_exp": False,  # checked below against `now`
                "verify_nbf": False,
                "verify_iat": False,
                "verify_aud": False,
                "verify_iss": False,
                "verify_sub": False,
                "verify_jti": False,
                "require": [],
            },
        )
    except pyjwt.InvalidSignatureError:
        return Decoded(None, Reason.SIGNATURE, "The signature does not verify.")
    except pyjwt.InvalidAlgorithmError as exc:
        return Decoded(None, Reason.UNSUPPORTED_ALGORITHM, str(exc))
    except pyjwt.InvalidTokenError as exc:
        return Decoded(None, Reason.MALFORMED, str(exc))

    credential = _credential_from_payload(payload)
    if credential is None:
        return Decoded(None, Reason.MALFORMED, "The payload is not a credential.")
    problem = _check_claims(payload, credential)
    if problem:
        return Decoded(credential, Reason.CLAIMS, problem)
    moment = (now or datetime.now(UTC)).timestamp()
    if moment + leeway < payload["nbf"]:
        return Decoded(credential, Reason.NOT_YET_VALID, "The credential is not valid yet.")
    if "exp" in payload and moment - leeway >= payload["exp"]:
        return Decoded(credential, Reason.EXPIRED, "The credential has expired.")
    return Decoded(credential, None)


def _credential_from_payload(payload: dict[str, Any]) -> dict[str, Any] | None:
    if "vc" in payload:  # VCDM 1.1 style
        vc = payload["vc"]
        return copy.deepcopy(vc) if isinstance(vc, dict) else None
    credential = {k: v for k, v in payload.items() if k not in REGISTERED_CLAIMS}
    return credential if "@context" in credential and "type" in credential else None


def _check_claims(payload: dict[str, Any], credential: dict[str, Any]) -> str:
    if payload.get("iss") is None or payload.get("iss") != _issuer_id(credential):
        return "iss does not match issuer.id."
    if payload.get("jti") is None or payload.get("jti") != credential.get("id"):
        return "jti does not match the credential id."
    subject = _subject_id(credential)
    if subject is not None and payload.get("sub") != subject:
        return "sub does not match credentialSubject.id."
    valid_from = credential.get("validFrom", credential.get("issuanceDate"))
    valid_until = credential.get("validUntil", credential.get("expirationDate"))
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if not isinstance(nbf, int | float) or isinstance(nbf, bool):
        return "nbf is missing."
    try:
        if valid_from is None or _numeric_date(valid_from) != int(nbf):
            return "nbf does not match validFrom."
        if exp is not None and (
            not isinstance(exp, int | float)
            or isinstance(exp, bool)
            or (valid_until is not None and _numeric_date(valid_until) != int(exp))
        ):
            return "exp does not match validUntil."
        if exp is None and valid_until is not None:
            return "validUntil is set but the token has no exp."
    except ValueError as exc:
        return str(exc)
    return ""
