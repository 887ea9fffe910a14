"""Reading OneRoster packages: folders and zips (also with the files in a sub-folder),
what real SIS exports do to CSV, and what is refused, with a sentence that says why."""

import io
import re
import shutil
import zipfile

import pytest

from accounts.oneroster import PackageError, read_package
from core.errors import ServiceError

from .conftest import DATA


def zip_of(folder, *, prefix: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((DATA / folder).iterdir()):
            archive.write(path, prefix + path.name)
    return buffer.getvalue()


def test_a_folder_of_1_2_files():
    package = read_package(DATA / "bulk_1_2")
    assert package.version == "1.2"
    assert package.mode == "bulk"
    assert list(package.tables) == [
        "orgs",
        "academicSessions",
        "courses",
        "classes",
        "users",
        "roles",
        "demographics",
        "enrollments",
    ]
    users = package.tables["users"]
    assert users.file_name == "users.csv"
    assert [row.line for row in users.rows] == list(range(2, 11))
    first = users.rows[0].fields
    assert first["sourcedId"] == "u-t1"
    assert first["email"] == "mlopez@riverbend.example.org"
    assert first["primaryOrgSourcedId"] == "org-s1"
    assert package.total == 3 + 2 + 2 + 2 + 9 + 9 + 3 + 6


def test_a_1_1_package_keeps_role_and_org_sourced_ids():
    package = read_package(DATA / "bulk_1_1")
    assert package.version == "1.1"
    teacher = package.tables["users"].rows[0].fields
    assert teacher["role"] == "teacher"
    assert teacher["orgSourcedIds"] == "cf-north,cf-south"
    # 1.1's stateOfBirthAbbreviation is read as 1.2's stateOfBirthCode.
    assert package.tables["demographics"].rows[0].fields["stateOfBirthCode"] == "IA"


def test_delta_modes_come_from_the_manifest():
    package = read_package(DATA / "delta_1_2")
    assert {name: t.mode for name, t in package.tables.items()} == {
        "users": "delta",
        "enrollments": "delta",
    }
    assert package.mode == "delta"


def test_messy_files_bom_crlf_quotes_headers_ext_columns_and_scripts():
    package = read_package(DATA / "messy")
    orgs = package.tables["orgs"].rows
    assert orgs[0].fields["sourcedId"] == "m-d"  # upper-case header, quoted value, BOM
    assert orgs[1].fields["name"] == "Athens Campus, Upper School"  # quoted comma
    assert orgs[0].fields["EXT_NCES_ID"] == "0600001"  # ext_ kept under its own name
    users = {row.fields["sourcedId"]: row.fields for row in package.tables["users"].rows}
    assert users["m-1"]["givenName"] == "Νικόλαος"  # "Given Name" read as givenName
    assert users["m-1"]["preferredGivenName"] == "Νίκος"
    assert users["m-1"]["ext_locker"] == "L-12"
    assert "Unknown Column" not in users["m-1"]  # unknown columns dropped
    assert users["m-2"]["familyName"] == "Иванова"
    assert users["m-3"]["givenName"] == "Thị Minh"  # trailing empty columns ignored
    assert users["m-4"]["familyName"] == "حداد"
    assert users["m-5"]["familyName"] == "王"
    roles = package.tables["roles"].rows
    assert roles[0].fields["userSourcedId"] == "m-1"  # all lower-case headers


def test_a_zip_on_disk_and_as_a_file_object(tmp_path):
    path = tmp_path / "roster.zip"
    path.write_bytes(zip_of("bulk_1_2"))
    on_disk = read_package(path)
    with path.open("rb") as handle:
        from_object = read_package(handle)
    assert on_disk == from_object == read_package(DATA / "bulk_1_2")


def test_a_zip_with_the_files_in_a_sub_folder():
    data = zip_of("bulk_1_1", prefix="export-2026-12-01/oneroster/")
    package = read_package(io.BytesIO(data))
    assert package.version == "1.1"
    assert len(package.tables["users"].rows) == 6


def test_a_folder_with_the_files_in_a_sub_folder(tmp_path):
    shutil.copytree(DATA / "delta_1_2", tmp_path / "nightly")
    assert read_package(tmp_path).mode == "delta"


def test_not_a_zip_is_refused():
    with pytest.raises(ServiceError, match="This is not a zip file"):
        read_package(io.BytesIO(b"sourcedId,status\nu1,active\n"))


def test_no_manifest_is_refused(tmp_path):
    shutil.copy(DATA / "bulk_1_2" / "users.csv", tmp_path / "users.csv")
    with pytest.raises(PackageError, match=re.escape("it has no manifest.csv")):
        read_package(tmp_path)


def test_no_file_cairn_reads_is_refused(tmp_path):
    (tmp_path / "manifest.csv").write_text("propertyName,value\noneroster.version,1.2\n")
    (tmp_path / "lineItems.csv").write_text("sourcedId\nx\n")
    with pytest.raises(PackageError, match="holds none of the files Cairn reads"):
        read_package(tmp_path)


def test_a_file_the_manifest_lists_but_the_package_lacks(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "propertyName,value\noneroster.version,1.2\nfile.users,bulk\n"
    )
    with pytest.raises(
        PackageError, match=re.escape("lists users.csv as bulk, but the package has no")
    ):
        read_package(tmp_path)


def test_an_unknown_version_and_mode_are_refused(tmp_path):
    (tmp_path / "users.csv").write_text("sourcedId\nx\n")
    (tmp_path / "manifest.csv").write_text("propertyName,value\noneroster.version,1.0\n")
    with pytest.raises(PackageError, match=re.escape("Cairn reads OneRoster 1.1 and 1.2")):
        read_package(tmp_path)
    (tmp_path / "manifest.csv").write_text("propertyName,value\nfile.users,sometimes\n")
    with pytest.raises(PackageError, match="must be bulk, delta or absent"):
        read_package(tmp_path)


def test_absent_files_are_not_read(tmp_path):
    shutil.copytree(DATA / "bulk_1_2", tmp_path / "p")
    manifest = (
        (tmp_path / "p" / "manifest.csv")
        .read_text()
        .replace("file.roles,bulk", "file.roles,absent")
    )
    (tmp_path / "p" / "manifest.csv").write_text(manifest)
    assert "roles" not in read_package(tmp_path / "p").tables


def test_a_file_that_is_not_utf8_text_is_refused(tmp_path):
    shutil.copytree(DATA / "delta_1_2", tmp_path / "p")
    (tmp_path / "p" / "users.csv").write_bytes("sourcedId,givenName\nu1,Zoë\n".encode("latin-1"))
    with pytest.raises(PackageError, match=re.escape("users.csv is not UTF-8 text")):
        read_package(tmp_path / "p")
    (tmp_path / "p" / "users.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(PackageError, match=re.escape("users.csv is not CSV text")):
        read_package(tmp_path / "p")


def test_a_file_without_a_header_row_is_refused(tmp_path):
    shutil.copytree(DATA / "delta_1_2", tmp_path / "p")
    (tmp_path / "p" / "users.csv").write_text("u1,active,,true\n")
    with pytest.raises(PackageError, match=re.escape("users.csv has no OneRoster header row")):
        read_package(tmp_path / "p")


def test_a_zip_bomb_is_refused(settings):
    settings.ROSTER_UPLOAD_MAX_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.csv", "propertyName,value\noneroster.version,1.2\n")
        archive.writestr("users.csv", "sourcedId,email\n" + "x" * (5 * 1024 * 1024))
    assert len(buffer.getvalue()) < 64 * 1024  # small packed, five times the limit unpacked
    buffer.seek(0)
    with pytest.raises(PackageError, match="unpacks to more than the 1 MB Cairn accepts"):
        read_package(buffer)


def test_a_zip_bomb_that_understates_its_size_is_refused(settings):
    """A zip's header may claim a small size; what is read is counted, not what is said."""
    settings.ROSTER_UPLOAD_MAX_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.csv", "propertyName,value\noneroster.version,1.2\n")
        archive.writestr("users.csv", b"sourcedId\n" + b"y" * (2 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    # Rewrite the uncompressed size of users.csv in its central directory entry to 10 bytes.
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        name_length = int.from_bytes(data[entry + 28 : entry + 30], "little")
        if bytes(data[entry + 46 : entry + 46 + name_length]) == b"users.csv":
            data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
        entry = data.find(b"PK\x01\x02", entry + 4)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo("users.csv").file_size == 10
    with pytest.raises(PackageError):
        read_package(io.BytesIO(bytes(data)))


def test_a_file_larger_than_the_limit_is_refused(settings, tmp_path):
    settings.ROSTER_UPLOAD_MAX_BYTES = 1000
    path = tmp_path / "big.zip"
    path.write_bytes(zip_of("bulk_1_2"))
    with pytest.raises(PackageError, match="larger than the 1000 bytes Cairn accepts"):
        read_package(path)
