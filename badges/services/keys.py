"""Issuers' Open Badges 3.0 signing keys: made on first use, rotated, decrypted to sign.

Private keys are generated here, encrypted with settings.CREDENTIAL_KEY_SECRET
(bound to their key id) and only ever decrypted in memory to sign
(:func:`signing_key`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..errors import SigningKeyError
from ..models import Issuer, IssuerKey
from ..openbadges.ob3 import dataintegrity, keys

__all__ = [
    "SigningKeyError",
    "issuer_active_key",
    "issuer_active_keys",
    "issuer_key_rotate",
    "signing_key",
]


def _secret() -> bytes:
    return settings.CREDENTIAL_KEY_SECRET.encode("utf-8")


def _associated_data(kid: str) -> bytes:
    # Binds each ciphertext to its row: a stored key copied onto another row won't decrypt.
    return f"cairn.badges.IssuerKey:{kid}".encode()


def _active(issuer: Issuer | None) -> IssuerKey | None:
    return IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()


def _new_key(issuer: Issuer | None) -> IssuerKey:
    """Insert a new active key (the caller is in a transaction and retired the old one)."""
    private = keys.generate_private_key()
    kid = f"key-{secrets.token_hex(8)}"
    return IssuerKey.objects.create(
        issuer=issuer,
        kid=kid,
        algorithm=IssuerKey.Algorithm.ED25519,
        public_key_multibase=dataintegrity.public_key_multibase(private.public_key()),
        private_key_encrypted=keys.encrypt_private_key(
            private, secret=_secret(), associated_data=_associated_data(kid)
        ),
    )


def issuer_active_key(*, issuer: Issuer | None) -> IssuerKey:
    """The issuer's active signing key (None: Cairn's own), created on first use.

    Two first uses at once create one key: the partial unique constraint decides
    and the loser returns the winner's key.
    """
    key = _active(issuer)
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _new_key(issuer)
            audit_record(
                actor=None,
                actor_label="first use",
                action=AuditAction.ISSUERKEY_CREATE,
                target=issuer if issuer is not None else key,
                data={"kid": key.kid},
            )
    except IntegrityError:
        key = _active(issuer)
        if key is None:
            raise
    return key


def issuer_active_keys(*, issuers: Sequence[Issuer]) -> dict[int, IssuerKey]:
    """The active signing keys of several issuers by issuer pk: one query once they exist,
    each created on first use as :func:`issuer_active_key` does."""
    found = {
        key.issuer_id: key
        for key in IssuerKey.objects.filter(
            issuer__in=[i.pk for i in issuers], retired_at__isnull=True
        )
    }
    for issuer in issuers:
        if issuer.pk not in found:
            found[issuer.pk] = issuer_active_key(issuer=issuer)
    return found


def issuer_key_rotate(
    *, actor: User | None, issuer: Issuer | None, actor_label: str = ""
) -> IssuerKey:
    """Retire the issuer's active key (None: Cairn's own) and make a new one active.

    The retired key is kept and stays published, so credentials it signed keep
    verifying; new credentials are signed with the new key.
    """
    if actor is not None and not permissions.can_rotate_signing_key(actor, issuer):
        raise Forbidden("You may not rotate this issuer's signing key.")
    with transaction.atomic():
        if issuer is not None:
            Issuer.objects.select_for_update().only("pk").get(pk=issuer.pk)
        now = timezone.now()
        retired = list(
            IssuerKey.objects.select_for_update().filter(issuer=issuer, retired_at__isnull=True)
        )
        for old in retired:
            old.retired_at = now
            old.save(update_fields=["retired_at"])
        key = _new_key(issuer)
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.ISSUERKEY_ROTATE,
            target=issuer if issuer is not None else key,
            data={"kid": key.kid, "retired": [old.kid for old in retired]},
        )
        if issuer is not None:
            from .revocation_documents import revocation_documents_resign  # a cycle: hosting

            revocation_documents_resign(issuer=issuer)
    return key


def signing_key(key: IssuerKey) -> Ed25519PrivateKey:
    """The decrypted private key, in memory only."""
    try:
        private = keys.decrypt_private_key(
            key.private_key_encrypted,
            secret=_secret(),
            associated_data=_associated_data(key.kid),
        )
    except keys.KeyDecryptionError as exc:
        raise SigningKeyError(
            f"Signing key {key.kid} cannot be decrypted: was CREDENTIAL_KEY_SECRET changed?"
        ) from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyError(f"Signing key {key.kid} is not an Ed25519 key.")
    return private
