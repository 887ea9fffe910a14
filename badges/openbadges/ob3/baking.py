"""Open Badges 3.0 baking: a credential inside a PNG or SVG image (spec §5.3).

PNG: one ``iTXt`` chunk with keyword ``openbadgecredential``, uncompressed,
whose text is the credential JSON (embedded proof) or the compact JWS (VC-JWT).

SVG: an ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`` declaration
and, directly after the ``<svg>`` tag, one ``<openbadges:credential>`` element:
with a VC-JWT the JWS goes in its ``verify`` attribute; with an embedded proof
the JSON goes in its body, in a CDATA section. Unbaking also accepts a JWS in
the element's body.

Baking an image that already carries a 3.0 credential replaces it. OB 2.0
baked data (``openbadges`` chunk, ``<openbadges:assertion>``) is left alone.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any
from xml.dom import Node
from xml.dom.minidom import Document, Element

from defusedxml.minidom import parseString

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_ELEMENT = "openbadges:credential"
MAX_TEXT_BYTES = 8 * 1024 * 1024


class BakeryError(ValueError):
    """The image could not be baked or read."""


@dataclass(frozen=True)
class Unbaked:
    kind: str  # "png" or "svg"
    payload: str  # credential JSON or a compact JWS

    @property
    def is_jwt(self) -> bool:
        return not self.payload.lstrip().startswith("{")

    def credential(self) -> dict[str, Any]:
        """The JSON credential (BakeryError if the payload is a JWT or not JSON)."""
        try:
            value = json.loads(self.payload)
        except ValueError as exc:
            raise BakeryError("The baked payload is not JSON.") from exc
        if not isinstance(value, dict):
            raise BakeryError("The baked payload is not a JSON object.")
        return value


def image_kind(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "png"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")) and b"<svg" in data[:8192]:
        return "svg"
    return None


def _payload_text(credential: dict[str, Any] | str) -> tuple[str, bool]:
    """(text, is_jwt) for a credential dict (embedded proof) or a compact JWS."""
    if isinstance(credential, dict):
        return json.dumps(credential, ensure_ascii=False, separators=(",", ":")), False
    if isinstance(credential, str) and credential.count(".") == 2 and "{" not in credential:
        return credential.strip(), True
    raise BakeryError("Bake a credential dict or a compact JWS string.")


def bake(image: bytes, credential: dict[str, Any] | str) -> bytes:
    """A copy of `image` (PNG or SVG) carrying `credential` (a dict or a VC-JWT)."""
    text, is_jwt = _payload_text(credential)
    kind = image_kind(image)
    if kind == "png":
        return bake_png(image, text)
    if kind == "svg":
        return bake_svg(image, text, is_jwt=is_jwt)
    raise BakeryError("Only PNG and SVG images can be baked.")


def unbake(data: bytes) -> Unbaked | None:
    """The 3.0 credential baked into an image, or None if it carries none.

    BakeryError when the file is not a readable PNG or SVG.
    """
    kind = image_kind(data)
    if kind == "png":
        text = unbake_png(data)
    elif kind == "svg":
        text = unbake_svg(data)
    else:
        raise BakeryError("This is not a PNG or SVG image.")
    return Unbaked(kind=kind, payload=text) if text else None


# ---------------------------------------------------------------------------
# PNG


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk, checking lengths and CRCs."""
    if not data.startswith(PNG_SIGNATURE):
        raise BakeryError("This is not a PNG file.")
    chunks: list[tuple[bytes, bytes]] = []
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        if pos + 12 > len(data):
            raise BakeryError("This PNG file is truncated.")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise BakeryError("This PNG file is truncated.")
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : end])
        if zlib.crc32(ctype + body) != crc:
            raise BakeryError("This PNG file is damaged (bad chunk checksum).")
        chunks.append((ctype, body))
        pos = end
        if ctype == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise BakeryError("This PNG file is damaged (no IHDR/IEND).")
    return chunks


def _chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def _itxt(text: str) -> bytes:
    # keyword NUL, compression flag 0, method 0, empty language tag NUL,
    # empty translated keyword NUL, UTF-8 text.
    return PNG_KEYWORD + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")


def _parse_itxt(body: bytes) -> tuple[bytes, str] | None:
    keyword, sep, rest = body.partition(b"\x00")
    if not sep or len(rest) < 2:
        return None
    flag, method, rest = rest[0], rest[1], rest[2:]
    _language, sep1, rest = rest.partition(b"\x00")
    _translated, sep2, raw = rest.partition(b"\x00")
    if not (sep1 and sep2):
        return None
    if flag == 1:
        if method != 0:
            raise BakeryError("Unknown iTXt compression method.")
        try:
            raw = zlib.decompressobj().decompress(raw, MAX_TEXT_BYTES + 1)
        except zlib.error as exc:
            raise BakeryError("The compressed credential chunk is damaged.") from exc
        if len(raw) > MAX_TEXT_BYTES:
            raise BakeryError("The baked credential is too large.")
    try:
        return keyword, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakeryError("The baked credential is not UTF-8 text.") from exc


def _is_credential_chunk(ctype: bytes, body: bytes) -> bool:
    return ctype == b"iTXt" and body.split(b"\x00", 1)[0] == PNG_KEYWORD


def bake_png(image: bytes, text: str) -> bytes:
    """`image` with one uncompressed iTXt ``openbadgecredential`` chunk holding `text`.

    The chunk goes right after IHDR so that readers that stop at the first
    ``openbadgecredential`` chunk find it early; an existing one is replaced.
    """
    chunks = [c for c in _chunks(image) if not _is_credential_chunk(*c)]
    out = [PNG_SIGNATURE, _chunk(*chunks[0]), _chunk(b"iTXt", _itxt(text))]
    out.extend(_chunk(ctype, body) for ctype, body in chunks[1:])
    return b"".join(out)


def unbake_png(data: bytes) -> str | None:
    """The text of the first ``openbadgecredential`` iTXt chunk, or None."""
    chunks = _chunks(data)
    for ctype, body in chunks:
        if _is_credential_chunk(ctype, body):
            parsed = _parse_itxt(body)
            if parsed is None:
                raise BakeryError("The openbadgecredential chunk is malformed.")
            return parsed[1].strip() or None
    return None


# ---------------------------------------------------------------------------
# SVG


def _parse_svg(data: bytes) -> Document:
    try:
        doc = parseString(data)
    except Exception as exc:  # expat / defusedxml raise several types
        raise BakeryError("This SVG file could not be read.") from exc
    root = doc.documentElement
    if root is None or root.localName != "svg":
        raise BakeryError("This is not an SVG image.")
    return doc


def _credential_elements(doc: Document) -> list[Element]:
    found = list(doc.getElementsByTagNameNS(SVG_NAMESPACE, "credential"))
    for node in doc.getElementsByTagName(SVG_ELEMENT):
        if node not in found:
            found.append(node)
    return found


def _json_for_cdata(text: str) -> str:
    # "]]>" would end the CDATA section; ">" only occurs inside JSON strings,
    # where the escape \u003e denotes the same character.
    return text.replace("]]>", "]]\\u003e")


def bake_svg(image: bytes, text: str, *, is_jwt: bool) -> bytes:
    """`image` with an ``<openbadges:credential>`` first child of ``<svg>``."""
    doc = _parse_svg(image)
    root = doc.documentElement
    for node in _credential_elements(doc):
        node.parentNode.removeChild(node)
    root.setAttribute("xmlns:openbadges", SVG_NAMESPACE)
    element = doc.createElementNS(SVG_NAMESPACE, SVG_ELEMENT)
    if is_jwt:
        element.setAttribute("verify", text)
    else:
        element.appendChild(doc.createCDATASection(_json_for_cdata(text)))
    root.insertBefore(element, root.firstChild)
    return doc.toxml(encoding="utf-8")


def unbake_svg(data: bytes) -> str | None:
    """The credential in the first ``<openbadges:credential>``, or None."""
    elements = _credential_elements(_parse_svg(data))
    if not elements:
        return None
    node = elements[0]
    verify = node.getAttribute("verify").strip()
    if verify:
        return verify
    text = "".join(
        child.data
        for child in node.childNodes
        if child.nodeType in (Node.CDATA_SECTION_NODE, Node.TEXT_NODE)
    ).strip()
    return text or None
