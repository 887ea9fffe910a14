"""Recipient identity hashing (Open Badges 2.0 IdentityObject, sha256 with salt)."""

import hashlib
import hmac


def normalize_email(email: str) -> str:
    return email.strip().lower()


def hash_identity(email: str, salt: str) -> str:
    """'sha256$' + hex digest of the normalized address followed by the salt."""
    digest = hashlib.sha256((normalize_email(email) + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def identity_matches(email: str, salt: str, hashed: str) -> bool:
    """Whether `email` is the identity behind `hashed` (constant-time comparison)."""
    if not email or not hashed:
        return False
    algorithm, _, _digest = hashed.partition("$")
    if algorithm.lower() != "sha256":
        return False
    return hmac.compare_digest(hash_identity(email, salt), f"sha256${_digest.lower()}")
