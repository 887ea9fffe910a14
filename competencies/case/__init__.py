"""1EdTech CASE packages: reading them (`package`, pure) and fetching them from a CASE
1.1 REST endpoint (`remote`)."""

from .fields import CaseFormatError
from .limits import CaseLimitError, CaseLimits
from .package import (
    ASSOCIATION_TYPES,
    IS_CHILD_OF,
    CaseAssociation,
    CaseDocument,
    CaseItem,
    CaseLink,
    CaseNote,
    CasePackage,
    derive_identifier,
    label,
    parse_case_package,
)

__all__ = [
    "ASSOCIATION_TYPES",
    "IS_CHILD_OF",
    "CaseAssociation",
    "CaseDocument",
    "CaseFormatError",
    "CaseItem",
    "CaseLimitError",
    "CaseLimits",
    "CaseLink",
    "CaseNote",
    "CasePackage",
    "derive_identifier",
    "label",
    "parse_case_package",
]
