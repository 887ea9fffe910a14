"""Build Open Badges 3.0 and CLR 2.0 credentials from plain data, and validate them.

Builders (`builders`) take frozen dataclasses (`parts`: profiles, alignments,
recipients, evidence, associations; `achievements`: the Achievement and its credit
equivalencies) or plain values and return unsigned JSON-LD dicts; sign them with
`ob3.dataintegrity` and/or `ob3.jwt`. `validate` (from `ob3.schemas`) checks a
credential against the 1EdTech JSON Schemas kept in ``badges/standards/ob3/``.
"""

from ..schemas import SCHEMAS, validate
from .achievements import (
    CREDIT_EQUIVALENCY_TYPE,
    Achievement,
    CreditEquivalency,
    ResultDescription,
)
from .builders import (
    CLR_CONTEXTS,
    OB3_CONTEXTS,
    build_achievement_credential,
    build_clr_credential,
    build_endorsement_credential,
)
from .parts import Alignment, Association, Evidence, Profile, Recipient

__all__ = [
    "CLR_CONTEXTS",
    "CREDIT_EQUIVALENCY_TYPE",
    "OB3_CONTEXTS",
    "SCHEMAS",
    "Achievement",
    "Alignment",
    "Association",
    "CreditEquivalency",
    "Evidence",
    "Profile",
    "Recipient",
    "ResultDescription",
    "build_achievement_credential",
    "build_clr_credential",
    "build_endorsement_credential",
    "validate",
]
