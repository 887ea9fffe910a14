"""The CASE parser, without a database."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from competencies.case import CaseFormatError, derive_identifier, parse_case_package

from .cases import (
    DOC_ID,
    case_1_1,
    cf_item,
    cf_package,
    child_of,
    dumps,
    dumps_windows,
    messy_package,
)

SAMPLE = Path(__file__).resolve().parents[2] / "competencies/samples/idaho-cte-welding.case.json"


def codes(package) -> list[tuple[int, str, int]]:
    return [(i.depth, i.human_coding_scheme, i.position) for i in package.items]


def test_parses_document_items_and_tree() -> None:
    package = parse_case_package(dumps(cf_package()))

    doc = package.document
    assert doc.identifier == DOC_ID
    assert doc.title == "Digital Literacy"
    assert doc.creator == "State Department of Education"
    assert doc.version == "1.0"
    assert doc.uri == f"https://case.example.org/uri/{DOC_ID}"
    assert doc.last_change == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert codes(package) == [(0, "A", 1), (1, "A.1", 1), (1, "A.2", 2), (0, "B", 2), (1, "B.1", 1)]
    a1 = package.item("a1")
    assert a1.parent_identifier == "a"
    assert a1.full_statement == "Chooses a tool for a task."
    assert a1.item_type == "Competency"
    assert a1.uri == "https://case.example.org/uri/a1"
    assert package.item("a").parent_identifier is None
    assert package.item("a").item_type == "Standard"


def test_accepts_text_and_a_byte_order_mark() -> None:
    text = json.dumps(cf_package())
    assert parse_case_package(text).document.title == "Digital Literacy"
    assert parse_case_package(b"\xef\xbb\xbf" + text.encode()).document.title == "Digital Literacy"


def test_siblings_follow_sequence_number_then_list_enumeration() -> None:
    data = cf_package()
    data["CFItems"] += [
        cf_item("b10", "B.10", "Tenth.", listEnumeration="10"),
        cf_item("b9", "B.9", "Ninth.", listEnumeration=9),
    ]
    data["CFAssociations"][4]["sequenceNumber"] = None  # B.1: no sequence, no enumeration
    data["CFAssociations"] += [child_of("x10", "b10", "b"), child_of("x9", "b9", "b")]
    data["CFAssociations"][1]["sequenceNumber"] = 5  # A.1 now after A.2 (2)

    package = parse_case_package(dumps(data))

    assert [i.human_coding_scheme for i in package.items] == [
        "A", "A.2", "A.1", "B", "B.9", "B.10", "B.1",
    ]  # fmt: skip
    assert package.item("b9").list_enumeration == "9"


def test_only_is_child_of_builds_the_tree_and_orphans_are_roots() -> None:
    data = cf_package()
    data["CFItems"].append(cf_item("c", "C", "Stands alone."))
    data["CFAssociations"].append(
        {
            "identifier": "rel",
            "associationType": "exactMatchOf",
            "originNodeURI": {"identifier": "a1", "uri": "urn:x", "title": ""},
            "destinationNodeURI": {"identifier": "elsewhere", "uri": "urn:y", "title": ""},
        }
    )
    data["CFAssociations"].append(child_of("again", "a1", "a"))  # the same edge twice

    package = parse_case_package(dumps(data))

    assert codes(package)[-1] == (0, "C", 3)
    assert package.item("a1").parent_identifier == "a"
    assert len(package.associations) == 5


def test_missing_lists_and_optional_fields() -> None:
    data = {"CFDocument": {"identifier": "d", "title": "Empty"}}
    package = parse_case_package(dumps(data))
    assert package.items == ()
    assert package.document.uri == ""
    assert package.document.last_change is None


def test_naive_date_is_utc_and_item_type_falls_back_to_the_type_uri_title() -> None:
    data = cf_package()
    data["CFDocument"]["lastChangeDateTime"] = "2024-05-01T12:00:00"
    del data["CFItems"][1]["CFItemType"]
    data["CFItems"][1]["CFItemTypeURI"] = {"identifier": "t", "uri": "urn:t", "title": "Skill"}

    package = parse_case_package(dumps(data))

    assert package.document.last_change == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert package.item("a1").item_type == "Skill"


def test_the_sample_framework_parses() -> None:
    package = parse_case_package(SAMPLE.read_bytes())
    assert package.document.title == "Welding Technology (Idaho CTE sample)"
    assert len(package.items) == 13
    roots = [i.human_coding_scheme for i in package.items if i.parent_identifier is None]
    assert roots == ["WLD.1", "WLD.2", "WLD.3", "WLD.4"]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting data[k1][k2]... = value (or deleting it when value is DELETE)."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
        target: Any = data
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return mutate


DELETE = object()


def _append(key: str, value: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda data: data[key].append(value)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set("CFDocument", DELETE), "CFDocument is missing"),
        (_set("CFDocument", []), "CFDocument must be an object, not a list"),
        (_set("CFDocument/identifier", DELETE), "CFDocument.identifier is missing"),
        (_set("CFDocument/identifier", 7), "CFDocument.identifier must be a string, not a number"),
        (_set("CFDocument/title", "  "), "CFDocument.title is empty"),
        (_set("CFDocument/version", "v" * 51), "CFDocument.version is longer than 50 characters"),
        (
            _set("CFDocument/uri", "case.example.org/x"),
            "CFDocument.uri 'case.example.org/x' is not an absolute http(s) URL",
        ),
        (
            _set("CFDocument/lastChangeDateTime", "yesterday"),
            "CFDocument.lastChangeDateTime 'yesterday' is not an ISO 8601 date-time",
        ),
        (_set("CFItems", {}), "CFItems must be a list, not an object"),
        (_set("CFItems/1", "a1"), "CFItems[1] must be an object, not a string"),
        (_set("CFItems/3/identifier", DELETE), "CFItems[3].identifier is missing"),
        (_set("CFItems/3/identifier", ""), "CFItems[3].identifier is empty"),
        (_set("CFItems/2/fullStatement", DELETE), "CFItems[2].fullStatement is missing"),
        (
            _set("CFItems/2/fullStatement", ["x"]),
            "CFItems[2].fullStatement must be a string, not a list",
        ),
        (
            _set("CFItems/4/humanCodingScheme", "B" * 81),
            "CFItems[4].humanCodingScheme is longer than 80 characters",
        ),
        (
            _set("CFItems/4/uri", "javascript:alert(1)"),
            "CFItems[4].uri 'javascript:alert(1)' is not an absolute http(s) URL",
        ),
        (_set("CFItems/3/identifier", "a1"), "CFItems[3].identifier 'a1' duplicates CFItems[1]"),
        (
            _set("CFItems/0/identifier", DOC_ID),
            f"CFItems[0].identifier '{DOC_ID}' is the CFDocument's identifier",
        ),
        (_set("CFAssociations", "none"), "CFAssociations must be a list, not a string"),
        (
            _set("CFAssociations/2/associationType", DELETE),
            "CFAssociations[2].associationType is missing",
        ),
        (
            _set("CFAssociations/2/destinationNodeURI/identifier", "abc"),
            "CFAssociations[2] isChildOf points to unknown item 'abc'",
        ),
        (
            _set("CFAssociations/1/originNodeURI/identifier", "zzz"),
            "CFAssociations[1] isChildOf starts from unknown item 'zzz'",
        ),
        (
            _set("CFAssociations/1/originNodeURI", DELETE),
            "CFAssociations[1].originNodeURI is missing",
        ),
        (
            _set("CFAssociations/1/destinationNodeURI/identifier", None),
            "CFAssociations[1].destinationNodeURI.identifier is missing",
        ),
        (
            _set("CFAssociations/1/sequenceNumber", 1.5),
            "CFAssociations[1].sequenceNumber must be an integer, not a number",
        ),
        (
            _set("CFAssociations/0/originNodeURI/identifier", DOC_ID),
            "CFAssociations[0] isChildOf makes the CFDocument a child",
        ),
        (
            _append("CFAssociations", child_of("second", "a1", "b")),
            "CFAssociations[5] gives item 'a1' a second parent 'b' (CFAssociations[1]"
            " already makes it a child of 'a'); an item may have only one isChildOf parent",
        ),
        (
            _set("CFAssociations/1/destinationNodeURI/identifier", "a1"),
            "isChildOf associations form a cycle: 'a1' → 'a1'",
        ),
    ],
)
def test_errors_name_what_is_wrong(mutate: Callable[[dict[str, Any]], None], message: str) -> None:
    data = cf_package()
    mutate(data)
    with pytest.raises(CaseFormatError) as excinfo:
        parse_case_package(dumps(data), strict=True)
    assert str(excinfo.value) == message


def test_a_longer_cycle_is_reported_in_order() -> None:
    # a's parent is b1 and b's parent is a1: a → b1 → b → a1 → a, cut off from the document.
    data = cf_package()
    data["CFAssociations"][0]["destinationNodeURI"]["identifier"] = "b1"
    data["CFAssociations"][3]["destinationNodeURI"]["identifier"] = "a1"
    with pytest.raises(CaseFormatError) as excinfo:
        parse_case_package(dumps(data), strict=True)
    assert (
        str(excinfo.value) == "isChildOf associations form a cycle: 'a' → 'b1' → 'b' → 'a1' → 'a'"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not JSON: Expecting value at line 1 column 1"),
        (b'{"CFDocument": ', "not JSON: Expecting value at line 1 column 16"),
        (b"\xff\xfe{}", "not UTF-8: byte 0 cannot be decoded"),
        (b'{"CFDocument": NaN}', "not JSON: NaN is not a JSON value"),
        (b"[]", "top level is a list, expected a CFPackage object"),
        (b"null", "top level is null, expected a CFPackage object"),
    ],
)
def test_unreadable_input_is_named(data: bytes, message: str) -> None:
    with pytest.raises(CaseFormatError) as excinfo:
        parse_case_package(data)
    assert str(excinfo.value) == message


# --- real packages, imported leniently (the default) -----------------------------------


def test_a_repeated_identifier_is_merged_into_the_first_and_named() -> None:
    package = parse_case_package(dumps(messy_package()))

    assert [i.human_coding_scheme for i in package.items].count("A.1") == 1
    assert package.item("a1").full_statement == "Chooses a tool for a task."
    [merged] = package.notes_of("merged")
    assert merged.startswith('CFItems[5] "A.1 Chooses a tool for a task (copy)." repeats')
    assert "merged into the first" in merged


def test_an_item_without_identifier_gets_a_stable_derived_one() -> None:
    first = parse_case_package(dumps(messy_package()))
    again = parse_case_package(dumps(messy_package(version="2.0")))

    b2 = next(i for i in first.items if i.human_coding_scheme == "B.2")
    assert b2.identifier == derive_identifier(DOC_ID, "B.2", "Compares two sources.")
    assert b2.identifier in {i.identifier for i in again.items}
    assert b2.parent_identifier == "b"  # its isChildOf names it by URI
    assert any(
        "B.2 Compares two sources." in w and b2.identifier in w for w in first.notes_of("warning")
    )


def test_every_other_association_type_is_kept() -> None:
    package = parse_case_package(dumps(messy_package()))

    kept = {
        (link.association_type, link.origin_identifier, link.destination_item)
        for link in package.links
    }
    assert kept == {
        ("isRelatedTo", "a2", "b1"),
        ("precedes", "a1", "a2"),
        ("exactMatchOf", "b1", None),
        ("exemplar", "a1", None),
        ("isPeerOf", "b", "a"),
    }
    outside = next(link for link in package.links if link.association_type == "exactMatchOf")
    assert (outside.destination_identifier, outside.destination_title) == (
        "other-framework-item",
        "ISTE 1.2",
    )


def test_unreadable_items_are_skipped_by_name_and_the_rest_imported() -> None:
    data = cf_package()
    data["CFItems"][4]["fullStatement"] = ""  # B.1
    data["CFItems"].append("not an item")

    package = parse_case_package(dumps(data))

    assert [i.human_coding_scheme for i in package.items] == ["A", "A.1", "A.2", "B"]
    assert package.notes_of("skipped") == [
        'CFItems[4] "B.1" not imported: fullStatement is empty',
        "CFItems[5] not imported: must be an object, not a string",
    ]
    # B.1's isChildOf has nothing to attach: named, not kept.
    assert "CFAssociations[4] not kept: isChildOf starts from unknown item 'b1'" in (
        package.notes_of("warning")
    )


def test_a_second_parent_is_kept_as_an_association_and_a_cycle_is_cut() -> None:
    data = cf_package()
    data["CFAssociations"].append(child_of("second", "a1", "b"))
    data["CFAssociations"][3]["destinationNodeURI"]["identifier"] = "b1"  # b ↔ b1

    package = parse_case_package(dumps(data))

    assert package.item("a1").parent_identifier == "a"
    assert [(link.association_type, link.destination_item) for link in package.links] == [
        ("isChildOf", "b")
    ]
    assert {i.identifier for i in package.items} == {"a", "a1", "a2", "b", "b1"}
    assert any("form a cycle" in w for w in package.notes_of("warning"))


def test_strict_refuses_what_the_default_imports() -> None:
    with pytest.raises(
        CaseFormatError, match=r"CFItems\[5\]\.identifier 'a1' duplicates CFItems\[1\]"
    ):
        parse_case_package(dumps(messy_package()), strict=True)


def test_a_case_1_1_answer_with_a_bom_and_crlf_lines() -> None:
    package = parse_case_package(dumps_windows(case_1_1(cf_package())))
    assert package.document.title == "Digital Literacy"
    assert len(package.items) == 5
    assert package.notes == ()
