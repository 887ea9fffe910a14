"""Writes for badges, by entity. Awarding and revoking go through `pathways.services`."""

from ..errors import AlreadyRevoked, BadgeClassNotActive, BadgeError, SigningKeyError
from .agreements import credit_agreement_record, credit_agreement_withdraw
from .assertions import Award, assertion_set_public
from .badge_classes import (
    badge_class_activate,
    badge_class_archive,
    badge_class_create,
    badge_class_set_alignments,
    badge_class_set_curriculum,
    badge_class_set_image,
    badge_class_update,
)
from .endorsements import endorsement_create, endorsement_withdraw, endorser_issuer
from .issuers import issuer_create, issuer_update
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
    "badge_class_set_alignments",
    "badge_class_set_curriculum",
    "badge_class_set_image",
    "badge_class_update",
    "credit_agreement_record",
    "credit_agreement_withdraw",
    "endorsement_create",
    "endorsement_withdraw",
    "endorser_issuer",
    "issuer_active_key",
    "issuer_active_keys",
    "issuer_create",
    "issuer_key_rotate",
    "issuer_update",
    "signing_key",
    "status_list_entry_for",
]
