"""The library's stored search vector: on PostgreSQL the search reads `search_vector`
(GIN-indexed) and finds and ranks exactly what the vector computed per row per query
found before; the services keep it up to date; `rebuild_search_vectors` fills it. On
SQLite there is no vector and the word search is unchanged."""

from io import StringIO

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors, services
from courses.filters import ModuleLibraryFilter
from courses.models import Module
from courses.search import INDEX, module_vector
from courses.services.search import module_search_vectors_rebuild
from tests.courses.conftest import build_module
from tests.courses.views.support import url

pytestmark = pytest.mark.django_db

WORDS = [
    "exit",
    "exit tickets",
    '"exit ticket"',
    "exit -writing",
    "labs or conferences",
    "writing",
    "checks",  # only in a step's body (weight C)
    "inquiry",  # a title in one module, a summary in another
    "questions",
    "the",  # a stop word: the query is empty and finds nothing
    "nowhere-to-be-found",
]


@pytest.fixture
def modules(library):
    """Modules whose words fall in titles, summaries and steps, to rank them apart."""
    made = [library.module]
    made.append(
        build_module(
            library.coach,
            library.district,
            slug="conferring",
            title="Conferring with writers",
            summary="Short, focused writing conferences; exit slips afterwards.",
        )
    )
    made.append(
        build_module(
            library.coach,
            library.district,
            slug="inquiry-labs",
            title="Inquiry labs",
            summary="Students ask the questions; an exit ticket checks the lab.",
        )
    )
    made.append(
        build_module(
            library.coach,
            library.district,
            slug="questioning",
            title="Questioning for thinking",
            summary="Inquiry through questions that open a discussion of writing.",
        )
    )
    return made


def _old_search(queryset, words):
    """The search before the stored vector: the same vector computed per row."""
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("search_text", weight="C", config="english")
    )
    query = SearchQuery(words, search_type="websearch", config="english")
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "title")
    )


def _stale(module: Module) -> bool:
    stored, fresh = (
        Module.objects.filter(pk=module.pk)
        .annotate(fresh=module_vector())
        .values_list("search_vector", "fresh")
        .get()
    )
    assert fresh  # every module has some words
    return stored != fresh


@pytest.mark.postgres
@pytest.mark.parametrize("words", WORDS)
def test_the_stored_vector_finds_and_ranks_what_the_computed_one_did(modules, words):
    published = Module.objects.filter(status=Module.Status.PUBLISHED)
    old = list(_old_search(published, words).values_list("title", "rank"))
    new = list(ModuleLibraryFilter({"q": words}, published).qs.values_list("title", "rank"))
    assert new == old
    if words not in ("the", "nowhere-to-be-found"):
        assert new, f"{words!r} should find something"


@pytest.mark.postgres
def test_the_search_reads_the_stored_vector_and_computes_none(modules):
    sql = str(ModuleLibraryFilter({"q": "exit"}, Module.objects.all()).qs.query)
    assert '"search_vector" @@' in sql
    assert "to_tsvector" not in sql


@pytest.mark.postgres
def test_the_services_keep_the_vector_up_to_date(library):
    coach, module = library.coach, library.module
    assert not _stale(module)
    draft = services.module_new_version(actor=coach, module=module)
    assert draft.pk != module.pk
    assert not _stale(draft)
    services.module_update(actor=coach, module=draft, title="Hinge questions")
    assert not _stale(draft)
    services.module_update(actor=coach, module=draft, summary="One question, many answers.")
    assert not _stale(draft)
    step = services.step_add(
        actor=coach, module=draft, kind="read", title="Diagnose", body="Misconceptions."
    )
    assert not _stale(draft)
    gone = services.step_add(actor=coach, module=draft, kind="read", title="Aside", body="Tangent.")
    services.step_remove(actor=coach, step=gone)
    assert not _stale(draft)
    this = Module.objects.filter(pk=draft.pk)
    assert list(ModuleLibraryFilter({"q": "tangent"}, this).qs) == []
    assert list(ModuleLibraryFilter({"q": "diagnose"}, this).qs) == [draft]
    published = Module.objects.filter(status=Module.Status.PUBLISHED)
    # Not published yet: the library still finds only the version before.
    assert list(ModuleLibraryFilter({"q": "misconceptions"}, published).qs) == []
    services.module_publish(actor=coach, module=draft)
    assert not _stale(draft)
    found = ModuleLibraryFilter({"q": "misconceptions hinge"}, published).qs
    assert [m.pk for m in found] == [draft.pk]
    assert step.module_id == draft.pk
    # The retired version's title is no longer found.
    assert list(ModuleLibraryFilter({"q": "tomorrow"}, published).qs) == []


@pytest.mark.postgres
def test_a_new_module_and_its_steps_are_searchable_once_published(library):
    module = services.module_create(
        actor=library.coach,
        organization=library.district,
        slug="number-talks",
        title="Number talks",
        summary="Ten minutes of mental math.",
        minutes=10,
    )
    assert not _stale(module)
    services.step_add(
        actor=library.coach, module=module, kind="read", title="How", body="Dot images."
    )
    assert not _stale(module)
    services.module_publish(actor=library.coach, module=module)
    published = Module.objects.filter(status=Module.Status.PUBLISHED)
    assert [m.slug for m in ModuleLibraryFilter({"q": "dot"}, published).qs] == ["number-talks"]


@pytest.mark.postgres
def test_rebuild_search_vectors_fills_rows_written_another_way(modules):
    Module.objects.update(search_vector=None)
    published = Module.objects.filter(status=Module.Status.PUBLISHED)
    assert list(ModuleLibraryFilter({"q": "exit"}, published).qs) == []
    out = StringIO()
    call_command("rebuild_search_vectors", stdout=out)
    assert f"Rebuilt the search vectors of {len(modules)} module(s)." in out.getvalue()
    assert not any(_stale(m) for m in modules)
    assert len(ModuleLibraryFilter({"q": "exit"}, published).qs) == 3


def test_off_postgresql_there_is_nothing_to_rebuild(library):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite (or any database without full-text search) only")
    out = StringIO()
    call_command("rebuild_search_vectors", stdout=out)
    assert "nothing to rebuild" in out.getvalue()
    assert module_search_vectors_rebuild() == 0
    assert Module.objects.get(pk=library.module.pk).search_vector is None


@pytest.mark.postgres
def test_the_gin_index_exists():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Module._meta.db_table)
    assert constraints[INDEX]["columns"] == ["search_vector"]
    assert constraints[INDEX]["type"] == "gin"
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [INDEX])
        assert cursor.fetchone()[0] == ["fastupdate=off"]


def _many_modules(library, n):
    """`n` published modules written in bulk (not by the services), then rebuilt."""
    base = library.module
    Module.objects.bulk_create(
        [
            Module(
                slug=f"bulk-{i}",
                organization=base.organization,
                author=base.author,
                title=f"Bulk module {i}",
                summary=f"Routine number {i} for the morning meeting.",
                search_text="Step text about classroom routines.",
                minutes=10,
                status=Module.Status.PUBLISHED,
            )
            for i in range(n)
        ]
    )
    module_search_vectors_rebuild()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Module._meta.db_table}")


@pytest.mark.postgres
def test_the_library_search_uses_the_gin_index(library):
    _many_modules(library, 2000)
    search = selectors.library_search(user=library.teacher, data={"q": "exit tickets"})
    sql, params = search.modules.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert INDEX in plan, plan
    assert [m.pk for m in search.modules] == [library.module.pk]


def test_a_search_costs_no_more_queries_than_the_plain_library(client, modules):
    """The same on SQLite (LIKE) and PostgreSQL (the stored vector)."""
    client.force_login(modules[0].author)
    counts = []
    for params in ({}, {"q": "exit"}, {"q": "inquiry questions"}):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("module-list"), params)
        assert response.status_code == 200
        assert response.context["rows"], params
        counts.append(len(ctx.captured_queries))
    assert counts == [counts[0]] * 3
