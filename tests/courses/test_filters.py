"""The library's FilterSet is one for the page and the API: the same words and filters
find the same modules; bad input is a 400 in the API and an unfiltered list on the page."""

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from courses.filters import LibraryPageFilter, ModuleLibraryFilter
from courses.models import Module
from tests.courses.conftest import build_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(library):
    writers = build_module(
        library.coach,
        library.district,
        slug="conferring",
        minutes=45,
        title="Conferring with writers",
        summary="Short, focused writing conferences.",
        subjects=["ela"],
        grade_bands=["3-5"],
        format="workshop",
    )
    return library.module, writers


def _page_titles(client, params) -> list[str]:
    response = client.get(reverse("courses:module-list"), params)
    assert response.status_code == 200
    return [row.module.title for row in response.context["rows"]]


def _api_titles(api, params) -> list[str]:
    got = api.get(reverse("api:module-list"), params)
    assert got.status_code == 200, got.content
    return [m["title"] for m in got.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "exit"},
        {"q": "writing conferences"},
        {"grade_band": "6-8"},
        {"subject": "ela"},
        {"format": "workshop"},
        {"max_minutes": "15"},
        {"competency": "theirs"},
        {"competency": str(uuid.UUID(int=1))},
    ],
)
def test_the_page_and_the_api_find_the_same_modules(client, library, two, params):
    exit_tickets, _ = two
    if params.get("competency") == "theirs":
        params = {"competency": str(exit_tickets.competencies.get().public_id)}
    client.force_login(library.teacher)
    api = APIClient()
    api.force_authenticate(library.teacher)
    assert _page_titles(client, params) == _api_titles(api, params)


def test_bad_input_is_refused_by_the_api_and_ignored_by_the_page(client, library, two):
    api = APIClient()
    api.force_authenticate(library.teacher)
    client.force_login(library.teacher)
    everything = _page_titles(client, {})
    for params in ({"max_minutes": "0"}, {"subject": "latin"}, {"competency": "not-an-id"}):
        assert api.get(reverse("api:module-list"), params).status_code == 400, params
        assert _page_titles(client, params | {"format": "workshop"}) == everything, params


def test_quick_is_the_pages_fifteen_minutes_or_less(library, two):
    published = Module.objects.filter(status=Module.Status.PUBLISHED)
    quick = LibraryPageFilter({"quick": "on"}, published)
    assert quick.is_valid()
    assert quick.is_filtered
    assert list(quick.qs) == [library.module]
    assert not LibraryPageFilter({}, published).is_filtered
    assert "quick" not in ModuleLibraryFilter.base_filters  # the API says max_minutes=15
