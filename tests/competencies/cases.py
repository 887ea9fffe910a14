"""Small CASE packages for tests, as Python dicts (no JSON fixture files)."""

from __future__ import annotations

import json
from typing import Any

DOC_ID = "c1d2e3f4-0000-4000-8000-000000000000"


def cf_item(identifier: str, code: str, statement: str, **extra: Any) -> dict[str, Any]:
    return {
        "identifier": identifier,
        "uri": f"https://case.example.org/uri/{identifier}",
        "humanCodingScheme": code,
        "fullStatement": statement,
        "CFItemType": "Competency",
        **extra,
    }


def child_of(
    identifier: str, origin: str, destination: str, seq: int | None = None
) -> dict[str, Any]:
    association: dict[str, Any] = {
        "identifier": identifier,
        "uri": f"https://case.example.org/uri/{identifier}",
        "associationType": "isChildOf",
        "originNodeURI": {"title": origin, "identifier": origin, "uri": f"urn:x:{origin}"},
        "destinationNodeURI": {"title": destination, "identifier": destination, "uri": "urn:x"},
    }
    if seq is not None:
        association["sequenceNumber"] = seq
    return association


def cf_package(version: str = "1.0", doc_id: str = DOC_ID) -> dict[str, Any]:
    """Digital literacy: A (A.1, A.2) and B (B.1).

    CFItems indexes: 0 A, 1 A.1, 2 A.2, 3 B, 4 B.1; CFAssociations follow the same order.
    """
    return {
        "CFDocument": {
            "identifier": doc_id,
            "uri": f"https://case.example.org/uri/{doc_id}",
            "creator": "State Department of Education",
            "title": "Digital Literacy",
            "description": "Digital literacy for educators.",
            "version": version,
            "lastChangeDateTime": "2024-05-01T12:00:00+00:00",
        },
        "CFItems": [
            cf_item("a", "A", "Uses digital tools.", CFItemType="Standard"),
            cf_item("a1", "A.1", "Chooses a tool for a task."),
            cf_item("a2", "A.2", "Protects student data."),
            cf_item("b", "B", "Evaluates sources.", CFItemType="Standard"),
            cf_item("b1", "B.1", "Checks a source's author."),
        ],
        "CFAssociations": [
            child_of("as-a", "a", doc_id, 1),
            child_of("as-a1", "a1", "a", 1),
            child_of("as-a2", "a2", "a", 2),
            child_of("as-b", "b", doc_id, 2),
            child_of("as-b1", "b1", "b", 1),
        ],
    }


def dumps(package: dict[str, Any]) -> bytes:
    return json.dumps(package).encode()
