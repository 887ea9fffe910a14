"""Reads for badges, already scoped to who is asking, by what they read.

The querysets are here (and in `hosting`, `held`, `managing`, `agreements`, `keys`);
the dataclasses that a page and the API share, with their hosted URLs, are in `pages`
(hosted pages, verification) and `earner` (my badges, profile, wallet, learner record),
which build on `badges.hosting` and so are imported from their modules.
"""

from .agreements import credit_agreements_in_effect, endorsements_of
from .held import (
    assertions_for_record,
    assertions_held_by,
    assertions_public_for_profile,
    issuers_of_held,
    public_profile_owner,
)
from .hosting import (
    assertion_for_hosted_json,
    assertion_for_hosting,
    badge_class_by_slug,
    badge_class_for_hosting,
    badge_classes_awarded_by,
    endorsement_for_hosting,
    issuer_for_hosting,
    revoked_assertions_of,
)
from .keys import (
    assertion_for_credential,
    competencies_of,
    issuer_for_keys,
    published_key,
    published_keys,
    status_list_state,
)
from .managing import (
    agreements_managed_by,
    badge_classes_managed_by,
    colleges_for,
    endorsements_managed_by,
    endorsers_for,
    issuers_managed_by,
)

__all__ = [
    "agreements_managed_by",
    "assertion_for_credential",
    "assertion_for_hosted_json",
    "assertion_for_hosting",
    "assertions_for_record",
    "assertions_held_by",
    "assertions_public_for_profile",
    "badge_class_by_slug",
    "badge_class_for_hosting",
    "badge_classes_awarded_by",
    "badge_classes_managed_by",
    "colleges_for",
    "competencies_of",
    "credit_agreements_in_effect",
    "endorsement_for_hosting",
    "endorsements_managed_by",
    "endorsements_of",
    "endorsers_for",
    "issuer_for_hosting",
    "issuer_for_keys",
    "issuers_managed_by",
    "issuers_of_held",
    "public_profile_owner",
    "published_key",
    "published_keys",
    "revoked_assertions_of",
    "status_list_state",
]
