"""W3C Bitstring Status List v1.0: revocation published as a compressed bitstring.

Index 0 is the left-most (most significant) bit of the first byte. The list is
GZIP-compressed, base64url-encoded without padding and multibase-prefixed with
``u``; it is at least 16 KiB (131,072 entries) so that a single index reveals
little about which credential is being checked (herd privacy).
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ._dates import format_datetime
from .documentloader import VC_V2_CONTEXT

MIN_BITS = 131_072  # 16 KiB
MAX_BYTES = 16 * 1024 * 1024  # refuse lists that decompress beyond 16 MiB


class StatusListError(ValueError):
    """An encoded list that cannot be read, or an index outside the list."""


def encode(indexes: Iterable[int], *, size: int = MIN_BITS) -> str:
    """The encodedList for a list of `size` bits with `indexes` set.

    `size` is rounded up to whole bytes and never below 131,072 bits.
    """
    size = max(size, MIN_BITS)
    bits = bytearray((size + 7) // 8)
    for index in indexes:
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise StatusListError(f"Not a status list index: {index!r}")
        if index >= len(bits) * 8:
            raise StatusListError(f"Index {index} does not fit a {len(bits) * 8}-bit list.")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime=0: reproducible output
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_bitstring(encoded: str) -> bytes:
    """The raw (uncompressed) bitstring of an encodedList.

    Accepts the multibase ``u`` form and, for StatusList2021 lists, the bare
    base64url form (which starts with ``H4sI``, the GZIP magic number).
    """
    if not isinstance(encoded, str) or not encoded:
        raise StatusListError("encodedList must be a non-empty string.")
    body = encoded[1:] if encoded.startswith("u") else encoded
    try:
        compressed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise StatusListError("encodedList is not base64url.") from exc
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP container
    try:
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except zlib.error as exc:
        raise StatusListError("encodedList is not GZIP data.") from exc
    if len(bits) > MAX_BYTES or inflater.unconsumed_tail:
        raise StatusListError("encodedList is too large.")
    if not inflater.eof:
        raise StatusListError("encodedList is truncated.")
    return bits


def decode(encoded: str) -> set[int]:
    """The set indexes of an encodedList."""
    bits = decode_bitstring(encoded)
    found: set[int] = set()
    for byte_index, byte in enumerate(bits):
        if byte:
            for bit in range(8):
                if byte & (0x80 >> bit):
                    found.add(byte_index * 8 + bit)
    return found


def size_of(encoded: str) -> int:
    """The number of entries (bits) in an encodedList."""
    return len(decode_bitstring(encoded)) * 8


def is_set(encoded: str, index: int) -> bool:
    """Whether bit `index` is set (for statusPurpose "revocation": revoked).

    StatusListError if the index is outside the list (verifiers must treat that
    as a failed status check, not as "not revoked").
    """
    bits = decode_bitstring(encoded)
    if isinstance(index, str):
        index = _parse_index(index)
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise StatusListError(f"Not a status list index: {index!r}")
    if index >= len(bits) * 8:
        raise StatusListError(f"Index {index} is outside the {len(bits) * 8}-bit list.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _parse_index(value: str) -> int:
    if not value.isdigit():
        raise StatusListError(f"statusListIndex must be a non-negative integer: {value!r}")
    return int(value)


def status_list_entry(
    *, status_list_credential: str, index: int, status_purpose: str = "revocation"
) -> dict[str, Any]:
    """A credential's ``credentialStatus``: a BitstringStatusListEntry.

    ``statusListIndex`` is a string, as the specification requires.
    """
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise StatusListError(f"Not a status list index: {index!r}")
    return {
        "id": f"{status_list_credential}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status_purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def build_status_list_credential(
    *,
    credential_id: str,
    issuer: str | dict[str, Any],
    encoded_list: str,
    valid_from: str | datetime,
    valid_until: str | datetime | None = None,
    status_purpose: str = "revocation",
    name: str | None = None,
) -> dict[str, Any]:
    """An unsigned BitstringStatusListCredential; the caller signs it."""
    decode_bitstring(encoded_list)  # refuse to publish an unreadable list
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if name:
        credential["name"] = name
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = {
        "id": f"{credential_id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": status_purpose,
        "encodedList": encoded_list,
    }
    return credential


def check_status(entry: dict[str, Any], status_list_credential: dict[str, Any]) -> bool:
    """Whether the credential whose ``credentialStatus`` is `entry` has its bit set.

    The caller fetches (and verifies the proof of) the status list credential.
    StatusListError if the entry and the list do not belong together.
    """
    if entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError("credentialStatus is not a BitstringStatusListEntry.")
    if entry.get("statusListCredential") != status_list_credential.get("id"):
        raise StatusListError("The status list is not the one the credential names.")
    subject = status_list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("Not a BitstringStatusListCredential.")
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise StatusListError("The list's statusPurpose differs from the entry's.")
    index = entry.get("statusListIndex")
    if not isinstance(index, str):
        raise StatusListError("statusListIndex must be a string.")
    return is_set(subject.get("encodedList"), _parse_index(index))
