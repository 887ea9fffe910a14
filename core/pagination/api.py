"""The API's cursor pagination: keyset pages (`core.pagination.keyset`) behind DRF's
`CursorPagination` interface.

Every list answers `{"next": url, "previous": url, "results": [...]}`: 50 rows a page,
`page_size` up to 200, `cursor` an opaque signed position. A view gives its ordering as
`ordering = ("-updated_at", "-pk")` (ending in a unique field; an index matches it); the
default is `("-pk",)`. Unlike DRF's own cursor (the first field and an offset among its
ties), the position holds every ordering field, so ties never need an offset and rows
inserted anywhere never shift a page. No `COUNT(*)` is run. A view with a
`keyset_rows()` method reads a page's keys before its rows (`keyset_page`'s `rows_by_key`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .keyset import KeysetPage, keyset_page

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class CursorPagination(pagination.CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering: Sequence[str] = ("-pk",)

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        ordering = getattr(view, "ordering", None) or self.ordering
        if isinstance(ordering, str):
            ordering = (ordering,)
        return tuple(ordering)

    def paginate_queryset(self, queryset, request: Request, view=None) -> list:
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.page: KeysetPage = keyset_page(
            queryset,
            data=request.query_params,
            ordering=self.get_ordering(request, queryset, view),
            per_page=self.page_size,
            param=self.cursor_query_param,
            rows_by_key=view.keyset_rows() if hasattr(view, "keyset_rows") else None,
        )
        # For DRF's browsable API and HTML controls.
        self.has_next = self.page.has_next
        self.has_previous = self.page.has_previous
        return self.page.rows

    def get_next_link(self) -> str | None:
        if not self.page.has_next:
            return None
        return replace_query_param(self.base_url, self.cursor_query_param, self.page.next_cursor)

    def get_previous_link(self) -> str | None:
        if not self.page.has_previous:
            return None
        if self.page.previous_cursor is None:
            return remove_query_param(self.base_url, self.cursor_query_param)
        return replace_query_param(
            self.base_url, self.cursor_query_param, self.page.previous_cursor
        )

    def get_html_context(self) -> dict:
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}
