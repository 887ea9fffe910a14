"""Walking an HTML list's keyset pages (templates/includes/keyset_pager.html) in tests."""

from __future__ import annotations

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def link(page: str, rel: str, nav: str | None = None) -> str | None:
    """The query string of the pager's `rel` ("next", "prev") link, or None; with `nav`,
    of the pager with that accessible name (a page with two lists)."""
    if nav is not None:
        start = page.find(f'<nav class="pager" aria-label="{nav}"')
        if start < 0:
            return None
        page = page[start : page.index("</nav>", start)]
    found = re.search(rf'<a href="(\?[^"#]*)(?:#[^"]*)?" rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else None


def walk(
    client, url: str, params: dict | None = None, *, nav: str | None = None, limit: int = 50
) -> list[str]:
    """Every page of the list at `url`, following "next" (of the pager named `nav`) from
    the first, as HTML."""
    response = client.get(url, params or {})
    assert response.status_code == 200
    pages = [response.content.decode()]
    while (nxt := link(pages[-1], "next", nav)) is not None:
        assert len(pages) < limit, "the pages never end"
        response = client.get(url + nxt)
        assert response.status_code == 200
        pages.append(response.content.decode())
    return pages


def seen_once(pages: list[str], markers: list[str]) -> list[str]:
    """The markers (one per row) in the order the pages show them; fails if one shows
    twice on a page or on two pages."""
    ordered: list[str] = []
    for page in pages:
        for marker in markers:
            assert page.count(marker) <= 1, f"{marker} shows twice on one page"
        ordered += sorted((m for m in markers if m in page), key=page.index)
    assert len(ordered) == len(set(ordered)), "a row shows on two pages"
    return ordered


def queries_of(client, url: str) -> int:
    """How many queries one GET of `url` runs (after a warm-up GET, so per-process
    caches such as the site's settings are filled)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)
