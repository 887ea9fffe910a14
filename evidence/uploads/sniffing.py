"""Telling what an upload is from its bytes: magic numbers, ISO media brands, ZIP
containers (office documents or archives), text (SVG, or a web page or script)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import NoReturn

import filetype
import py_svg_hush

from .formats import (
    _ARCHIVE_MIMES,
    _AUDIO_BRANDS,
    _BY_FILETYPE_MIME,
    _DESCRIPTIONS,
    _FORMAT_NAMES,
    _HEIF_BRANDS,
    _HTML_TAGS,
    _LEGACY_OFFICE_MIMES,
    _M4V_BRANDS,
    _MACH_O_MAGICS,
    _MP4_BRANDS,
    _ODF_BY_MIMETYPE,
    _OLE_MAGIC,
    _OOXML_MAIN_PARTS,
    _SCRIPT_START,
    _SNIFF_BYTES,
    _TAG,
    _UTF8_BOM,
    _ZIP,
    _ZIP_MIMES,
    HEIC,
    M4V,
    MOV,
    MP4,
    NOT_ACCEPTED,
    SVG,
    UploadRejected,
    _Format,
    _image_format_refused,
    _not_accepted,
    _video_format_refused,
)


def _sniff(label: str, head: bytes) -> _Format:
    """The accepted format `head` starts, `_ZIP` or `SVG` to look further, or refuse."""
    head = head[:_SNIFF_BYTES]
    if head.startswith(b"MZ"):
        raise _not_accepted(label, "a Windows program")
    if head.startswith(b"\x7fELF"):
        raise _not_accepted(label, "a Linux program")
    if head.startswith(_MACH_O_MAGICS):
        raise _not_accepted(label, "a Mac program")
    if head.startswith(b"#!"):
        raise _not_accepted(label, "a script")
    if head[4:8] == b"ftyp":
        return _iso_media_format(label, head)
    mime = _filetype_mime(head)
    if mime in _BY_FILETYPE_MIME:
        return _BY_FILETYPE_MIME[mime]
    if mime in _ZIP_MIMES:
        return _ZIP
    if mime is not None:
        _refuse_detected(label, mime)
    if head.startswith(_OLE_MAGIC):
        raise _not_accepted(label, "an installer or other Microsoft compound file")
    return _sniff_text(label, head)


def _filetype_mime(head: bytes) -> str | None:
    kind = filetype.guess(head[:_SNIFF_BYTES])
    return kind.mime if kind else None


def _refuse_detected(label: str, mime: str) -> NoReturn:
    """Refuse a format that `filetype` recognized and we do not accept."""
    kind = next(t for t in filetype.types if t.mime == mime)
    fmt_name = _FORMAT_NAMES.get(kind.extension, kind.extension.upper())
    if mime in _LEGACY_OFFICE_MIMES:
        raise UploadRejected(
            f"{label} is in an older Microsoft Office format (.doc, .xls or .ppt), which is not "
            "accepted; please save it as .docx, .xlsx, .pptx or PDF and upload that."
        )
    if kind in filetype.image_matchers:
        raise _image_format_refused(label, fmt_name)
    if kind in filetype.video_matchers:
        raise _video_format_refused(label, fmt_name)
    if kind in filetype.audio_matchers:
        raise _not_accepted(label, "an audio file")
    if kind in filetype.font_matchers:
        raise _not_accepted(label, "a font")
    if mime in _ARCHIVE_MIMES:
        raise _not_accepted(label, "a compressed archive")
    raise _not_accepted(label, _DESCRIPTIONS.get(mime, f"a {fmt_name} file"))


def _iso_media_format(label: str, head: bytes) -> _Format:
    """MP4, MOV, M4V or HEIC, told apart by the brands in the leading ftyp box."""
    major = head[8:12].decode("latin-1")
    box_size = int.from_bytes(head[0:4], "big")
    end = min(box_size, len(head)) if box_size >= 16 else 12
    brands = {major} | {head[i : i + 4].decode("latin-1") for i in range(16, end - 3, 4)}
    if major in _HEIF_BRANDS or (major in {"mif1", "msf1"} and brands & _HEIF_BRANDS):
        return HEIC
    if brands & {"avif", "avis"}:
        raise _image_format_refused(label, "AVIF")
    if major in {"mif1", "msf1"}:
        raise _image_format_refused(label, "HEIF")
    if major in {"jp2 ", "jpx ", "jpm "}:
        raise _image_format_refused(label, "JPEG 2000")
    if major == "crx ":
        raise _image_format_refused(label, "Canon raw")
    if major == "qt  ":
        return MOV
    if major in _M4V_BRANDS:
        return M4V
    if major in _AUDIO_BRANDS:
        raise _not_accepted(label, "an audio file")
    if major.startswith(("3gp", "3g2")):
        raise _video_format_refused(label, "3GP")
    if major in _MP4_BRANDS or brands & {"isom", "mp41", "mp42"}:
        return MP4
    raise _not_accepted(label, "a media file of an unknown kind")


def _sniff_text(label: str, head: bytes) -> _Format:
    """SVG by its root element, or refuse as web page, markup, script, text or unknown."""
    root = _root_element(head)
    if root is not None:
        if root.rpartition(b":")[2] == b"svg":
            return SVG
        if root.lower() in _HTML_TAGS:
            raise _not_accepted(label, "a web page (HTML)")
        raise _not_accepted(label, "an XML or other markup file")
    if not _is_text(head):
        raise UploadRejected(f"{label} {NOT_ACCEPTED} (its contents were not recognized).")
    body = head.removeprefix(_UTF8_BOM).lstrip()
    if body[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise _not_accepted(label, "a web page (HTML)")
    if _SCRIPT_START.match(body):
        raise _not_accepted(label, "a script")
    raise _not_accepted(label, "a plain text file")


def _root_element(data: bytes) -> bytes | None:
    """The name of the first element, after any XML declaration, comments and doctype."""
    pos = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    while True:
        while pos < len(data) and data[pos] in b" \t\r\n":
            pos += 1
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            pos = -1 if end < 0 else end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            pos = -1 if end < 0 else end + 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            close = data.find(b">", pos)
            subset = data.find(b"[", pos)
            if 0 <= subset < close:
                subset_end = data.find(b"]", subset)
                close = -1 if subset_end < 0 else data.find(b">", subset_end)
            pos = -1 if close < 0 else close + 1
        else:
            break
        if pos < 0:
            return None
    match = _TAG.match(data, pos)
    return match.group(1) if match else None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off by the end of `head` is still text.
        return exc.reason == "unexpected end of data" and exc.start >= len(head) - 3
    return True


def _zip_format(label: str, data: bytes) -> _Format:
    """An OOXML or ODF document, told apart from other ZIP files by its entries."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            mimetype = b""
            info = infos.get("mimetype")
            if info is not None and info.file_size <= 200:
                mimetype = archive.read(info).strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError) as exc:  # fmt: skip
        raise UploadRejected(
            f"{label} looks like an office document or ZIP archive but could not be read; "
            "it may be damaged."
        ) from exc

    odf = _ODF_BY_MIMETYPE.get(mimetype.decode("ascii", errors="replace"))
    if odf is not None:
        return odf
    if mimetype == b"application/epub+zip":
        raise _not_accepted(label, _DESCRIPTIONS["application/epub+zip"])
    names = {name.lower() for name in infos}
    if "[content_types].xml" in names:
        found = [fmt for part, fmt in _OOXML_MAIN_PARTS.items() if part in names]
        if any(name.endswith("vbaproject.bin") for name in names):
            raise UploadRejected(
                f"{label} is an office document with macros, which are not accepted; please "
                "save it without macros (as .docx, .xlsx or .pptx) and upload that."
            )
        if len(found) == 1:
            return found[0]
    raise _not_accepted(label, "a ZIP archive")


def _sanitize_svg(label: str, data: bytes) -> bytes:
    try:
        cleaned = py_svg_hush.filter_svg(data)
    except Exception as exc:  # svg-hush raises ValueError, but it wraps a Rust parser
        raise UploadRejected(f"{label} is an SVG image that could not be read.") from exc
    root = _root_element(cleaned)
    if root is None or root.rpartition(b":")[2] != b"svg":
        raise UploadRejected(f"{label} is an SVG image with nothing left once made safe.")
    return cleaned


def _whole(head: bytes, size: int, read_all: Callable[[], bytes] | None) -> bytes:
    if read_all is not None:
        return read_all()
    if len(head) >= size:
        return head
    raise TypeError("check_upload needs read_all to check an SVG or ZIP file larger than head")
