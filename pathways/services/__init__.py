"""Writes for pathways, and the one door for awarding and revoking badges."""

from ..errors import PathwayCycleError, PathwayError
from .awards import (
    BATCH_SIZE,
    PATHWAY_ACTOR_LABEL,
    accounts_holding,
    assertion_award,
    assertion_award_to_email,
    assertion_claim_for,
    assertion_revoke,
    assertions_award_batch,
    pathway_alert_resolve,
    pathway_award_completers,
    pathway_check_and_award,
    pathway_constituent_revoked,
)
from .building import (
    pathway_activate,
    pathway_archive,
    pathway_create,
    pathway_problems,
    pathway_requirement_add,
    pathway_requirement_remove,
)

__all__ = [
    "BATCH_SIZE",
    "PATHWAY_ACTOR_LABEL",
    "PathwayCycleError",
    "PathwayError",
    "accounts_holding",
    "assertion_award",
    "assertion_award_to_email",
    "assertion_claim_for",
    "assertion_revoke",
    "assertions_award_batch",
    "pathway_activate",
    "pathway_alert_resolve",
    "pathway_archive",
    "pathway_award_completers",
    "pathway_check_and_award",
    "pathway_constituent_revoked",
    "pathway_create",
    "pathway_problems",
    "pathway_requirement_add",
    "pathway_requirement_remove",
]
