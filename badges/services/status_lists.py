"""Assertions' places in their issuers' Open Badges 3.0 status lists (revocation)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from ..models import Assertion, Issuer, StatusListEntry

_ALLOCATION_ATTEMPTS = 5


def status_list_entry_for(*, assertion: Assertion) -> StatusListEntry:
    """The assertion's place in its issuer's status list, allocated on first use.

    Indexes are allocated in order per issuer and never change. Allocations for
    one issuer are serialized by locking the issuer row (PostgreSQL); the unique
    constraints catch any race that slips through (SQLite), and the loser retries
    or returns the entry a concurrent call made for the same assertion.
    """
    from .revocation_documents import revocation_documents_record_allocation  # a cycle: hosting

    existing = StatusListEntry.objects.filter(assertion=assertion).first()
    if existing is not None:
        return existing
    issuer_id = assertion.badge_class.issuer_id
    for _attempt in range(_ALLOCATION_ATTEMPTS):
        try:
            with transaction.atomic():
                Issuer.objects.select_for_update().only("pk").get(pk=issuer_id)
                last = StatusListEntry.objects.filter(issuer_id=issuer_id).aggregate(
                    last=Max("index")
                )["last"]
                entry = StatusListEntry.objects.create(
                    assertion=assertion,
                    issuer_id=issuer_id,
                    index=0 if last is None else last + 1,
                )
                revocation_documents_record_allocation(
                    issuer_id=issuer_id, highest_index=entry.index
                )
                return entry
        except IntegrityError:
            existing = StatusListEntry.objects.filter(assertion=assertion).first()
            if existing is not None:
                return existing
    raise RuntimeError(f"Could not allocate a status list index for assertion {assertion.pk}.")
