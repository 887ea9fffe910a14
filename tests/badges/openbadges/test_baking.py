"""Baking Open Badges 2.0 assertions into PNG and SVG images, and reading them back."""

import json

import pytest

from badges.openbadges.baking import BakeryError, bake, unbake
from tests.badges.factories import SVG_BYTES, png_bytes


@pytest.mark.parametrize("image", [png_bytes(), SVG_BYTES], ids=["png", "svg"])
def test_bake_unbake_round_trip(image):
    payload = json.dumps({"id": "https://c/a/1", "type": "Assertion", "name": "Ñandú ✓"})
    baked = bake(image, payload)
    got = unbake(baked)
    assert got is not None
    assert json.loads(got.payload) == json.loads(payload)
    # Baking again replaces, never stacks, the earlier assertion.
    rebaked = bake(baked, json.dumps({"id": "https://c/a/2"}))
    assert json.loads(unbake(rebaked).payload)["id"] == "https://c/a/2"


def test_svg_bake_sets_verify_attribute():
    got = unbake(bake(SVG_BYTES, json.dumps({"id": "https://c/a/1"})))
    assert got.verify_url == "https://c/a/1"


def test_unbake_plain_images_and_garbage():
    assert unbake(png_bytes()) is None
    assert unbake(SVG_BYTES) is None
    with pytest.raises(BakeryError):
        unbake(b"MZ\x90\x00 not an image")
    with pytest.raises(BakeryError):
        bake(b"GIF89a....", "{}")
