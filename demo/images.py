"""Badge artwork for the demo: drawn, not downloaded (no network, no binary fixtures).

`badge_png` draws a hexagon (educator badges) or a circle (student badges) with a
short monogram and a caption; `badge_svg` writes the same design as SVG text.
Both are deterministic, so the same inputs always give the same bytes.
"""

from __future__ import annotations

import io
import math
from functools import cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 512
_SCALE = 2  # draw large, then downsample for smooth edges
_FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf")


@cache
def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, px)
        except OSError:
            continue
    return ImageFont.load_default(size=px)


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return (int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16))


def _mix(color: str, other: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    base = _hex_to_rgb(color)
    return tuple(round(b + (o - b) * share) for b, o in zip(base, other, strict=True))


def _hexagon(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """A pointy-topped regular hexagon."""
    return [
        (cx + r * math.cos(math.radians(90 + 60 * i)), cy - r * math.sin(math.radians(90 + 60 * i)))
        for i in range(6)
    ]


def _fit_font(draw: ImageDraw.ImageDraw, text: str, start_px: int, max_width: float):
    px = start_px
    font = _font(px)
    while px > 12 and draw.textlength(text, font=font) > max_width:
        px -= 4
        font = _font(px)
    return font


@cache  # pure and deterministic; the seeder (and its tests) ask for the same art again
def badge_png(*, monogram: str, caption: str, color: str, shape: str = "hexagon") -> bytes:
    """A badge image as PNG bytes.

    `monogram` is 1-4 characters drawn large; `caption` is a short word drawn on a
    band below it; `color` is the main "#rrggbb"; `shape` is "hexagon" or "circle".
    """
    s = SIZE * _SCALE
    c = s / 2
    white = (255, 255, 255)
    dark = _mix(color, (0, 0, 0), 0.35)
    light = _mix(color, white, 0.55)

    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)

    if shape == "circle":
        for radius, fill in ((0.49, dark), (0.455, light), (0.43, _hex_to_rgb(color))):
            r = s * radius
            draw.ellipse((c - r, c - r, c + r, c + r), fill=fill)
        # A dotted inner ring, like a stitched patch.
        ring = s * 0.385
        for i in range(48):
            a = math.radians(i * 7.5)
            x, y = c + ring * math.cos(a), c + ring * math.sin(a)
            dot = s * 0.006
            draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=light)
    else:
        draw.polygon(_hexagon(c, c, s * 0.5), fill=dark)
        draw.polygon(_hexagon(c, c, s * 0.465), fill=light)
        draw.polygon(_hexagon(c, c, s * 0.44), fill=_hex_to_rgb(color))
        draw.polygon(_hexagon(c, c, s * 0.37), outline=light, width=max(2, s // 128))

    # Monogram.
    mono = monogram.upper()[:4]
    font = _fit_font(draw, mono, int(s * 0.24), s * 0.52)
    draw.text((c, c - s * 0.05), mono, font=font, fill=white, anchor="mm")

    # Caption band.
    if caption:
        band_h = s * 0.09
        top = c + s * 0.13
        draw.rounded_rectangle(
            (c - s * 0.3, top, c + s * 0.3, top + band_h), radius=band_h / 2, fill=white
        )
        cap = caption.upper()
        cap_font = _fit_font(draw, cap, int(band_h * 0.55), s * 0.54)
        draw.text((c, top + band_h / 2), cap, font=cap_font, fill=dark, anchor="mm")

    out = img.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    out.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


@cache
def badge_svg(*, monogram: str, caption: str, color: str) -> bytes:
    """The hexagon design as SVG text (no scripts, no external references)."""
    white = "#ffffff"
    dark = "#{:02x}{:02x}{:02x}".format(*_mix(color, (0, 0, 0), 0.35))
    light = "#{:02x}{:02x}{:02x}".format(*_mix(color, (255, 255, 255), 0.55))

    def points(r: float) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in _hexagon(256, 256, r))

    mono = escape(monogram.upper()[:4])
    cap = escape(caption.upper())
    mono_size = 120 if len(mono) <= 2 else 96
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 512 512" role="img">
  <title>{escape(monogram)} badge</title>
  <polygon points="{points(256)}" fill="{dark}"/>
  <polygon points="{points(238)}" fill="{light}"/>
  <polygon points="{points(225)}" fill="{color}"/>
  <polygon points="{points(190)}" fill="none" stroke="{light}" stroke-width="4"/>
  <text x="256" y="236" text-anchor="middle" dominant-baseline="central" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-weight="700" font-size="{mono_size}" fill="{white}">{mono}</text>
  <rect x="102" y="323" width="308" height="46" rx="23" fill="{white}"/>
  <text x="256" y="346" text-anchor="middle" dominant-baseline="central" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-weight="700" font-size="24" letter-spacing="2" fill="{dark}">{cap}</text>
</svg>
"""
    return svg.encode("utf-8")
