"""Writes for badges, by entity. Awarding and revoking go through `pathways.services`."""

from ..errors import AlreadyRevoked, BadgeClassNotActive, BadgeError, SigningKeyError
from .agreements import credit_agreement_record, credit_agreement_withdraw
from .assertions import Award, assertion_set_public
from .badge_classes import (
    badge_class_activate,
    badge_class_archive,
    badge_class_create,
    badge_class_set_curriculum,
    badge_class_set_image,
)
from .endorsements import endorsement_create, endorsement_withdraw, endorser_issuer
from .keys import issuer_active_key, issuer_active_keys, issuer_key_rotate, signing_key
from .status_lists import status_list_entry_for

__all__ = [
    "AlreadyRevoked",
    "Award",
    "BadgeClassNotActive",
    "BadgeError",
    "SigningKeyError",
    "assertion_set_public",
    "badge_class_activate",
    "badge_class_archive",
    "badge_class_create",
    "badge_class_set_curriculum",
    "badge_class_set_image",
    "credit_agreement_record",
    "credit_agreement_withdraw",
    "endorsement_create",
    "endorsement_withdraw",
    "endorser_issuer",
    "issuer_active_key",
    "issuer_active_keys",
    "issuer_key_rotate",
    "signing_key",
    "status_list_entry_for",
]
