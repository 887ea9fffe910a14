"""OB 3.0 baking: PNG iTXt ``openbadgecredential`` and SVG ``<openbadges:credential>``."""

import io
import struct
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from defusedxml.minidom import parseString
from PIL import Image

from badges.openbadges import baking as ob2_baking
from badges.openbadges.ob3 import baking
from badges.openbadges.ob3 import dataintegrity as di
from badges.openbadges.ob3 import jwt as vcjwt

from . import samples


@pytest.fixture(scope="module")
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def signed(key):
    return di.sign(
        samples.achievement_credential(),
        private_key=key,
        verification_method=samples.VERIFICATION_METHOD,
        created=samples.VALID_FROM,
    )


@pytest.fixture(scope="module")
def token(key):
    return vcjwt.encode(
        samples.achievement_credential(), private_key=key, kid=samples.VERIFICATION_METHOD
    )


def _png_chunks(data):
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunks.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return chunks


# --- PNG ----------------------------------------------------------------------


def test_png_round_trip_with_embedded_proof(signed, key):
    baked = baking.bake(samples.png_image(), signed)
    unbaked = baking.unbake(baked)
    assert unbaked.kind == "png"
    assert not unbaked.is_jwt
    assert unbaked.credential() == signed
    assert di.verify(unbaked.credential(), resolve_key=lambda m: key.public_key()).ok


def test_png_round_trip_with_vc_jwt(token, key):
    unbaked = baking.unbake(baking.bake(samples.png_image(), token))
    assert unbaked.is_jwt
    assert unbaked.payload == token
    _, reason = vcjwt.decode(unbaked.payload, resolve_key=lambda kid: key.public_key())
    assert reason is None


def test_png_chunk_is_an_uncompressed_itxt_after_ihdr(signed):
    chunks = _png_chunks(baking.bake(samples.png_image(), signed))
    assert [c[0] for c in chunks][:2] == [b"IHDR", b"iTXt"]
    keyword, _, rest = chunks[1][1].partition(b"\x00")
    assert keyword == b"openbadgecredential"
    assert rest[:2] == b"\x00\x00"  # compression flag and method


def test_baked_png_is_still_a_valid_image(signed):
    image = Image.open(io.BytesIO(baking.bake(samples.png_image(), signed)))
    image.load()
    assert image.size == (2, 2)


def test_rebaking_replaces_the_credential(signed, token):
    twice = baking.bake(baking.bake(samples.png_image(), signed), token)
    itxt = [c for c in _png_chunks(twice) if c[0] == b"iTXt"]
    assert len(itxt) == 1
    assert baking.unbake(twice).payload == token


def test_png_without_a_credential():
    assert baking.unbake(samples.png_image()) is None


def test_ob2_baked_png_is_not_mistaken_for_a_3_0_credential():
    ob2 = ob2_baking.bake(samples.png_image(), "https://cairn.example/ob/v2/assertions/1")
    assert baking.unbake(ob2) is None


def test_compressed_itxt_is_still_read(signed):
    text = b'{"id":"urn:x"}'
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(text)
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"iTXt" + body))
    png = samples.png_image()
    image = png[:33] + chunk + png[33:]  # after the 8-byte signature and 25-byte IHDR
    assert baking.unbake(image).credential() == {"id": "urn:x"}


def test_damaged_png_is_an_error(signed):
    baked = bytearray(baking.bake(samples.png_image(), signed))
    baked[60] ^= 0xFF
    with pytest.raises(baking.BakeryError, match="checksum"):
        baking.unbake(bytes(baked))
    with pytest.raises(baking.BakeryError, match="truncated"):
        baking.unbake(bytes(baked[:50]))


# --- SVG ----------------------------------------------------------------------


def test_svg_round_trip_with_embedded_proof(signed):
    baked = baking.bake(samples.SVG_IMAGE, signed)
    doc = parseString(baked)
    root = doc.documentElement
    assert root.getAttribute("xmlns:openbadges") == "https://purl.imsglobal.org/ob/v3p0"
    first = next(n for n in root.childNodes if n.nodeType == n.ELEMENT_NODE)
    assert first.tagName == "openbadges:credential"
    assert not first.hasAttribute("verify")
    assert first.firstChild.nodeType == first.CDATA_SECTION_NODE
    assert root.getElementsByTagName("circle")  # the picture is kept
    unbaked = baking.unbake(baked)
    assert unbaked.kind == "svg"
    assert unbaked.credential() == signed


def test_svg_round_trip_with_vc_jwt_in_the_verify_attribute(token):
    baked = baking.bake(samples.SVG_IMAGE, token)
    element = parseString(baked).getElementsByTagName("openbadges:credential")[0]
    assert element.getAttribute("verify") == token
    assert baking.unbake(baked).payload == token
    assert baking.unbake(baked).is_jwt


def test_svg_cdata_survives_json_containing_the_cdata_end_marker(key):
    tricky = samples.achievement_credential(description="Arrays like a[b[0]]> are fine")
    unbaked = baking.unbake(baking.bake(samples.SVG_IMAGE, tricky))
    assert unbaked.credential() == tricky


def test_svg_rebaking_replaces_the_credential(signed, token):
    twice = baking.bake(baking.bake(samples.SVG_IMAGE, signed), token)
    assert len(parseString(twice).getElementsByTagName("openbadges:credential")) == 1
    assert baking.unbake(twice).payload == token


def test_svg_with_the_jwt_as_element_content_is_read(token):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        b"<openbadges:credential>\n  " + token.encode() + b"\n</openbadges:credential></svg>"
    )
    assert baking.unbake(svg).payload == token


def test_svg_without_a_credential():
    assert baking.unbake(samples.SVG_IMAGE) is None


@pytest.mark.parametrize(
    "data",
    [b"GIF89a....", b"<svg><unclosed></svg>", b"<?xml version='1.0'?><html/>"],
)
def test_unreadable_images(data):
    with pytest.raises(baking.BakeryError):
        baking.unbake(data)


def test_svg_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    )
    with pytest.raises(baking.BakeryError):
        baking.unbake(bomb)


def test_only_credentials_and_jws_strings_can_be_baked():
    with pytest.raises(baking.BakeryError):
        baking.bake(samples.png_image(), "https://cairn.example/not-a-jwt")
    with pytest.raises(baking.BakeryError, match="PNG and SVG"):
        baking.bake(b"GIF89a", {"id": "urn:x"})
