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


def association(
    ident: str, kind: str, origin: str, destination: str, **node: Any
) -> dict[str, Any]:
    """A `kind` association from item `origin` to `destination` (`node` overrides the
    destination node: a title, a uri, no identifier...)."""
    target = {"title": destination, "identifier": destination, "uri": f"urn:x:{destination}"}
    target.update(node)
    return {
        "identifier": ident,
        "uri": f"https://case.example.org/uri/{ident}",
        "associationType": kind,
        "originNodeURI": {"title": origin, "identifier": origin, "uri": f"urn:x:{origin}"},
        "destinationNodeURI": {k: v for k, v in target.items() if v is not None},
    }


def messy_package(version: str = "1.0") -> dict[str, Any]:
    """Digital literacy as real packages come: CFItems[5] repeats A.1's identifier,
    CFItems[6] "B.2" has none (its isChildOf names it by URI), and associations of other
    types than isChildOf: within the package, to another framework, to a web page."""
    data = cf_package(version)
    data["CFItems"] += [
        cf_item("a1", "A.1", "Chooses a tool for a task (copy)."),
        {
            "uri": "https://case.example.org/uri/b2",
            "humanCodingScheme": "B.2",
            "fullStatement": "Compares two sources.",
            "CFItemType": "Competency",
        },
    ]
    b2_child = child_of("as-b2", "x", "b", 2)
    b2_child["originNodeURI"] = {"title": "B.2", "uri": "https://case.example.org/uri/b2"}
    data["CFAssociations"] += [
        b2_child,
        association("rel-1", "isRelatedTo", "a2", "b1"),
        association("rel-2", "precedes", "a1", "a2"),
        association(
            "rel-3", "exactMatchOf", "b1", "other-framework-item",
            title="ISTE 1.2", uri="https://case.example.org/uri/other-framework-item",
        ),
        association(
            "rel-4", "exemplar", "a1", "ignored", identifier=None,
            title="A lesson", uri="https://lessons.example.org/tools",
        ),
        association("rel-5", "isPeerOf", "b", "a"),
    ]  # fmt: skip
    return data


def case_1_1(package: dict[str, Any]) -> dict[str, Any]:
    """The package as a CASE 1.1 REST endpoint answers it (CFPackages/{id})."""
    return {"CFPackage": package}


def dumps_windows(package: dict[str, Any]) -> bytes:
    """As a Windows editor saves it: a UTF-8 byte order mark and CRLF line ends."""
    return b"\xef\xbb\xbf" + json.dumps(package, indent=2).replace("\n", "\r\n").encode()
