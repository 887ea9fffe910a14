"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C vc-di-eddsa).

Signing (vc-di-eddsa §3.3, "eddsa-rdfc-2022"):

1. proof options = {type: DataIntegrityProof, cryptosuite, created,
   verificationMethod, proofPurpose} with the document's ``@context``;
2. canonicalize the document without ``proof`` and the proof options with
   RDFC-1.0 (URDNA2015) to N-Quads, contexts loaded from local files only;
3. hash each with SHA-256; the data to sign is proofConfigHash + documentHash;
4. sign it with Ed25519; ``proofValue`` is multibase base58btc (``z`` + base58).

Canonicalization runs in "safe mode" like the reference implementation: a
property that the contexts do not define would be silently dropped by JSON-LD
(and so not signed), so it is an error instead.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pyld.jsonld import JsonLdError, JsonLdProcessor

from ._dates import format_datetime
from .documentloader import UnknownDocumentError, jsonld_options

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ED25519_PUB_MULTICODEC = b"\xed\x01"  # varint of multicodec 0xed (ed25519-pub)


class CanonicalizationError(ValueError):
    """The document cannot be canonicalized (unknown context, undefined term, ...)."""


class Reason(StrEnum):
    """Why a proof did not verify."""

    SIGNATURE = "signature"  # the signature does not match the document
    UNKNOWN_KEY = "unknown key"  # resolve_key returned no key
    MALFORMED_PROOF = "malformed proof"  # missing / invalid proof members
    UNSUPPORTED_CRYPTOSUITE = "unsupported cryptosuite"  # not DataIntegrityProof/eddsa-rdfc-2022
    MALFORMED_DOCUMENT = "malformed document"  # cannot be canonicalized


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    reason: Reason | None = None  # None when ok
    detail: str = ""
    verification_method: str | None = None


# ---------------------------------------------------------------------------
# Multikey (ed25519-pub, base58btc)


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """``z6Mk…``: multibase base58btc of the multicodec ed25519-pub key bytes."""
    raw = public_key.public_bytes_raw()
    return "z" + base58.b58encode(ED25519_PUB_MULTICODEC + raw).decode("ascii")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """The Ed25519 public key in a ``publicKeyMultibase`` value; ValueError if not one."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("publicKeyMultibase must be base58btc multibase ('z' prefix).")
    try:
        data = base58.b58decode(value[1:])
    except ValueError as exc:
        raise ValueError("publicKeyMultibase is not valid base58.") from exc
    if len(data) != 34 or not data.startswith(ED25519_PUB_MULTICODEC):
        raise ValueError("publicKeyMultibase is not an Ed25519 public key (0xed01).")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def multikey(public_key: Ed25519PublicKey, *, controller: str) -> dict[str, Any]:
    """A Multikey verification method (``<controller>#z6Mk…``) for a DID/CID document."""
    encoded = public_key_multibase(public_key)
    return {
        "id": f"{controller}#{encoded}",
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": encoded,
    }


# ---------------------------------------------------------------------------
# Canonicalization and hashing


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, offline."""
    dropped: list[str | None] = []
    processor = JsonLdProcessor(on_property_dropped=dropped.append)
    try:
        nquads = processor.normalize(
            document,
            jsonld_options(algorithm="URDNA2015", format="application/n-quads"),
        )
    except JsonLdError as exc:
        raise CanonicalizationError(_jsonld_message(exc)) from exc
    if dropped:
        raise CanonicalizationError(
            "The document has properties its @context does not define (they would not be signed)."
        )
    return nquads


def _jsonld_message(exc: JsonLdError) -> str:
    innermost: BaseException = exc
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, UnknownDocumentError):
            return f"Unknown JSON-LD context {cause.url!r} (only local contexts are loaded)."
        innermost = cause
        cause = cause.__cause__
    message = innermost.args[0] if innermost.args else type(innermost).__name__
    return f"JSON-LD processing failed: {message}"


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _without_proof(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "proof"}


def proof_configuration(document: dict[str, Any], proof_options: dict[str, Any]) -> dict[str, Any]:
    """The proof options to canonicalize: without proofValue, with the @context."""
    config = {k: v for k, v in proof_options.items() if k != "proofValue"}
    if "@context" not in config and "@context" in document:
        config["@context"] = copy.deepcopy(document["@context"])
    return config


def hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    """proofConfigHash + documentHash (64 bytes), the data that is signed."""
    config = proof_configuration(document, proof_options)
    unsecured = _without_proof(document)
    if "@context" in proof_options:
        unsecured["@context"] = proof_options["@context"]
    return _sha256(canonicalize(config)) + _sha256(canonicalize(unsecured))


# ---------------------------------------------------------------------------
# Sign and verify


def sign(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str | datetime,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A copy of `document` with an ``eddsa-rdfc-2022`` DataIntegrityProof added.

    If the document already has proofs, the new one joins them as a proof set
    (each proof signs the document without any proofs).
    Raises CanonicalizationError if the document cannot be canonicalized.
    """
    if not isinstance(private_key, Ed25519PrivateKey):
        raise TypeError("eddsa-rdfc-2022 needs an Ed25519 private key.")
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "created": format_datetime(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(hash_data(document, proof))
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")

    signed = copy.deepcopy(document)
    existing = signed.get("proof")
    if existing is None:
        signed["proof"] = proof
    elif isinstance(existing, list):
        signed["proof"] = [*existing, proof]
    else:
        signed["proof"] = [existing, proof]
    return signed


def verify(
    document: dict[str, Any],
    *,
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    expected_proof_purpose: str = "assertionMethod",
) -> VerificationResult:
    """Verify the document's ``eddsa-rdfc-2022`` proof(s).

    `resolve_key` maps a verificationMethod URL to the Ed25519 public key the
    issuer published for it, or None if it is not a key of this issuer (the
    caller decides which keys an issuer controls, including rotated-out keys
    that still verify older credentials).

    With a proof set, the result is the first proof that verifies; otherwise
    the failure of the first supported proof; "unsupported cryptosuite" when no
    proof uses eddsa-rdfc-2022.
    """
    if not isinstance(document, dict):
        return VerificationResult(False, Reason.MALFORMED_DOCUMENT, "Not a JSON object.")
    proofs = document.get("proof")
    if proofs is None:
        return VerificationResult(False, Reason.MALFORMED_PROOF, "The document has no proof.")
    if not isinstance(proofs, list):
        proofs = [proofs]
    if not proofs or not all(isinstance(p, dict) for p in proofs):
        return VerificationResult(False, Reason.MALFORMED_PROOF, "proof must be an object.")

    supported = [
        p for p in proofs if p.get("type") == PROOF_TYPE and p.get("cryptosuite") == CRYPTOSUITE
    ]
    if not supported:
        found = ", ".join(sorted({str(p.get("cryptosuite") or p.get("type")) for p in proofs}))
        return VerificationResult(
            False, Reason.UNSUPPORTED_CRYPTOSUITE, f"Unsupported proof: {found}."
        )
    results = []
    for proof in supported:
        result = _verify_one(document, proof, resolve_key, expected_proof_purpose)
        if result.ok:
            return result
        results.append(result)
    return results[0]


def _verify_one(
    document: dict[str, Any],
    proof: dict[str, Any],
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    expected_proof_purpose: str,
) -> VerificationResult:
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        return VerificationResult(False, Reason.MALFORMED_PROOF, "verificationMethod is missing.")

    def fail(reason: Reason, detail: str) -> VerificationResult:
        return VerificationResult(False, reason, detail, method)

    if proof.get("proofPurpose") != expected_proof_purpose:
        return fail(Reason.MALFORMED_PROOF, f"proofPurpose must be {expected_proof_purpose!r}.")
    created = proof.get("created")
    if created is not None:
        try:
            format_datetime(created)
        except ValueError as exc:
            return fail(Reason.MALFORMED_PROOF, str(exc))
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return fail(Reason.MALFORMED_PROOF, "proofValue must be base58btc multibase.")
    try:
        signature = base58.b58decode(value[1:])
    except ValueError:
        return fail(Reason.MALFORMED_PROOF, "proofValue is not valid base58.")
    if len(signature) != 64:
        return fail(Reason.MALFORMED_PROOF, "proofValue is not an Ed25519 signature.")
    if "@context" in proof and not _context_starts_with(
        document.get("@context"), proof["@context"]
    ):
        return fail(Reason.MALFORMED_PROOF, "The proof's @context does not match the document.")

    public_key = resolve_key(method)
    if public_key is None:
        return fail(Reason.UNKNOWN_KEY, f"No known key for {method}.")
    if not isinstance(public_key, Ed25519PublicKey):
        return fail(Reason.UNKNOWN_KEY, f"The key for {method} is not an Ed25519 key.")

    try:
        data = hash_data(document, proof)
    except CanonicalizationError as exc:
        return fail(Reason.MALFORMED_DOCUMENT, str(exc))
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return fail(Reason.SIGNATURE, "The signature does not match the document.")
    return VerificationResult(True, None, "", method)


def _context_starts_with(document_context: Any, proof_context: Any) -> bool:
    doc = document_context if isinstance(document_context, list) else [document_context]
    prf = proof_context if isinstance(proof_context, list) else [proof_context]
    return doc[: len(prf)] == prf
