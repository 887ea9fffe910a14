"""The size of an issuer's revocation list (a BitstringStatusListCredential), which is
stored and signed by `badges.services.revocation_documents`."""

from __future__ import annotations

from ...openbadges.ob3 import statuslist


def status_list_size(highest_index: int) -> int:
    """Whole blocks of 131,072 entries, enough for every index allocated so far."""
    block = statuslist.MIN_BITS
    return max(block, (highest_index // block + 1) * block)
