"""Secrets Cairn must keep and read back (an identity provider's client secret, a SIS's
OAuth client secret), sealed at rest with settings.CREDENTIAL_KEY_SECRET, the key that
also seals the issuers' signing keys.

    token = seal("s3cret", context="idp:3f0c…")   # "v1$" + base64url(salt|nonce|ct)
    unseal(token, context="idp:3f0c…")             # "s3cret"

AES-256-GCM with a key derived per value by HKDF-SHA256 (random salt); `context`
(say, the row's public id) is authenticated but not stored, so a sealed value copied
into another row does not open there. A wrong key or context raises `SealedValueError`.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

VERSION = "v1"
_INFO = b"cairn sealed secret v1"
_SALT_BYTES = 16
_NONCE_BYTES = 12


class SealedValueError(Exception):
    """A sealed value cannot be opened: CREDENTIAL_KEY_SECRET changed, or the value was
    moved to another row or altered."""


def _aead(salt: bytes) -> AESGCM:
    secret = settings.CREDENTIAL_KEY_SECRET.encode("utf-8")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO)
    return AESGCM(hkdf.derive(secret))


def _aad(context: str) -> bytes:
    return VERSION.encode("ascii") + b"\x00" + context.encode("utf-8")


def seal(plaintext: str, *, context: str) -> str:
    """The sealed form of `plaintext`; an empty value stays empty."""
    if not plaintext:
        return ""
    salt, nonce = os.urandom(_SALT_BYTES), os.urandom(_NONCE_BYTES)
    sealed = _aead(salt).encrypt(nonce, plaintext.encode("utf-8"), _aad(context))
    return f"{VERSION}${base64.urlsafe_b64encode(salt + nonce + sealed).decode('ascii')}"


def unseal(token: str, *, context: str) -> str:
    """The plaintext sealed in `token` (empty for an empty token)."""
    if not token:
        return ""
    version, _, body = token.partition("$")
    if version != VERSION or not body:
        raise SealedValueError("Not a sealed value of this version.")
    try:
        raw = base64.urlsafe_b64decode(body.encode("ascii"))
        salt, nonce, sealed = (
            raw[:_SALT_BYTES],
            raw[_SALT_BYTES : _SALT_BYTES + _NONCE_BYTES],
            raw[_SALT_BYTES + _NONCE_BYTES :],
        )
        return _aead(salt).decrypt(nonce, sealed, _aad(context)).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise SealedValueError(
            "The sealed value cannot be opened: was CREDENTIAL_KEY_SECRET changed?"
        ) from exc
