"""Checking badge images by content: PNG decoded by Pillow, SVG sanitized by svg-hush."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import py_svg_hush
from PIL import Image, UnidentifiedImageError

from .baking import image_kind

# A badge is shown at a few hundred pixels; anything far bigger is a mistake or a
# decompression bomb (a small file that decodes to gigabytes).
MAX_IMAGE_SIDE = 4096
MAX_IMAGE_PIXELS = MAX_IMAGE_SIDE * MAX_IMAGE_SIDE


class ImageRejected(ValueError):
    """The file is not an acceptable badge image; the message says why."""


@dataclass(frozen=True)
class CheckedImage:
    kind: str  # "png" or "svg"
    content: bytes  # what to store: the PNG as sent, or the sanitized SVG


def check_badge_image(data: bytes, *, max_bytes: int) -> CheckedImage:
    """Accept a PNG or an SVG by what the bytes are, never by the file name.

    An SVG is rewritten by svg-hush, which drops scripts, event handlers,
    foreign objects, external references and javascript: links.
    """
    if not data:
        raise ImageRejected("The image file is empty.")
    if len(data) > max_bytes:
        raise ImageRejected(
            f"The image is {len(data):,} bytes; badge images may be at most {max_bytes:,} bytes."
        )
    kind = image_kind(data)
    if kind == "png":
        _check_png(data)
        return CheckedImage(kind="png", content=data)
    if kind == "svg":
        try:
            cleaned = py_svg_hush.filter_svg(data)
        except Exception as exc:
            raise ImageRejected("The SVG image could not be parsed.") from exc
        if b"<svg" not in cleaned:
            raise ImageRejected("The SVG image has no drawing left once sanitized.")
        return CheckedImage(kind="svg", content=cleaned)
    raise ImageRejected("Badge images must be PNG or SVG files.")


def _check_png(data: bytes) -> None:
    """A real PNG (decoded by Pillow) no larger than MAX_IMAGE_SIDE on either side.

    The size is read from the header before anything is decoded, so a pixel bomb is
    refused without being expanded; Pillow's own bomb guard is a second line."""
    try:
        with warnings.catch_warnings():
            # Pillow warns between its limit and twice it; the size check below refuses.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        with img:
            if img.format != "PNG":
                raise ImageRejected("The file starts like a PNG but is not one.")
            width, height = img.size
            if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
                raise ImageRejected(
                    f"The image is {width:,}×{height:,} pixels; badge images may be at most "
                    f"{MAX_IMAGE_SIDE:,}×{MAX_IMAGE_SIDE:,}."
                )
            img.verify()
    except Image.DecompressionBombError as exc:
        raise ImageRejected(
            f"The image has too many pixels; badge images may be at most "
            f"{MAX_IMAGE_SIDE:,}×{MAX_IMAGE_SIDE:,}."
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ImageRejected("The PNG image is damaged or not a PNG.") from exc
