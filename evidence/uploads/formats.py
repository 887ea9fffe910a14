"""The formats evidence uploads may be, and the messages for the ones refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import ServiceError

NOT_ACCEPTED = "is not a PDF, image, office document or video"
IMAGE_FORMATS = "PNG, JPEG, GIF, WebP, HEIC or SVG"
VIDEO_FORMATS = "MP4, MOV, WebM or M4V"


class UploadRejected(ServiceError, ValueError):
    """The upload is not acceptable; the message names the file and says why."""

    code = "upload_rejected"


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
