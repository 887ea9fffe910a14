"""A JSON-LD document loader that serves only local copies of known contexts.

Credentials are canonicalized (for Data Integrity proofs) on machines without
internet access, and a verifier must never fetch whatever URL a submitted
document names. So this loader knows a fixed map of context URLs to files in
``badges/standards/`` (see its README) and raises for every other URL.

Use :func:`jsonld_options` to get PyLD options that also keep resolved contexts
in a private cache instead of PyLD's process-wide one.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

from pyld.context_resolver import ContextResolver
from pyld.jsonld import JsonLdError

STANDARDS_DIR = Path(__file__).resolve().parents[2] / "standards"

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
OB_V3P0_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3P0_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CLR_V2P0_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
DATA_INTEGRITY_V1_CONTEXT = "https://w3id.org/security/data-integrity/v1"
DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1"
OB_V2_CONTEXT = "https://w3id.org/openbadges/v2"

# URL -> file under badges/standards/ (the table in badges/standards/README.md).
CONTEXT_FILES: dict[str, str] = {
    VC_V2_CONTEXT: "vc/credentials-v2.jsonld",
    VC_V1_CONTEXT: "vc/credentials-v1.jsonld",
    OB_V3P0_CONTEXT: "ob3/context-3.0.3.json",
    CLR_V2P0_CONTEXT: "clr/context-2.0.1.json",
    DATA_INTEGRITY_V1_CONTEXT: "vc/data-integrity-v1.jsonld",
    DID_V1_CONTEXT: "vc/did-v1.jsonld",
    OB_V2_CONTEXT: "ob2/context.json",
}

# The OB 3.0 "extensions" context, which 1EdTech's CLR 2.0 test vector and the
# spec's examples use (it names the credentialSchema / refresh / revocation list
# types). badges/standards/ does not hold it; this is the document 1EdTech's
# digital-credentials-public-validator bundles for that URL
# (inspector-vc/src/main/resources/contexts/ob-v3p0-extensions.json).
BUILTIN_CONTEXTS: dict[str, dict[str, Any]] = {
    OB_V3P0_EXTENSIONS_CONTEXT: {
        "@context": {
            "id": "@id",
            "type": "@type",
            "1EdTechJsonSchemaValidator2019": (
                "https://purl.imsglobal.org/spec/vccs/v1p0/context.json"
                "#1EdTechJsonSchemaValidator2019"
            ),
            "1EdTechRevocationList": (
                "https://purl.imsglobal.org/spec/vcrl/v1p0/context.json#1EdTechRevocationList"
            ),
            "1EdTechCredentialRefresh": (
                "https://purl.imsglobal.org/spec/vccr/v1p0/context.json#1EdTechCredentialRefresh"
            ),
        }
    },
}

KNOWN_URLS: frozenset[str] = frozenset(CONTEXT_FILES) | frozenset(BUILTIN_CONTEXTS)


class UnknownDocumentError(JsonLdError):
    """A JSON-LD document was requested that is not kept locally."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"Refusing to load {url!r}: only locally kept JSON-LD contexts are allowed.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
        self.url = url


@cache
def _parsed(url: str) -> dict[str, Any]:
    if url in BUILTIN_CONTEXTS:
        return BUILTIN_CONTEXTS[url]
    path = STANDARDS_DIR / CONTEXT_FILES[url]
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def load_document(url: str, options: dict | None = None) -> dict[str, Any]:
    """PyLD ``documentLoader``: the local copy of `url`, or UnknownDocumentError.

    Returns a PyLD RemoteDocument. The parsed file is cached; each call gets a
    deep copy so that no caller can alter the cached document.
    """
    if not isinstance(url, str) or url not in KNOWN_URLS:
        raise UnknownDocumentError(str(url))
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(_parsed(url)),
        # "static" lets the context resolver cache the processed context.
        "tag": "static",
    }


def context_document(url: str) -> dict[str, Any]:
    """The parsed local document for a known context URL (a copy)."""
    return load_document(url)["document"]


class _BoundedCache:
    """A small thread-safe LRU mapping, the shape PyLD's ContextResolver needs."""

    def __init__(self, maxsize: int = 128) -> None:
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._maxsize = maxsize
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            if key not in self._data:
                return default
            self._data.move_to_end(key)
            return self._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


_resolved_contexts = _BoundedCache()


def jsonld_options(**extra: Any) -> dict[str, Any]:
    """PyLD options using only local documents and a private context cache."""
    options: dict[str, Any] = {
        "documentLoader": load_document,
        "contextResolver": ContextResolver(_resolved_contexts, load_document),
    }
    options.update(extra)
    return options
