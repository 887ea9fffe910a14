"""Learner records (CLR 2.0): the earner's signed credentials, signed by Cairn's own key."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts.models import User

from ...models import Assertion, IssuerKey
from ...openbadges.hashing import normalize_email
from ...openbadges.ob3 import credential as cred
from ...services.keys import issuer_active_key
from .assertions import credential_for
from .identifiers import PLATFORM_NAME, platform_profile
from .keys import sign


def learner_record(
    user: User, credentials: Sequence[dict[str, Any]], *, partial: bool, key: IssuerKey
) -> dict[str, Any]:
    """A ClrCredential of the earner's signed credentials, signed by Cairn's own key."""
    document = cred.build_clr_credential(
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        issuer=platform_profile(),
        name=f"Learner record: {user.name}" if user.name else "Learner record",
        description=f"Badges earned on {PLATFORM_NAME} ({settings.SITE_URL}).",
        credentials=credentials,
        valid_from=timezone.now(),
        learner=cred.Recipient(email=normalize_email(user.email), salt=secrets.token_hex(16)),
        partial=partial,
    )
    return sign(document, issuer=None, key=key)


def learner_record_for(
    user: User, assertions: Sequence[Assertion], *, partial: bool
) -> dict[str, Any]:
    """:func:`learner_record` of `assertions` (each signed as :func:`credential_for` does),
    signed by Cairn's own key."""
    signed = [credential_for(assertion)[0] for assertion in assertions]
    return learner_record(user, signed, partial=partial, key=issuer_active_key(issuer=None))
