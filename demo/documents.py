"""Evidence files for the demo, made here: a one-page PDF and a photo-like PNG.

Like the badge artwork in `images.py`, nothing is downloaded and nothing binary is
checked in, and the same inputs always give the same bytes. The PDF is a small but
valid PDF 1.4 document (catalog, one page, Helvetica text, a cross-reference table
with correct offsets) that any reader opens and the upload checks accept by content.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from PIL import Image, ImageDraw

from .images import _font

_PAGE_WIDTH, _PAGE_HEIGHT = 612, 792  # US Letter, in points
_MARGIN = 72
_LINE_WIDTH = 88  # characters of 11 pt Helvetica that fit between the margins
_MAX_LINES = 50


def _pdf_text(text: str) -> bytes:
    """A PDF literal string body: WinAnsi bytes with \\, ( and ) escaped."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_document(*, title: str, lines: Sequence[str]) -> bytes:
    """A one-page PDF with a title and wrapped lines of text (blank strings for gaps)."""
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, _LINE_WIDTH) or [""])
    wrapped = wrapped[:_MAX_LINES]

    content = [
        b"BT",
        b"/F1 16 Tf",
        f"{_MARGIN} {_PAGE_HEIGHT - _MARGIN} Td".encode(),
        b"(" + _pdf_text(title) + b") Tj",
        b"/F1 11 Tf",
        b"15 TL",
        b"T*",
    ]
    content += [b"(" + _pdf_text(line) + b") '" for line in wrapped]
    content.append(b"ET")
    stream = b"\n".join(content)

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Title (" + _pdf_text(title) + b") /Producer (Cairn demo data) >>",
    ]

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)


def photo_png(*, caption: str, beads: int = 3, width: int = 640, height: int = 400) -> bytes:
    """A stand-in photo of weld coupons: steel plates with bead lines and a caption."""
    image = Image.new("RGB", (width, height), (48, 52, 58))  # the welding table
    draw = ImageDraw.Draw(image)
    beads = max(1, beads)
    gap = 16
    plate_w = (width - gap * (beads + 1)) // beads
    top, bottom = 40, height - 80
    for i in range(beads):
        left = gap + i * (plate_w + gap)
        draw.rectangle((left, top, left + plate_w, bottom), fill=(140, 146, 152))
        middle = left + plate_w // 2
        # the bead: a column of overlapping ripples
        for y in range(top + 12, bottom - 12, 7):
            draw.ellipse((middle - 9, y - 5, middle + 9, y + 5), fill=(96, 90, 84))
            draw.arc((middle - 9, y - 5, middle + 9, y + 5), 200, 340, fill=(176, 168, 150))
    draw.rectangle((0, height - 64, width, height), fill=(20, 22, 26))
    draw.text((16, height - 48), caption[:70], fill=(240, 240, 240), font=_font(22))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
