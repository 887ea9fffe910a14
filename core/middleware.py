"""A cap on request bodies, checked before anything reads them.

Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` and `FILE_UPLOAD_MAX_MEMORY_SIZE` bound what is
held in memory; a file field over them is spooled to a temporary file of any size. So
`RequestSizeLimitMiddleware`, first in `MIDDLEWARE`, answers 413 to a request whose
`Content-Length` is over the cap for its URL before the body is read at all.

The cap is `MAX_REQUEST_BYTES` (settings.REQUEST_MAX_BYTES), except on the URLs named in
`REQUEST_MAX_BYTES_BY_URL` (the evidence and roster uploads, the CASE import), whose
larger caps come from those features' own limits.

A chunked body has no length to check. When the server hands Django the body already
de-chunked (gunicorn says so with `wsgi.input_terminated`), it is read through a
counting stream that refuses at the cap (413) for a view that reads it by blocks
(`request.body` itself stops at `DATA_UPLOAD_MAX_MEMORY_SIZE`); a server that does not
(runserver, wsgiref) would give Django an empty body, so such a request is answered 411.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.html import escape

DEFAULT_MAX_BYTES = 30 * 1024 * 1024


def cap_for(path_info: str) -> int:
    """The most bytes a request body to `path_info` may have."""
    cap = int(getattr(settings, "REQUEST_MAX_BYTES", DEFAULT_MAX_BYTES))
    by_url: dict[str, int] = getattr(settings, "REQUEST_MAX_BYTES_BY_URL", {})
    if not by_url:
        return cap
    try:
        name = resolve(path_info).view_name
    except Resolver404:
        return cap
    return int(by_url.get(name, cap))


def megabytes(size: int) -> str:
    """'30 MB', '1.5 MB'; under 1 MB in bytes ('2,000 bytes')."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{round(size / (1024 * 1024), 1):g} MB"


class CappedStream:
    """A de-chunked `wsgi.input` read at most `cap` bytes; more marks the request and
    raises `RequestDataTooBig` (the middleware turns the answer into a 413)."""

    def __init__(self, stream: Any, cap: int, request: HttpRequest) -> None:
        self.stream = stream
        self.cap = cap
        self.request = request
        self.seen = 0

    def _count(self, data: bytes) -> bytes:
        self.seen += len(data)
        if self.seen > self.cap:
            self.request.body_over_cap = self.cap  # type: ignore[attr-defined]
            raise RequestDataTooBig(f"The request body is over {megabytes(self.cap)}.")
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is not None and size >= 0:
            return self._count(self.stream.read(max(0, min(size, self.cap + 1 - self.seen))))
        parts = []  # all of it: by blocks, never more than one block past the cap
        while block := self._count(self.stream.read(64 * 1024)):
            parts.append(block)
        return b"".join(parts)

    def close(self) -> None:
        """The server's stream is the server's to close."""

    def readline(self, size: int | None = -1) -> bytes:
        limit = self.cap + 1 - self.seen
        if size is not None and size >= 0:
            limit = min(limit, size)
        return self._count(self.stream.readline(max(0, limit)))

    def __iter__(self):  # the multipart parser reads by chunks; lines are enough here
        while line := self.readline():
            yield line


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cap = cap_for(request.path_info)
        length = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if length.strip():
            try:
                size = int(length)
            except ValueError:
                return refusal(request, 400, "The Content-Length header is not a number.")
            if size > cap:
                return too_large(request, cap, unread=True)
        elif chunked:
            if not request.META.get("wsgi.input_terminated"):
                return refusal(
                    request,
                    411,
                    "This server needs a Content-Length with a request body; "
                    "send it without chunked transfer encoding.",
                )
            request._stream = CappedStream(request.META["wsgi.input"], cap, request)
        response = self.get_response(request)
        if getattr(request, "body_over_cap", None):
            return too_large(request, cap)
        return response


def too_large(request: HttpRequest, cap: int, *, unread: bool = False) -> HttpResponse:
    message = f"The request is larger than {megabytes(cap)}, the most this address accepts."
    if unread:  # refused before anything ran
        message += " Nothing was saved."
    return refusal(request, 413, message)


def refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A short answer that says why, as JSON for API clients and HTML for people."""
    wants_json = request.path_info.startswith("/api/") or "json" in request.META.get(
        "HTTP_ACCEPT", ""
    )
    if wants_json:
        codes = {413: "request_too_large", 411: "length_required"}
        body = json.dumps({"detail": message, "code": codes.get(status, "bad_request")})
        response = HttpResponse(body, status=status, content_type="application/json")
    else:
        response = HttpResponse(_page(status, message), status=status)
    # Sent as a whole, so that a client still sending its body can read the answer.
    response["Content-Length"] = str(len(response.content))
    return response


def _page(status: int, message: str) -> str:
    titles = {413: "Too large", 411: "Length required", 400: "Bad request"}
    title = titles.get(status, "Refused")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} · Cairn</title></head>"
        '<body style="font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;'
        'max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">'
        f"<main><h1>{title}</h1><p>{escape(message)}</p>"
        '<p><a href="/" style="color:#0b57d0">Back to Cairn</a></p></main></body></html>'
    )
