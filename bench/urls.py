"""Cairn's URLs plus the baseline the hosted assertion is measured against."""

from __future__ import annotations

import json
import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from badges.models import Assertion
from config.urls import urlpatterns as cairn_urlpatterns


def minimal_db(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One row by an indexed key (the assertion's public id), a few columns, as JSON
    padded to `?size=` bytes (the hosted document's size), through the same middleware."""
    row = (
        Assertion.objects.filter(public_id=public_id)
        .values("public_id", "salt", "recipient_hash", "issued_on")
        .first()
    )
    if row is None:
        raise Http404
    doc = {k: str(v) for k, v in row.items()}
    body = json.dumps(doc, separators=(",", ":")).encode()
    want = int(request.GET.get("size", "0") or 0)
    if want > len(body) + 10:
        doc["pad"] = "x" * (want - len(body) - 9)
        body = json.dumps(doc, separators=(",", ":")).encode()
    response = HttpResponse(body, content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [path("bench/minimal-db/<uuid:public_id>", minimal_db), *cairn_urlpatterns]
