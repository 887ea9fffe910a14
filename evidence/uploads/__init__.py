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

from collections.abc import Callable

from .formats import (
    _ZIP,
    SVG,
    CheckedUpload,
    UploadRejected,
    _display_name,
    _too_big,
)
from .sniffing import _sanitize_svg, _sniff, _whole, _zip_format

__all__ = ["CheckedUpload", "UploadRejected", "check_upload"]


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
