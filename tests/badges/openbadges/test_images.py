"""Badge images are checked by content: PNG kept, SVG sanitized, anything else refused."""

import pytest

from badges.openbadges.images import ImageRejected, check_badge_image
from tests.badges.factories import pixel_bomb_png, png_bytes


def test_check_badge_image_accepts_png_and_sanitizes_svg():
    assert check_badge_image(png_bytes(), max_bytes=10_000).kind == "png"
    evil = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" viewBox="0 0 4 4">'
        b'<script>alert(2)</script><a href="javascript:alert(3)"><rect width="4" height="4"/></a>'
        b"<foreignObject><p>x</p></foreignObject></svg>"
    )
    checked = check_badge_image(evil, max_bytes=10_000)
    assert checked.kind == "svg"
    lowered = checked.content.lower()
    for bad in (b"<script", b"onload", b"javascript:", b"foreignobject"):
        assert bad not in lowered
    assert b"<rect" in checked.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00" + b"\x00" * 100, "PNG or SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "damaged"),
        (b"GIF89a" + b"\x00" * 10, "PNG or SVG"),
    ],
)
def test_check_badge_image_refuses_by_content(data, message):
    with pytest.raises(ImageRejected, match=message):
        check_badge_image(data, max_bytes=10_000)


def test_check_badge_image_refuses_oversize():
    with pytest.raises(ImageRejected, match="at most"):
        check_badge_image(png_bytes(size=256), max_bytes=100)


@pytest.mark.parametrize(
    ("width", "height"),
    [(50_000, 50_000), (10_000, 10_000), (4097, 16), (16, 5000)],
)
def test_check_badge_image_refuses_pixel_bombs(width, height):
    """Refused from the header (nothing decoded), with a message naming the limit:
    Pillow's own bomb error above ~179 megapixels, ours above 4096 on a side."""
    with pytest.raises(ImageRejected, match="4,096×4,096"):
        check_badge_image(pixel_bomb_png(width, height), max_bytes=10_000)


def test_check_badge_image_accepts_the_largest_allowed():
    assert check_badge_image(png_bytes(size=4096), max_bytes=10_000_000).kind == "png"
