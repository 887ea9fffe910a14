"""Open Badges 3.0 documents for model instances, by what they are: DIDs, URLs and
profiles (`identifiers`), signing and the published keys (`keys`), achievements,
credentials (`assertions`), endorsements, status lists (`status`) and learner records
(`records`). Every name is exported here, so callers write `credentials.credential_url`.

Credentials, endorsements and status lists are signed when asked for and the signed
copies cached (`keys.CREDENTIAL_CACHE_SECONDS`) in the "hosted" cache.
"""

from .achievements import achievement, achievement_document, credit_equivalencies
from .assertions import (
    baked_credential,
    credential_cache_key,
    credential_document,
    credential_for,
    signed_credential,
)
from .endorsements import (
    embedded_endorsements,
    endorsement_cache_key,
    endorsement_document,
    endorsement_withdrawn_document,
    signed_endorsement,
)
from .identifiers import (
    PLATFORM_NAME,
    achievement_url,
    credential_baked_url,
    credential_jwt_url,
    credential_url,
    credential_wallet_url,
    did_document_url,
    endorsement_credential_url,
    issuer_did,
    issuer_profile,
    jwks_url,
    key_owner_from_did,
    owner_did,
    platform_did,
    platform_profile,
    status_list_url,
    verification_method,
)
from .keys import (
    CREDENTIAL_CACHE_SECONDS,
    MULTIKEY_CONTEXT,
    did_document,
    encode_jwt,
    jwks_document,
    sign,
)
from .records import learner_record, learner_record_for
from .status import status_list_size

__all__ = [
    "CREDENTIAL_CACHE_SECONDS",
    "MULTIKEY_CONTEXT",
    "PLATFORM_NAME",
    "achievement",
    "achievement_document",
    "achievement_url",
    "baked_credential",
    "credential_baked_url",
    "credential_cache_key",
    "credential_document",
    "credential_for",
    "credential_jwt_url",
    "credential_url",
    "credential_wallet_url",
    "credit_equivalencies",
    "did_document",
    "did_document_url",
    "embedded_endorsements",
    "encode_jwt",
    "endorsement_cache_key",
    "endorsement_credential_url",
    "endorsement_document",
    "endorsement_withdrawn_document",
    "issuer_did",
    "issuer_profile",
    "jwks_document",
    "jwks_url",
    "key_owner_from_did",
    "learner_record",
    "learner_record_for",
    "owner_did",
    "platform_did",
    "platform_profile",
    "sign",
    "signed_credential",
    "signed_endorsement",
    "status_list_size",
    "status_list_url",
    "verification_method",
]
