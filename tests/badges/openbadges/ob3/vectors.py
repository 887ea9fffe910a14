"""Read 1EdTech's Data Integrity test vectors from badges/standards/ob3/test-vectors/.

The ``linked-data-proof-*.txt`` files are the spec's HTML-ish text (a JS template
literal with ``<code>`` fragments, JS object literals and JSON blocks); values
are pulled out by their labels.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[4]
VECTORS_DIR = REPO / "badges" / "standards" / "ob3" / "test-vectors"

VECTOR_FILES = {
    "obv3p0": "linked-data-proof-ob.txt",
    "clrv2p0": "linked-data-proof-clr.txt",
}


@dataclass(frozen=True)
class Vector:
    name: str
    public_key_hex: str
    private_key_hex: str
    public_key_multibase: str
    verification_method: str
    created: str
    proof_purpose: str
    cryptosuite: str
    credential: dict[str, Any]
    signed_credential: dict[str, Any]
    document_hash_hex: str
    proof_hash_hex: str
    data_to_sign_hex: str
    signature_hex: str
    proof_value: str
    document_canon: str
    proof_canon: str


def _labelled(text: str, label: str, value: str) -> str:
    """The value after `label`, optionally wrapped in ``<code …>…</code>``."""
    pattern = re.escape(label) + r"\s*:?\s*(?:<code\s*>)?\s*(" + value + r")\s*(?:</code|\n)"
    match = re.search(pattern, text)
    if not match:
        raise ValueError(f"{label!r} not found in the test vector")
    return match.group(1)


def _json_after(text: str, marker: str) -> dict[str, Any]:
    start = text.index("{", text.index(marker))
    value, _ = json.JSONDecoder().raw_decode(text[start:])
    return value


def _js_string(block: str, key: str) -> str:
    match = re.search(rf"\b{key}\s*:\s*'([^']*)'", block)
    if not match:
        raise ValueError(f"{key!r} not found in the proof options")
    return match.group(1)


def load(name: str) -> Vector:
    folder = VECTORS_DIR / name
    text = html.unescape((folder / VECTOR_FILES[name]).read_text(encoding="utf-8"))
    hex64, hex128 = r"[0-9a-f]{64}", r"[0-9a-f]{128}"
    multikey = text[text.index("The MultiKey used") : text.index("Test data")]
    options_start = text.index("Proof before signing")
    options = text[options_start : text.index("}", options_start)]
    return Vector(
        name=name,
        public_key_hex=_labelled(text, "Public key (hex)", hex64),
        private_key_hex=_labelled(text, "Private key (hex)", hex128),
        public_key_multibase=_js_string(multikey, "publicKeyMultibase"),
        verification_method=_js_string(options, "verificationMethod"),
        created=_js_string(options, "created"),
        proof_purpose=_js_string(options, "proofPurpose"),
        cryptosuite=_js_string(options, "cryptosuite"),
        credential=_json_after(text, "The credential used in the example is:"),
        signed_credential=_json_after(text, "Signed credential"),
        document_hash_hex=_labelled(text, "Document hash (hex)", hex64),
        proof_hash_hex=_labelled(text, "Proof hash (hex)", hex64),
        data_to_sign_hex=_labelled(text, "Data to sign (hex)", hex128),
        signature_hex=_labelled(text, "Signature (hex)", hex128),
        # labelled "(hex)" in the vector, but it is the multibase proofValue
        proof_value=_labelled(text, "Proof value (hex)", r"z[1-9A-HJ-NP-Za-km-z]+"),
        document_canon=(folder / "document-canon.txt").read_text(encoding="utf-8"),
        proof_canon=(folder / "proof-canon.txt").read_text(encoding="utf-8"),
    )
