"""Badges: issuers and their signing keys, badge classes and what they are taught in,
assertions and their status list places, credit agreements and endorsements (Open
Badges 2.0 hosted, 3.0 signed).

The workflows' allowed moves live in `badges/workflow.py`.
"""

from .agreements import CreditAgreement
from .assertions import Assertion, StatusListEntry, _salt
from .badge_classes import BadgeClass, CurriculumLink, badge_image_path
from .endorsements import Endorsement
from .issuers import Issuer, IssuerKey
from .revocations import RevocationDocument

__all__ = [
    "Assertion",
    "BadgeClass",
    "CreditAgreement",
    "CurriculumLink",
    "Endorsement",
    "Issuer",
    "IssuerKey",
    "RevocationDocument",
    "StatusListEntry",
    "_salt",  # named by migration 0001
    "badge_image_path",
]
