"""Bulk awards from a CSV file: reading and checking it, without the database.

The file starts with a header row naming its columns: ``email`` (required) and,
optionally, ``evidence_url``, ``evidence_narrative`` and ``narrative``. Each later
line names one recipient. Line numbers are the file's own (the header is usually
line 1), so a message points at the line a person sees in a spreadsheet or editor.

Whether a recipient has an account, or holds the badge already, is for the caller
to find out; this module only says which lines are fit to try.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from .openbadges.hashing import normalize_email
from .openbadges.ob2 import EvidenceItem

EMAIL = "email"
EVIDENCE_URL = "evidence_url"
EVIDENCE_NARRATIVE = "evidence_narrative"
NARRATIVE = "narrative"
COLUMNS = (EMAIL, EVIDENCE_URL, EVIDENCE_NARRATIVE, NARRATIVE)

_http_url = URLValidator(schemes=["http", "https"])


class CsvFileError(ValueError):
    """The file as a whole cannot be used; nothing in it may be awarded."""


@dataclass(frozen=True)
class AwardRow:
    """One line fit to award: a normalized e-mail address and what goes with it."""

    line: int
    email: str
    evidence: tuple[EvidenceItem, ...] = ()
    narrative: str = ""


@dataclass(frozen=True)
class RowError:
    """One line that will not be awarded, and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@lru_cache(maxsize=2048)
def email_problem(email: str) -> str | None:
    """Why `email` is not an e-mail address, or None when it is one. (Remembered for the
    last addresses asked about: a bulk award's chunk checks the lines the CSV reader
    checked a moment before.)"""
    if not email.strip():
        return "missing email"
    try:
        validate_email(email.strip())
    except ValidationError:
        return f"malformed email {email.strip()!r}"
    return None


def evidence_url_problem(url: str) -> str | None:
    """Why `url` cannot be an evidence link, or None when it can."""
    try:
        _http_url(url)
    except ValidationError:
        return f"bad evidence URL {url!r} (it must be a full http:// or https:// address)"
    return None


def decode_csv(data: bytes) -> str:
    """The text of an uploaded or read file, which must be UTF-8 (a BOM is allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            f"The file is not UTF-8 text (undecodable byte at offset {exc.start}). "
            "Save it as “CSV UTF-8” and try again."
        ) from exc


def _header(cells: list[str]) -> dict[str, int]:
    """Column name → index. Unknown names are refused: a misspelt evidence column
    would otherwise award badges silently without their evidence."""
    names = [cell.strip().lower() for cell in cells]
    if EMAIL not in names:
        raise CsvFileError(
            "The file has no “email” column. Its first line must be a header naming "
            f"the columns, for example: {','.join(COLUMNS)}"
        )
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name not in COLUMNS:
            raise CsvFileError(
                f"Unknown column {cells[i].strip()!r} in the header. "
                f"The columns are: {', '.join(COLUMNS)}."
            )
        if name in index:
            raise CsvFileError(f"The column {name!r} appears twice in the header.")
        index[name] = i
    return index


def _row(
    line: int, cells: list[str], index: dict[str, int], width: int, seen: dict[str, int]
) -> AwardRow | RowError:
    if any(cell.strip() for cell in cells[width:]):
        return RowError(
            line,
            f"{len(cells)} fields but the header has {width}; "
            "a comma inside a narrative must be within double quotes",
        )
    values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}

    problems: list[str] = []
    email = values[EMAIL]
    problem = email_problem(email)
    if problem is not None:
        problems.append(problem)
    else:
        email = normalize_email(email)
        first = seen.setdefault(email, line)
        if first != line:
            problems.append(f"duplicate of line {first} ({email}); it is awarded once")

    url = values.get(EVIDENCE_URL, "")
    if url and (problem := evidence_url_problem(url)) is not None:
        problems.append(problem)
    if problems:
        return RowError(line, "; ".join(problems))

    evidence_narrative = values.get(EVIDENCE_NARRATIVE, "")
    evidence = (
        (EvidenceItem(url=url, narrative=evidence_narrative),) if url or evidence_narrative else ()
    )
    return AwardRow(line=line, email=email, evidence=evidence, narrative=values.get(NARRATIVE, ""))


def _data_lines(lines: Iterable[str]) -> Iterator[tuple[int, list[str], dict[str, int], int]]:
    """(line number, cells, header index, header width) for each non-blank line after
    the header; raises `CsvFileError` as `iter_award_csv` says."""
    # strict: an unbalanced quote is refused rather than swallowing the lines after it.
    reader = csv.reader(lines, strict=True)
    index: dict[str, int] | None = None
    width = 0
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if index is None and cells:
                cells = [cells[0].removeprefix("\ufeff"), *cells[1:]]
            if not any(cell.strip() for cell in cells):
                continue
            if index is None:
                index, width = _header(cells), len(cells)
                continue
            yield start, cells, index, width
    except csv.Error as exc:
        raise CsvFileError(f"The file is not readable as CSV (line {end + 1}): {exc}.") from exc
    if index is None:
        raise CsvFileError(
            f"The file is empty. Its first line must be a header, e.g. {','.join(COLUMNS)}"
        )


def iter_award_csv(lines: Iterable[str]) -> Iterator[AwardRow | RowError]:
    """The lines of a bulk-award CSV, one at a time and in file order: each fit to
    award (`AwardRow`) or not (`RowError`). `lines` is any iterable of text lines (an
    open file, read as it goes, with ``newline=""``).

    Raises `CsvFileError` when the file as a whole is unusable (empty, not CSV,
    no ``email`` column, unknown columns) — possibly after yielding the lines before
    the fault. Blank lines are skipped. The first line naming an address claims it;
    later lines naming it again are errors, so no one is awarded twice from one file.
    """
    seen: dict[str, int] = {}
    for start, cells, index, width in _data_lines(lines):
        yield _row(start, cells, index, width, seen)


def count_award_csv(lines: Iterable[str]) -> int:
    """How many lines after the header a bulk-award CSV has (blank ones skipped),
    read as it goes: the file checked as a whole, as `iter_award_csv` checks it
    (raising `CsvFileError` the same way), but not line by line."""
    return sum(1 for _ in _data_lines(lines))


def parse_award_csv(text: str) -> tuple[list[AwardRow], list[RowError]]:
    """The lines of a bulk-award CSV fit to award, and the lines that are not (see
    `iter_award_csv`)."""
    rows: list[AwardRow] = []
    errors: list[RowError] = []
    for result in iter_award_csv(io.StringIO(text.removeprefix("\ufeff"), newline="")):
        (errors if isinstance(result, RowError) else rows).append(result)
    return rows, errors
