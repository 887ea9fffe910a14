"""The console's pages for issuers and badge classes, for the admins of an issuer's
organization (or its district): lists scoped by `badges.permissions`, forms that call
the services in `badges.services` (`issuer_create`/`issuer_update`,
`badge_class_create`/`badge_class_update`, alignments, curriculum links, the
draft → active → archived moves). Anyone else gets 404, as the console menu
(config.navigation: can_manage_pathways, "those who manage an issuer") promises."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from ... import permissions

PER_PAGE = 25


def require_badge_admin(request: HttpRequest) -> None:
    """Only those who manage an issuer, or may make one, use these pages."""
    user = request.user
    if permissions.issuers.exists_for(user, "manage"):
        return
    if permissions.issuing_organizations(user).exists():
        return
    raise Http404


def page_of(request: HttpRequest, rows) -> Page:
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
