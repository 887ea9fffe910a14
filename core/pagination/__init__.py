"""Pagination: the Django admin's paginator for big tables (`admin`), a keyset
paginator for HTML lists (`keyset`) and the API's cursor pagination (`api`)."""

from .admin import (
    CAP,
    LargeTablePaginator,
    capped_count,
    capped_label,
    is_unfiltered,
    planner_estimate,
)
from .keyset import KeysetPage, keyset_page

__all__ = [
    "CAP",
    "KeysetPage",
    "LargeTablePaginator",
    "capped_count",
    "capped_label",
    "is_unfiltered",
    "keyset_page",
    "planner_estimate",
]
