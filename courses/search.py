"""The library's full-text search on PostgreSQL: one weighted vector per module (title
A, summary B, steps' text C), stored in `Module.search_vector` by the services
(`courses.services.search`) and GIN-indexed, so a search reads it instead of computing
a vector per row per query. Other databases have no vector: the library matches words
with LIKE (`courses.filters`)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection

CONFIG = "english"  # the text search configuration of the vector and of the query
INDEX = "module_search_vector_gin"  # made by migration 0002, on PostgreSQL only


def full_text_search() -> bool:
    """Whether the database searches with the stored vector (PostgreSQL)."""
    return connection.vendor == "postgresql"


def module_vector() -> SearchVector:
    """A module's weighted vector, as an expression over its own row (what is stored)."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("search_text", weight="C", config=CONFIG)
    )


def words_query(words: str) -> SearchQuery:
    """What a person typed, in websearch syntax ("quoted phrase", -not, or)."""
    return SearchQuery(words, search_type="websearch", config=CONFIG)
