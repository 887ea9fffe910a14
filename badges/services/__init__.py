"""Writes for badges, by entity. Awarding and revoking go through `pathways.services`."""

from ..errors import AlreadyRevoked, BadgeClassNotActive, BadgeError
from .agreements import credit_agreement_record, credit_agreement_withdraw
from .assertions import Award, assertion_set_public
from .badge_classes import badge_class_create, badge_class_set_curriculum, badge_class_set_image
from .endorsements import endorsement_create, endorsement_withdraw, endorser_issuer

__all__ = [
    "AlreadyRevoked",
    "Award",
    "BadgeClassNotActive",
    "BadgeError",
    "assertion_set_public",
    "badge_class_create",
    "badge_class_set_curriculum",
    "badge_class_set_image",
    "credit_agreement_record",
    "credit_agreement_withdraw",
    "endorsement_create",
    "endorsement_withdraw",
    "endorser_issuer",
]
