"""Checking evidence uploads by what the bytes are, never by the file name.

Accepted: PDF; PNG, JPEG, GIF, WebP and HEIC images; SVG images (rewritten by
svg-hush, which drops scripts, event handlers, foreign objects and external
references); DOCX, XLSX, PPTX, ODT, ODS and ODP documents; MP4, MOV, WebM and
M4V videos. Everything else is refused with a message fit to show the uploader:
programs and scripts, web pages, archives, older binary Office files (they can
carry macros we cannot inspect), macro-enabled Office files, other image, video
and audio formats, and bytes we do not recognize.

The file name is only used to name the file in messages. A PNG called
``homework.pdf`` is accepted as a PNG; store it with ``CheckedUpload.extension``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import filetype
import py_svg_hush

from core.errors import ServiceError

NOT_ACCEPTED = "is not a PDF, image, office document or video"
IMAGE_FORMATS = "PNG, JPEG, GIF, WebP, HEIC or SVG"
VIDEO_FORMATS = "MP4, MOV, WebM or M4V"


class UploadRejected(ServiceError, ValueError):
    code = "upload_rejected"

    """The upload is not acceptable; the message names the file and says why."""


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "pdf" | "image" | "document" | "video" | "svg"
    mime: str  # detected, e.g. "application/pdf"
    extension: str  # the canonical extension to store with, e.g. "pdf", "docx", "mp4"
    size: int  # bytes to be stored (for an SVG, the sanitized size)
    content: bytes | None  # replaced content (sanitized SVG), or None to store the original


@dataclass(frozen=True)
class _Format:
    kind: str
    mime: str
    extension: str


PDF = _Format("pdf", "application/pdf", "pdf")
PNG = _Format("image", "image/png", "png")
JPEG = _Format("image", "image/jpeg", "jpg")
GIF = _Format("image", "image/gif", "gif")
WEBP = _Format("image", "image/webp", "webp")
HEIC = _Format("image", "image/heic", "heic")
SVG = _Format("svg", "image/svg+xml", "svg")
MP4 = _Format("video", "video/mp4", "mp4")
MOV = _Format("video", "video/quicktime", "mov")
M4V = _Format("video", "video/x-m4v", "m4v")
WEBM = _Format("video", "video/webm", "webm")
DOCX = _Format(
    "document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
XLSX = _Format(
    "document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
)
PPTX = _Format(
    "document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
)
ODT = _Format("document", "application/vnd.oasis.opendocument.text", "odt")
ODS = _Format("document", "application/vnd.oasis.opendocument.spreadsheet", "ods")
ODP = _Format("document", "application/vnd.oasis.opendocument.presentation", "odp")

# A ZIP container (OOXML, ODF or a plain archive) is told apart from the whole file.
_ZIP = _Format("zip", "application/zip", "zip")

_BY_FILETYPE_MIME = {f.mime: f for f in (PDF, PNG, JPEG, GIF, WEBP, HEIC, MP4, MOV, M4V, WEBM)}
_BY_FILETYPE_MIME["image/apng"] = PNG  # an animated PNG is a PNG
_ZIP_MIMES = {f.mime for f in (DOCX, XLSX, PPTX, ODT, ODS, ODP)} | {
    "application/zip",
    "application/epub+zip",
}
_LEGACY_OFFICE_MIMES = {
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
}
_ODF_BY_MIMETYPE = {f.mime: f for f in (ODT, ODS, ODP)}
# The main part of each OOXML package, as Office and LibreOffice name it.
_OOXML_MAIN_PARTS = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
_ARCHIVE_MIMES = {
    f"application/{sub}"
    for sub in (
        "x-tar", "x-rar-compressed", "gzip", "x-bzip2", "x-7z-compressed", "x-xz", "zstd",
        "x-brotli", "x-compress", "x-lzop", "x-lzip", "x-lz4", "vnd.ms-cab-compressed",
        "x-rpm", "x-deb", "x-unix-archive",
    )
}  # fmt: skip
_DESCRIPTIONS = {
    "application/x-msdownload": "a Windows program",
    "application/x-executable": "a Linux program",
    "application/x-shockwave-flash": "a Flash file",
    "application/rtf": "an RTF document",
    "application/postscript": "a PostScript file",
    "application/x-sqlite3": "a database file",
    "application/x-google-chrome-extension": "a browser extension",
    "application/wasm": "a WebAssembly program",
    "application/x-nintendo-nes-rom": "a game file",
    "application/epub+zip": "an e-book (EPUB)",
    "application/octet-stream": "a font",  # filetype's only octet-stream type is EOT
}
_FORMAT_NAMES = {
    "tif": "TIFF",
    "psd": "Photoshop",
    "ico": "icon",
    "dcm": "DICOM",
    "jxr": "JPEG XR",
    "jpx": "JPEG 2000",
    "cr2": "Canon raw",
    "mkv": "Matroska",
    "mpg": "MPEG",
    "3gp": "3GP",
}

# ISO base media files (MP4, MOV, HEIC, ...) start with an "ftyp" box naming brands.
_HEIF_BRANDS = {"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"}
_MP4_BRANDS = {"isom", "mp41", "mp42", "avc1", "dash", "mmp4", "MSNV", "XAVC"} | {
    f"iso{n}" for n in range(2, 10)
}
_M4V_BRANDS = {"M4V ", "M4VH", "M4VP"}
_AUDIO_BRANDS = {"M4A ", "M4B ", "M4P ", "F4A ", "F4B "}

_MACH_O_MAGICS = (
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # universal binary (also a Java class file)
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF8_BOM = b"\xef\xbb\xbf"
_HTML_TAGS = {
    b"html", b"head", b"body", b"script", b"iframe", b"meta", b"title", b"style", b"link",
    b"div", b"p", b"a", b"b", b"br", b"h1", b"table", b"font", b"form", b"img", b"span",
}  # fmt: skip
_TAG = re.compile(rb"<([A-Za-z_][A-Za-z0-9_.:-]*)")
_SCRIPT_START = re.compile(
    rb"\s*(?://|/\*|['\"]use strict['\"]|\(\s*function\b|"
    rb"(?:function|var|let|const|import|export|async|class|document|window)\b)"
)
_SNIFF_BYTES = 8192


def check_upload(
    *,
    name: str,
    head: bytes,
    size: int,
    max_bytes: int,
    max_video_bytes: int,
    read_all: Callable[[], bytes] | None = None,
) -> CheckedUpload:
    """Accept or refuse an upload by its content; raise UploadRejected saying why.

    `head` is at least the first 8 KiB (or the whole file); `read_all()` returns
    the whole file and is only called, after the size check, for SVGs (to
    sanitize them) and ZIP containers (to tell office documents from archives).
    Without `read_all`, such a file longer than `head` is a programming error
    (TypeError). Videos may be up to `max_video_bytes`, everything else up to
    `max_bytes`.
    """
    label = _display_name(name)
    if size <= 0 or not head:
        raise UploadRejected(f"{label} is empty.")
    fmt = _sniff(label, head)
    limit = max_video_bytes if fmt.kind == "video" else max_bytes
    if size > limit:
        raise UploadRejected(_too_big(label, size, limit, video=fmt.kind == "video"))
    if fmt is _ZIP:
        fmt = _zip_format(label, _whole(head, size, read_all))
    if fmt is SVG:
        cleaned = _sanitize_svg(label, _whole(head, size, read_all))
        return CheckedUpload(
            kind=SVG.kind,
            mime=SVG.mime,
            extension=SVG.extension,
            size=len(cleaned),
            content=cleaned,
        )
    return CheckedUpload(
        kind=fmt.kind, mime=fmt.mime, extension=fmt.extension, size=size, content=None
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


def _not_accepted(label: str, looks_like: str) -> UploadRejected:
    return UploadRejected(f"{label} {NOT_ACCEPTED} (it looks like {looks_like}).")


def _image_format_refused(label: str, fmt_name: str) -> UploadRejected:
    return UploadRejected(
        f"{label} is an image in a format that is not accepted ({fmt_name}); "
        f"please upload a {IMAGE_FORMATS} image."
    )


def _video_format_refused(label: str, fmt_name: str) -> UploadRejected:
    return UploadRejected(
        f"{label} is a video in a format that is not accepted ({fmt_name}); "
        f"please upload an {VIDEO_FORMATS} video."
    )


def _too_big(label: str, size: int, limit: int, *, video: bool) -> str:
    what = "videos" if video else "files other than videos"
    shown, allowed = _human_size(size), _human_size(limit)
    if shown == allowed:
        return f"{label} is just over {shown}; {what} may be at most {allowed}."
    return f"{label} is {shown}; {what} may be at most {allowed}."


def _human_size(num_bytes: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if num_bytes >= factor:
            return f"{num_bytes / factor:.1f}".removesuffix(".0") + f" {unit}"
    return "1 byte" if num_bytes == 1 else f"{num_bytes} bytes"


def _display_name(name: str) -> str:
    """The file's base name, printable and not too long, in quotes."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > 80:
        base = base[:79] + "…"
    return f"“{base}”" if base else "The file"
