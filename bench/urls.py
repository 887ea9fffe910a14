"""Cairn's URLs plus the baseline the hosted assertion is measured against."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as cairn_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b'{"ok":true}', content_type="application/json")


urlpatterns = [path("bench/minimal", minimal), *cairn_urlpatterns]
