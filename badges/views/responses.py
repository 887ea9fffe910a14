"""How badges' views answer: hosted JSON-LD, public 3.0 documents, images, and pages
rendered from a page dataclass."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

JSON = "application/json"
JSONLD = "application/ld+json"
JWT = "application/jwt"
# An SVG is sanitized on upload; this stops any script from running if opened directly.
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def wants_html(request: HttpRequest) -> bool:
    """A browser (asking for HTML first) rather than a validator, unless ?format=json."""
    if request.GET.get("format") == "json":
        return False
    accept = request.headers.get("Accept", "").lower()
    if "text/" not in accept and "*/*" not in accept:
        # Only text/html, text/* or */* can match HTML; without any of them (a
        # validator asking for JSON-LD, or no Accept at all) the answer is JSON-LD,
        # without parsing the header into media types.
        return False
    return request.get_preferred_type([JSONLD, "application/json", "text/html"]) == "text/html"


def dumps(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def page_context(page: Any, **more: Any) -> dict[str, Any]:
    """A page dataclass's fields (not copied) as a template context, and `more`."""
    return {f.name: getattr(page, f.name) for f in fields(page)} | more


def hosted(body: bytes, *, status: int = 200) -> HttpResponse:
    """A hosted Open Badges 2.0 document (JSON-LD), fetched from any origin."""
    response = HttpResponse(body, content_type=JSONLD, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    response["Vary"] = "Accept"
    return response


def hosted_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """The page a browser gets at a hosted URL (the same URL answers JSON-LD)."""
    response = render(request, template, context, status=status)
    response["Vary"] = "Accept"
    return response


def public(
    content: bytes | str, *, content_type: str, status: int = 200, filename: str = ""
) -> HttpResponse:
    """A public Open Badges 3.0 document any verifier or wallet may fetch, from any origin."""
    response = HttpResponse(content, content_type=content_type, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def image_content_type(kind: str) -> str:
    return "image/svg+xml" if kind == "svg" else "image/png"


def hosted_image(data: bytes, kind: str, *, filename: str = "") -> HttpResponse:
    """A badge image (PNG or SVG), perhaps baked, for any origin."""
    response = HttpResponse(data, content_type=image_content_type(kind))
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    response["Content-Security-Policy"] = IMAGE_CSP
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_name(assertion: Any, ext: str) -> str:
    """``<badge slug>-<first 8 of the assertion id>.<ext>``."""
    return f"{assertion.badge_class.slug}-{str(assertion.public_id)[:8]}.{ext}"
