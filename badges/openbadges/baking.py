"""Bake and unbake Open Badges in PNG and SVG images (openbadges-bakery)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from defusedxml.minidom import parseString
from openbadges_bakery import png_bakery, svg_bakery

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class BakeryError(ValueError):
    """The image could not be baked or read."""


def image_kind(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "png"
    head = data[:1024].lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096]:
        return "svg"
    return None


def bake(image: bytes, payload: str) -> bytes:
    """Return a copy of `image` (PNG or SVG) carrying `payload` (assertion JSON or URL)."""
    kind = image_kind(image)
    try:
        if kind == "png":
            out = png_bakery.bake(io.BytesIO(image), payload, io.BytesIO())
        elif kind == "svg":
            out = svg_bakery.bake(io.BytesIO(image), payload, io.BytesIO())
        else:
            raise BakeryError("Only PNG and SVG images can be baked.")
    except BakeryError:
        raise
    except Exception as exc:  # the bakery raises whatever its parsers raise
        raise BakeryError(f"The image could not be baked: {exc}") from exc
    return out.getvalue()


@dataclass(frozen=True)
class Unbaked:
    kind: str  # "png" or "svg"
    payload: str  # the embedded content: assertion JSON, a URL or a JWS
    verify_url: str = ""  # SVG's verify attribute, when present


def unbake(data: bytes) -> Unbaked | None:
    """The Open Badges content baked into an image, or None if there is none.

    Raises BakeryError when the file is not a readable PNG or SVG.
    """
    kind = image_kind(data)
    if kind == "png":
        try:
            payload = png_bakery.unbake(io.BytesIO(data))
        except Exception as exc:
            raise BakeryError("This PNG file could not be read.") from exc
        return Unbaked(kind="png", payload=payload) if payload else None
    if kind == "svg":
        return _unbake_svg(data)
    raise BakeryError("This is not a PNG or SVG image.")


def _unbake_svg(data: bytes) -> Unbaked | None:
    try:
        doc = parseString(data)
    except Exception as exc:
        raise BakeryError("This SVG file could not be read.") from exc
    nodes = doc.getElementsByTagName("openbadges:assertion")
    if not nodes:
        return None
    node = nodes[0]
    text = "".join(
        child.nodeValue
        for child in node.childNodes
        if child.nodeType in (child.CDATA_SECTION_NODE, child.TEXT_NODE)
    ).strip()
    verify = node.getAttribute("verify") or ""
    if not text and not verify:
        return None
    return Unbaked(kind="svg", payload=text or verify, verify_url=verify)
