"""Reading a OneRoster CSV package (a zip, or a folder) into rows keyed by column.

`read_package(source)` takes a path to a .zip or a folder, or a binary file object of a
zip. It is tolerant of what SIS exports do (a BOM, CRLF, quoted or unquoted fields,
empty trailing columns, header case and spacing, 1.1 or 1.2 headers, the files in a
sub-folder of the zip) and refuses, with a sentence fit to show, what is not a
OneRoster package: not a zip, no manifest.csv, no file Cairn reads, a file that is not
UTF-8 CSV text, or more than `ROSTER_UPLOAD_MAX_BYTES` once unpacked (a zip bomb).
Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from core.errors import ServiceError

from .columns import TABLES, column_of, table_of

MODES = ("bulk", "delta")
VERSIONS = ("1.1", "1.2")
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


@dataclass
class Row:
    line: int  # the physical line its record starts on in its file
    fields: dict[str, str]


@dataclass
class Table:
    name: str  # "users", "orgs", ... (the file is `<name>.csv`)
    mode: str  # "bulk" | "delta"
    rows: list[Row] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


@dataclass
class RosterPackage:
    version: str  # "1.1" | "1.2"
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def mode(self) -> str:
        """ "delta" when any table is a delta, else "bulk"."""
        return "delta" if any(t.mode == "delta" for t in self.tables.values()) else "bulk"

    @property
    def total(self) -> int:
        """How many lines there are to import."""
        return sum(len(t.rows) for t in self.tables.values())


class PackageError(ServiceError):
    code = "not_oneroster"


def max_bytes() -> int:
    return int(getattr(settings, "ROSTER_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n} bytes"
    return f"{n / (1024 * 1024):.0f} MB"


# Sources: a folder, a zip on disk, a zip as a file object --------------------------------


def _files_in_folder(folder: Path) -> dict[str, bytes]:
    found = [p for p in folder.rglob("*") if p.is_file() and p.name.lower() == "manifest.csv"]
    root = min(found, key=lambda p: len(p.parts)).parent if found else folder
    limit, used, files = max_bytes(), 0, {}
    for path in sorted(root.iterdir()):
        if path.is_file() and table_of(path.name):
            used += path.stat().st_size
            if used > limit:
                raise PackageError(
                    f"The package is larger than the {_megabytes(limit)} Cairn accepts."
                )
            files[path.name] = path.read_bytes()
    return files


def _files_in_zip(archive: zipfile.ZipFile) -> dict[str, bytes]:
    members = [i for i in archive.infolist() if not i.is_dir() and table_of(Path(i.filename).name)]
    folders = {
        str(Path(i.filename).parent)
        for i in members
        if Path(i.filename).name.lower() == "manifest.csv" and "__MACOSX" not in i.filename
    }
    if folders:
        root = min(folders, key=lambda f: (f.count("/"), f))
    else:
        root = min((str(Path(i.filename).parent) for i in members), default=".")
    limit, used, files = max_bytes(), 0, {}
    for info in members:
        if str(Path(info.filename).parent) != root:
            continue
        # The sizes a zip declares may lie; read at most what is left of the limit.
        if used + info.file_size > limit:
            raise PackageError(
                f"The package unpacks to more than the {_megabytes(limit)} Cairn accepts."
            )
        with archive.open(info) as member:
            data = member.read(limit - used + 1)
        used += len(data)
        if used > limit:
            raise PackageError(
                f"The package unpacks to more than the {_megabytes(limit)} Cairn accepts."
            )
        files[Path(info.filename).name] = data
    return files


def _open_zip(source: str | os.PathLike[str] | BinaryIO) -> dict[str, bytes]:
    limit = max_bytes()
    if isinstance(source, str | os.PathLike):
        if Path(source).stat().st_size > limit:
            raise PackageError(f"The file is larger than the {_megabytes(limit)} Cairn accepts.")
    else:
        start = source.tell()
        size = source.seek(0, io.SEEK_END) - start
        source.seek(start)
        if size > limit:
            raise PackageError(f"The file is larger than the {_megabytes(limit)} Cairn accepts.")
    try:
        with zipfile.ZipFile(source) as archive:
            return _files_in_zip(archive)
    except zipfile.BadZipFile as exc:
        raise PackageError(
            "This is not a zip file. Upload the OneRoster package as a .zip of its CSV "
            "files (manifest.csv, orgs.csv, users.csv, …)."
        ) from exc
    except (NotImplementedError, RuntimeError) as exc:  # encrypted, unknown compression
        raise PackageError(f"The zip file cannot be read: {exc}.") from exc


# CSV text -------------------------------------------------------------------------------


def _text(file_name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise PackageError(f"{file_name} is not CSV text (it holds binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackageError(
            f"{file_name} is not UTF-8 text (a byte at position {exc.start} is not UTF-8). "
            "Export the roster as UTF-8 CSV."
        ) from exc


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, its cells) for each CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    previous_end = 0
    for cells in reader:
        yield previous_end + 1, cells
        previous_end = reader.line_num


def _read_table(name: str, mode: str, file_name: str, data: bytes) -> Table:
    table = Table(name=name, mode=mode)
    try:
        records = _records(_text(file_name, data))
        header_line = next(records, None)
        if header_line is None:
            return table
        columns = [column_of(name, cell) for cell in header_line[1]]
        if not any(columns):
            raise PackageError(
                f"{file_name} has no OneRoster header row (its first line names none of "
                "the columns sourcedId, status, …)."
            )
        for line, cells in records:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, or only commas
            fields = {
                column: (cells[i].strip() if i < len(cells) else "")
                for i, column in enumerate(columns)
                if column
            }
            table.rows.append(Row(line=line, fields=fields))
    except csv.Error as exc:
        raise PackageError(f"{file_name} is not readable CSV: {exc}.") from exc
    return table


def _manifest(data: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        for _line, cells in _records(_text("manifest.csv", data)):
            if len(cells) >= 2 and cells[0].strip():
                found[cells[0].strip().lstrip("\ufeff").lower()] = cells[1].strip()
    except csv.Error as exc:
        raise PackageError(f"manifest.csv is not readable CSV: {exc}.") from exc
    return found


def _version(manifest: dict[str, str], files: dict[str, bytes]) -> str:
    stated = manifest.get("oneroster.version", "").strip().lower().lstrip("v")
    if stated in VERSIONS:
        return stated
    if stated:
        raise PackageError(
            f"manifest.csv says oneroster.version is {stated!r}; Cairn reads OneRoster 1.1 and 1.2."
        )
    # No version stated: 1.2 has roles.csv and users.csv without a role column.
    if any(table_of(name) == "roles" for name in files):
        return "1.2"
    return "1.1"


def read_package(source: str | os.PathLike[str] | BinaryIO) -> RosterPackage:
    """The tables of a OneRoster CSV package. Raises `ServiceError` (a `PackageError`)
    with a clear sentence when it is not one."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise PackageError(f"There is no file or folder {path}.")
        files = _files_in_folder(path) if path.is_dir() else _open_zip(path)
    else:
        files = _open_zip(source)
    by_table = {table_of(name): name for name in sorted(files, reverse=True)}
    if "manifest" not in by_table:
        raise PackageError(
            "This is not a OneRoster package: it has no manifest.csv (the file that names "
            "the OneRoster version and which files are bulk or delta)."
        )
    manifest = _manifest(files[by_table["manifest"]])
    version = _version(manifest, files)
    package = RosterPackage(version=version)
    for name in TABLES:
        stated = manifest.get(f"file.{name}".lower(), "").strip().lower()
        if stated == "absent":
            continue
        if stated and stated not in MODES:
            raise PackageError(
                f"manifest.csv says file.{name} is {stated!r}; it must be bulk, delta or absent."
            )
        file_name = by_table.get(name)
        if file_name is None:
            if stated:
                raise PackageError(
                    f"manifest.csv lists {name}.csv as {stated}, but the package has no {name}.csv."
                )
            continue
        package.tables[name] = _read_table(name, stated or "bulk", file_name, files[file_name])
    if not package.tables:
        raise PackageError(
            "This OneRoster package holds none of the files Cairn reads (orgs.csv, users.csv, "
            "roles.csv, classes.csv, courses.csv, enrollments.csv, academicSessions.csv, "
            "demographics.csv)."
        )
    return package
