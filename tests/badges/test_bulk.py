"""Bulk-award CSV parsing: pure, no database."""

import io

import pytest

from badges.bulk import (
    AwardRow,
    CsvFileError,
    RowError,
    count_award_csv,
    decode_csv,
    email_problem,
    evidence_url_problem,
    parse_award_csv,
)
from badges.openbadges.ob2 import EvidenceItem


def test_parses_every_column_with_line_numbers():
    text = (
        "email,evidence_url,evidence_narrative,narrative\n"
        "Ana@Example.org,https://portfolio.example.org/ana,Lesson video,Taught the unit\n"
        "ben@example.org,,,\n"
        "cy@example.org,,Observed in class,\n"
    )
    rows, errors = parse_award_csv(text)
    assert errors == []
    assert rows == [
        AwardRow(
            line=2,
            email="ana@example.org",
            evidence=(
                EvidenceItem(url="https://portfolio.example.org/ana", narrative="Lesson video"),
            ),
            narrative="Taught the unit",
        ),
        AwardRow(line=3, email="ben@example.org"),
        AwardRow(
            line=4, email="cy@example.org", evidence=(EvidenceItem(narrative="Observed in class"),)
        ),
    ]


def test_email_column_alone_in_any_case_and_order():
    rows, errors = parse_award_csv(" Narrative , EMAIL\nWell done,ana@example.org\n")
    assert errors == []
    assert rows == [AwardRow(line=2, email="ana@example.org", narrative="Well done")]


def test_bom_crlf_and_blank_lines_keep_line_numbers():
    text = "\ufeffemail\r\n\r\nana@example.org\r\n,\r\nbad-address\r\n"
    rows, errors = parse_award_csv(text)
    assert rows == [AwardRow(line=3, email="ana@example.org")]
    assert errors == [RowError(line=5, message="malformed email 'bad-address'")]


def test_quoted_multiline_field_counts_its_lines():
    text = 'email,narrative\nana@example.org,"two\nlines, with a comma"\nnot-an-email,x\n'
    rows, errors = parse_award_csv(text)
    assert rows == [AwardRow(line=2, email="ana@example.org", narrative="two\nlines, with a comma")]
    assert [e.line for e in errors] == [4]


def test_bad_lines_are_reported_by_line_and_the_rest_kept():
    text = (
        "email,evidence_url\n"
        "ana@example.org,https://example.org/a\n"  # 2 ok
        ",https://example.org/x\n"  # 3 missing email
        "ben@@example,\n"  # 4 malformed
        "cy@example.org,ftp://example.org/file\n"  # 5 bad URL
        "dee@example.org,portfolio\n"  # 6 bad URL (not a full address)
        "ANA@example.org,\n"  # 7 duplicate of 2
        "eve@example.org,,surplus\n"  # 8 more fields than the header
        "fay@example.org,\n"  # 9 ok
    )
    rows, errors = parse_award_csv(text)
    assert [r.line for r in rows] == [2, 9]
    assert [str(e) for e in errors] == [
        "line 3: missing email",
        "line 4: malformed email 'ben@@example'",
        "line 5: bad evidence URL 'ftp://example.org/file' "
        "(it must be a full http:// or https:// address)",
        "line 6: bad evidence URL 'portfolio' (it must be a full http:// or https:// address)",
        "line 7: duplicate of line 2 (ana@example.org); it is awarded once",
        "line 8: 3 fields but the header has 2; "
        "a comma inside a narrative must be within double quotes",
    ]


def test_a_bad_first_line_for_an_address_still_claims_it():
    rows, errors = parse_award_csv(
        "email,evidence_url\nana@example.org,nope\nana@example.org,https://example.org/\n"
    )
    assert rows == []
    assert [e.line for e in errors] == [2, 3]
    assert "duplicate of line 2" in errors[1].message


def test_header_only_has_no_rows():
    assert parse_award_csv("email\n") == ([], [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("\n\n", "The file is empty"),
        ("name,evidence_url\nAna,https://example.org\n", "no “email” column"),
        ("ana@example.org\nben@example.org\n", "no “email” column"),
        ("email,name\nana@example.org,Ana\n", "Unknown column 'name'"),
        ("email,evidence_link\nana@example.org,https://x.org\n", "Unknown column 'evidence_link'"),
        ("email,Email\nana@example.org,ana@example.org\n", "appears twice"),
        ('email\n"ana@example.org\nben@example.org\n', r"not readable as CSV \(line 2\)"),
    ],
)
def test_unusable_files_are_refused_whole(text, message):
    with pytest.raises(CsvFileError, match=message):
        parse_award_csv(text)
    # The command's first pass (counting) refuses the same files with the same words.
    with pytest.raises(CsvFileError, match=message):
        count_award_csv(io.StringIO(text, newline=""))


def test_count_is_every_line_after_the_header_good_or_bad():
    text = "\ufeffemail\r\nana@example.org\r\n\r\nnot-an-address\r\nana@example.org\r\n"
    assert count_award_csv(io.StringIO(text, newline="")) == 3
    rows, errors = parse_award_csv(text)
    assert len(rows) + len(errors) == 3


def test_decode_accepts_utf8_with_or_without_bom():
    assert decode_csv("email\nzoë@example.org\n".encode()) == "email\nzoë@example.org\n"
    assert decode_csv(b"\xef\xbb\xbfemail\n") == "email\n"


def test_decode_refuses_other_encodings():
    with pytest.raises(CsvFileError, match="not UTF-8"):
        decode_csv("email\nzoë@example.org\n".encode("latin-1"))


@pytest.mark.parametrize(
    ("email", "problem"),
    [
        ("ana@example.org", None),
        ("  ana@example.org ", None),
        ("", "missing email"),
        ("   ", "missing email"),
        ("ana", "malformed email 'ana'"),
        ("Ana <ana@example.org>", "malformed email 'Ana <ana@example.org>'"),
    ],
)
def test_email_problem(email, problem):
    assert email_problem(email) == problem


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/portfolio", True),
        ("http://example.org", True),
        ("example.org", False),
        ("javascript:alert(1)", False),
        ("ftp://example.org/x", False),
    ],
)
def test_evidence_url_problem(url, ok):
    assert (evidence_url_problem(url) is None) is ok
