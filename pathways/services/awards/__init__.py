"""The one door for awarding and revoking badges, and what follows from either.

`assertion_award` awards a badge to an account and then every pathway the award
completes (`awarding`); `assertion_award_to_email` awards one to whoever an e-mail
address is — an account, or the address itself with an invitation — and
`assertion_claim_for` makes awards to a person's verified addresses theirs
(`invitations`); `assertions_award_batch` does what `assertion_award_to_email` does
for a chunk of people in one transaction (`batch`: bulk awards); `assertion_revoke` revokes one and raises an alert on every pathway
badge it was part of (`revoking`). Everything that awards or revokes — the evidence
workflow, module completion, the admin console, the Django admin, the `award` and
`revoke` commands, the demo seed — comes through here, so "exactly once" is the
assertion constraints' promise and no completed pathway goes unawarded.
"""

from .awarding import (
    PATHWAY_ACTOR_LABEL,
    assertion_award,
    pathway_award_completers,
    pathway_check_and_award,
)
from .batch import BATCH_SIZE, BatchResult, assertions_award_batch
from .invitations import accounts_holding, assertion_award_to_email, assertion_claim_for
from .revoking import assertion_revoke, pathway_alert_resolve, pathway_constituent_revoked

__all__ = [
    "BATCH_SIZE",
    "PATHWAY_ACTOR_LABEL",
    "BatchResult",
    "accounts_holding",
    "assertion_award",
    "assertion_award_to_email",
    "assertion_claim_for",
    "assertion_revoke",
    "assertions_award_batch",
    "pathway_alert_resolve",
    "pathway_award_completers",
    "pathway_check_and_award",
    "pathway_constituent_revoked",
]
