"""Uploads the console page tests send: a good PNG, a script SVG, a Windows program
and a pixel bomb (a PNG whose header claims 50,000×50,000 pixels)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.badges.factories import pixel_bomb_png, png_bytes

SCRIPT_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
    b"<script>alert(document.cookie)</script>"
    b'<circle cx="32" cy="32" r="30" fill="#1f5c99" onload="alert(1)"/></svg>'
)
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_upload(name: str = "badge.png") -> SimpleUploadedFile:
    return upload(name, png_bytes())


def svg_upload() -> SimpleUploadedFile:
    return upload("badge.svg", SCRIPT_SVG, "image/svg+xml")


def exe_upload() -> SimpleUploadedFile:
    # Named like an image: the check goes by content, never by the name.
    return upload("badge.png", WINDOWS_EXE, "image/png")


def bomb_upload() -> SimpleUploadedFile:
    return upload("bomb.png", pixel_bomb_png(50_000, 50_000))
