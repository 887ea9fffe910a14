"""What Cairn publishes at permanent URLs: Open Badges 2.0 documents and their URLs
(`documents`, exported here) and Open Badges 3.0 credentials, DIDs, key sets, status
lists and learner records (`credentials`)."""

from .documents import (
    absolute,
    assertion_data,
    assertion_document,
    assertion_url,
    badge_class_alignments,
    badge_class_document,
    badge_class_url,
    badge_image_url,
    baked_assertion_document,
    baked_url,
    competency_url,
    credit_agreement_alignment,
    endorsement_document,
    endorsement_url,
    issuer_document,
    issuer_url,
    revocation_list_url,
)

__all__ = [
    "absolute",
    "assertion_data",
    "assertion_document",
    "assertion_url",
    "badge_class_alignments",
    "badge_class_document",
    "badge_class_url",
    "badge_image_url",
    "baked_assertion_document",
    "baked_url",
    "competency_url",
    "credit_agreement_alignment",
    "endorsement_document",
    "endorsement_url",
    "issuer_document",
    "issuer_url",
    "revocation_list_url",
]
