"""Issuer signing keys: Ed25519 generation, serialization, JWK, encryption at rest.

Private keys are stored only encrypted: :func:`encrypt_private_key` derives an
AES-256-GCM key with HKDF-SHA256 from a server secret and a random salt, and
returns ``"v1$" + base64url(salt | nonce | ciphertext)``. The ``v1`` prefix
names the scheme so that stored keys can be re-encrypted under a new secret or
scheme later (:func:`reencrypt_private_key`, :func:`encryption_version`).
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PrivateKey = Ed25519PrivateKey | rsa.RSAPrivateKey
PublicKey = Ed25519PublicKey | rsa.RSAPublicKey

ENCRYPTION_VERSION = "v1"
_SALT_BYTES = 16
_NONCE_BYTES = 12
_MIN_SECRET_BYTES = 16
_HKDF_INFO = b"cairn.badges.ob3 private key encryption v1"


class KeyDecryptionError(ValueError):
    """The stored key could not be decrypted (wrong secret, tampered or unknown format)."""


# ---------------------------------------------------------------------------
# Generation and serialization


def generate_private_key() -> Ed25519PrivateKey:
    """A new Ed25519 signing key."""
    return Ed25519PrivateKey.generate()


def private_key_to_pem(key: PrivateKey) -> bytes:
    """Unencrypted PKCS#8 PEM (for tests and export only; store keys encrypted)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def private_key_from_pem(data: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    return _check_private(key)


def public_key_to_pem(key: PublicKey) -> bytes:
    """SubjectPublicKeyInfo PEM."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_key_from_pem(data: bytes) -> PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey | rsa.RSAPublicKey):
        raise ValueError("Only Ed25519 and RSA public keys are supported.")
    return key


def private_key_to_raw(key: Ed25519PrivateKey) -> bytes:
    """The 32-byte Ed25519 seed."""
    return key.private_bytes_raw()


def private_key_from_raw(data: bytes) -> Ed25519PrivateKey:
    """From the 32-byte seed, or a 64-byte seed+public key (as in test vectors)."""
    if len(data) == 64:
        key = Ed25519PrivateKey.from_private_bytes(data[:32])
        if key.public_key().public_bytes_raw() != data[32:]:
            raise ValueError("The 64-byte key's public half does not match its seed.")
        return key
    if len(data) != 32:
        raise ValueError("An Ed25519 private key is 32 bytes.")
    return Ed25519PrivateKey.from_private_bytes(data)


def public_key_to_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes_raw()


def public_key_from_raw(data: bytes) -> Ed25519PublicKey:
    if len(data) != 32:
        raise ValueError("An Ed25519 public key is 32 bytes.")
    return Ed25519PublicKey.from_public_bytes(data)


def _check_private(key: Any) -> PrivateKey:
    if not isinstance(key, Ed25519PrivateKey | rsa.RSAPrivateKey):
        raise ValueError("Only Ed25519 and RSA private keys are supported.")
    return key


# ---------------------------------------------------------------------------
# JWK


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError("Expected a base64url string.")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("Not valid base64url.") from exc


def _int_b64url(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))


def public_jwk(key: PublicKey, *, kid: str | None = None) -> dict[str, str]:
    """The public JWK: ``{"kty": "OKP", "crv": "Ed25519", "x": …, "kid": …}`` (or RSA).

    Never contains private members (``d`` and the like).
    """
    if isinstance(key, Ed25519PrivateKey | rsa.RSAPrivateKey):
        raise TypeError("public_jwk takes a public key; call .public_key() first.")
    if isinstance(key, Ed25519PublicKey):
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64url(key.public_bytes_raw())}
    elif isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        jwk = {"kty": "RSA", "n": _int_b64url(numbers.n), "e": _int_b64url(numbers.e)}
    else:
        raise TypeError("Only Ed25519 and RSA public keys are supported.")
    if kid is not None:
        jwk["kid"] = kid
    return jwk


def public_key_from_jwk(jwk: dict[str, Any]) -> PublicKey:
    """The public key in a JWK (OKP/Ed25519 or RSA); ValueError for anything else.

    Refuses JWKs carrying private members.
    """
    if not isinstance(jwk, dict):
        raise ValueError("A JWK is a JSON object.")
    if "d" in jwk:
        raise ValueError("Refusing a JWK that contains a private key.")
    kty = jwk.get("kty")
    if kty == "OKP" and jwk.get("crv") == "Ed25519":
        return public_key_from_raw(_b64url_decode(jwk.get("x", "")))
    if kty == "RSA":
        n = int.from_bytes(_b64url_decode(jwk.get("n", "")), "big")
        e = int.from_bytes(_b64url_decode(jwk.get("e", "")), "big")
        try:
            return rsa.RSAPublicNumbers(e, n).public_key()
        except ValueError as exc:
            raise ValueError("Invalid RSA JWK.") from exc
    raise ValueError("Only OKP/Ed25519 and RSA JWKs are supported.")


def jwks(keys: dict[str, PublicKey]) -> dict[str, list[dict[str, str]]]:
    """A JWK Set from ``{kid: public key}``."""
    return {"keys": [public_jwk(key, kid=kid) for kid, key in keys.items()]}


# ---------------------------------------------------------------------------
# Encryption at rest


def _derive(secret: bytes, salt: bytes) -> AESGCM:
    if not isinstance(secret, bytes | bytearray) or len(secret) < _MIN_SECRET_BYTES:
        raise ValueError(f"The secret must be at least {_MIN_SECRET_BYTES} bytes.")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO)
    return AESGCM(hkdf.derive(bytes(secret)))


def _aad(associated_data: bytes) -> bytes:
    return ENCRYPTION_VERSION.encode("ascii") + b"\x00" + associated_data


def encrypt_private_key(key: PrivateKey, *, secret: bytes, associated_data: bytes = b"") -> str:
    """Encrypt a private key for storage: ``"v1$" + base64url(salt|nonce|ciphertext)``.

    `associated_data` (e.g. the key's id) is authenticated but not stored: the
    same value must be given to decrypt, which binds the ciphertext to its row.
    """
    _check_private(key)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    salt = os.urandom(_SALT_BYTES)
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = _derive(secret, salt).encrypt(nonce, der, _aad(associated_data))
    return f"{ENCRYPTION_VERSION}${_b64url(salt + nonce + ciphertext)}"


def encryption_version(token: str) -> str:
    """The scheme prefix of a stored key (``"v1"``), to find keys to re-encrypt."""
    version, sep, _ = token.partition("$")
    if not sep:
        raise KeyDecryptionError("Not an encrypted key.")
    return version


def decrypt_private_key(token: str, *, secret: bytes, associated_data: bytes = b"") -> PrivateKey:
    """The private key in a string from :func:`encrypt_private_key`.

    Raises KeyDecryptionError for a wrong secret, altered data or unknown scheme.
    """
    if not isinstance(token, str):
        raise KeyDecryptionError("Not an encrypted key.")
    version = encryption_version(token)
    if version != ENCRYPTION_VERSION:
        raise KeyDecryptionError(f"Unknown key encryption scheme {version!r}.")
    try:
        blob = _b64url_decode(token.partition("$")[2])
    except ValueError as exc:
        raise KeyDecryptionError("The encrypted key is not valid base64url.") from exc
    if len(blob) <= _SALT_BYTES + _NONCE_BYTES + 16:
        raise KeyDecryptionError("The encrypted key is truncated.")
    salt, nonce = blob[:_SALT_BYTES], blob[_SALT_BYTES : _SALT_BYTES + _NONCE_BYTES]
    ciphertext = blob[_SALT_BYTES + _NONCE_BYTES :]
    try:
        der = _derive(secret, salt).decrypt(nonce, ciphertext, _aad(associated_data))
    except InvalidTag as exc:
        raise KeyDecryptionError("Wrong secret or altered key data.") from exc
    return _check_private(serialization.load_der_private_key(der, password=None))


def reencrypt_private_key(
    token: str, *, old_secret: bytes, new_secret: bytes, associated_data: bytes = b""
) -> str:
    """Decrypt with the old secret and encrypt with the new one (current scheme)."""
    key = decrypt_private_key(token, secret=old_secret, associated_data=associated_data)
    return encrypt_private_key(key, secret=new_secret, associated_data=associated_data)
