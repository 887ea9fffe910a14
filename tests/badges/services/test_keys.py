"""Issuers' Open Badges 3.0 signing keys: made once on first use, encrypted at rest,
rotated by the issuer's admins, refused when the secret changed."""

import base64

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from accounts.models import Membership
from badges import services
from badges.models import IssuerKey
from badges.openbadges.ob3 import dataintegrity, keys
from core.models import AuditEntry
from tests.accounts.factories import MembershipFactory
from tests.badges.factories import IssuerFactory

pytestmark = pytest.mark.django_db


def test_active_key_is_created_once_and_encrypted_at_rest():
    issuer = IssuerFactory()
    key = services.issuer_active_key(issuer=issuer)
    assert services.issuer_active_key(issuer=issuer) == key
    assert IssuerKey.objects.filter(issuer=issuer).count() == 1
    assert key.algorithm == "Ed25519"
    assert key.kid.startswith("key-")
    assert AuditEntry.objects.filter(action="issuerkey.create").count() == 1

    private = services.signing_key(key)
    seed = private.private_bytes_raw()
    public_raw = private.public_key().public_bytes_raw()
    assert dataintegrity.public_key_multibase(private.public_key()) == key.public_key_multibase
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key_encrypted FROM badges_issuerkey WHERE id = %s", [key.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("v1$")
    der = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    pem = keys.private_key_to_pem(private).decode()
    encodings = {
        seed.hex(),
        seed.hex().upper(),
        base64.b64encode(seed).decode(),
        base64.b64encode(seed).decode().rstrip("="),
        base64.urlsafe_b64encode(seed).decode().rstrip("="),
        base58.b58encode(seed).decode(),
        base58.b58encode(seed + public_raw).decode(),
        base64.b64encode(der).decode(),
        base64.urlsafe_b64encode(der).decode().rstrip("="),
        der.hex(),
        pem.splitlines()[1],
    }
    for encoded in encodings:
        assert encoded not in stored
    # Not in the raw bytes of the column either (in case of a binary-ish encoding).
    assert seed not in stored.encode()


def test_a_changed_secret_refuses_to_sign(settings):
    key = services.issuer_active_key(issuer=IssuerFactory())
    settings.CREDENTIAL_KEY_SECRET = "another-secret-that-is-long-enough-1234567890"
    with pytest.raises(services.SigningKeyError):
        services.signing_key(key)


def test_one_active_key_per_issuer_is_a_database_rule():
    issuer = IssuerFactory()
    key = services.issuer_active_key(issuer=issuer)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuerKey.objects.create(
            issuer=issuer, kid="key-dup", public_key_multibase="z", private_key_encrypted="v1$x"
        )
    # Cairn's own key (no issuer) is one too.
    platform = services.issuer_active_key(issuer=None)
    assert platform.issuer is None
    assert platform != key
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuerKey.objects.create(
            issuer=None, kid="key-dup2", public_key_multibase="z", private_key_encrypted="v1$x"
        )


def test_rotation_is_for_the_issuers_admins():
    issuer = IssuerFactory()
    old = services.issuer_active_key(issuer=issuer)
    admin = MembershipFactory(organization=issuer.organization, role=Membership.Role.ADMIN).user
    teacher = MembershipFactory(organization=issuer.organization).user
    with pytest.raises(PermissionDenied):
        services.issuer_key_rotate(actor=teacher, issuer=issuer)
    with pytest.raises(PermissionDenied):
        services.issuer_key_rotate(actor=admin, issuer=None)  # Cairn's key: superusers
    new = services.issuer_key_rotate(actor=admin, issuer=issuer)
    old.refresh_from_db()
    assert old.retired_at is not None  # retired, not deleted
    assert new.retired_at is None
    assert new.kid != old.kid
    assert services.issuer_active_key(issuer=issuer) == new
    entry = AuditEntry.objects.get(action="issuerkey.rotate")
    assert entry.actor == admin
    assert entry.data == {"kid": new.kid, "retired": [old.kid]}
