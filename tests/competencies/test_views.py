"""Public framework and competency pages."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competencies.models import Competency
from competencies.selectors import outline_rows

from .factories import CompetencyFactory, FrameworkFactory

pytestmark = pytest.mark.django_db


def framework_url(framework) -> str:
    return reverse("competencies:framework-detail", kwargs={"public_id": framework.public_id})


def competency_url(competency) -> str:
    return reverse("competencies:competency-detail", kwargs={"public_id": competency.public_id})


def build_tree(framework, roots: int, children: int) -> None:
    for r in range(roots):
        root = CompetencyFactory(framework=framework, code=f"R{r}", list_order=r)
        for c in range(children):
            CompetencyFactory(framework=framework, parent=root, code=f"R{r}.{c}", list_order=c)


def test_framework_page_browses_the_top_level_collapsed(client) -> None:
    framework = FrameworkFactory(title="Welding")
    a = CompetencyFactory(framework=framework, code="A", list_order=1)
    CompetencyFactory(framework=framework, code="B", list_order=2)
    a1 = CompetencyFactory(framework=framework, parent=a, code="A.1", list_order=1)
    CompetencyFactory(framework=framework, parent=a1, code="A.1.a", list_order=1)
    CompetencyFactory(framework=framework, parent=a, code="A.2", list_order=2)

    response = client.get(framework_url(framework))

    assert response.status_code == 200
    html = response.content.decode()
    assert [e.competency.code for e in response.context["browse"].entries] == ["A", "B"]
    assert html.count("<details>") == 1  # A has children; B is a plain link
    assert "A.1" in html
    assert "A.2" in html
    assert "A.1.a" not in html  # a level further down: browsed, not shown
    assert f"?within={a1.public_id}" in html
    assert competency_url(a) in html


def test_framework_page_browses_a_level_with_its_breadcrumb(client) -> None:
    framework = FrameworkFactory(title="Welding")
    a = CompetencyFactory(framework=framework, code="A", list_order=1)
    a1 = CompetencyFactory(framework=framework, parent=a, code="A.1", list_order=1)
    CompetencyFactory(framework=framework, parent=a1, code="A.1.a", list_order=1)

    response = client.get(framework_url(framework), {"within": str(a1.public_id)})

    assert response.status_code == 200
    browse = response.context["browse"]
    assert [c.code for c in browse.ancestors] == ["A"]
    assert [e.competency.code for e in browse.entries] == ["A.1.a"]
    other = CompetencyFactory()
    assert client.get(framework_url(framework), {"within": str(other.public_id)}).status_code == 404
    assert client.get(framework_url(framework), {"within": "nope"}).status_code == 404


def test_framework_page_search_is_paginated(client) -> None:
    framework = FrameworkFactory()
    for i in range(60):
        CompetencyFactory(framework=framework, code=f"W.{i}", statement=f"Welds joint {i}.")
    CompetencyFactory(framework=framework, code="S.1", statement="Stays safe.")

    response = client.get(framework_url(framework), {"q": "weld"})

    browse = response.context["browse"]
    assert browse.page.paginator.count == 60
    assert len(browse.page.object_list) == 50
    assert "Stays safe." not in response.content.decode()
    assert "?q=weld&amp;page=2" in response.content.decode()
    second = client.get(framework_url(framework), {"q": "weld", "page": "2"})
    assert len(second.context["browse"].page.object_list) == 10


def test_framework_page_query_count_does_not_grow(client) -> None:
    small, large = FrameworkFactory(), FrameworkFactory()
    build_tree(small, roots=1, children=2)  # 3 competencies
    build_tree(large, roots=60, children=30)  # 1,860 competencies, two pages of roots

    with CaptureQueriesContext(connection) as few:
        assert client.get(framework_url(small)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.get(framework_url(large))
        assert response.status_code == 200

    assert len(many) == len(few)
    assert len(many) <= 5
    entries = response.context["browse"].entries
    assert len(entries) == 50
    assert all(len(e.children) == 25 and e.more_children == 5 for e in entries)
    root = entries[0].competency
    with CaptureQueriesContext(connection) as level:
        assert client.get(framework_url(large), {"within": str(root.public_id)}).status_code == 200
    assert len(level) <= 6
    with CaptureQueriesContext(connection) as search:
        assert client.get(framework_url(large), {"q": "R1"}).status_code == 200
    assert len(search) <= 4


def test_framework_page_without_competencies(client) -> None:
    response = client.get(framework_url(FrameworkFactory()))
    assert response.status_code == 200
    assert "no competencies yet" in response.content.decode()


def test_competency_page_shows_framework_parent_and_children(
    client, django_assert_max_num_queries
) -> None:
    parent = CompetencyFactory(code="WLD.3", statement="Perform SMAW.")
    competency = CompetencyFactory(
        framework=parent.framework,
        parent=parent,
        code="WLD.3.2",
        statement="Make fillet welds in the 1F, 2F and 3F positions.",
        case_uri="https://case.example.org/uri/x",
    )
    CompetencyFactory(framework=parent.framework, parent=competency, code="WLD.3.2.a")

    with django_assert_max_num_queries(5):
        response = client.get(competency_url(competency))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Make fillet welds in the 1F, 2F and 3F positions." in html
    assert framework_url(parent.framework) in html
    assert competency_url(parent) in html
    assert "WLD.3.2.a" in html
    assert 'href="https://case.example.org/uri/x"' in html


@pytest.mark.parametrize(
    "name", ["competencies:competency-detail", "competencies:framework-detail"]
)
def test_unknown_ids_are_404(client, name: str) -> None:
    CompetencyFactory()
    response = client.get(reverse(name, kwargs={"public_id": uuid.uuid4()}))
    assert response.status_code == 404


def test_outline_rows_survive_a_parent_loop() -> None:
    # A hand-edited loop (a ↔ b) must not hang the page: the loop is cut at its first row.
    framework = FrameworkFactory()
    a = CompetencyFactory(framework=framework, code="A", list_order=1)
    b = CompetencyFactory(framework=framework, code="B", list_order=2, parent=a)
    a.parent = b
    a.save(update_fields=["parent"])

    rows = outline_rows([a, b])

    assert [(r.competency.code, r.depth) for r in rows] == [("A", 0), ("B", 1)]
    assert rows[-1].closes == range(1)


def test_competency_page_shows_its_associations_both_ways(
    client, django_assert_max_num_queries
) -> None:
    from competencies.case import parse_case_package
    from competencies.services import framework_import_case

    from .cases import cf_item, cf_package, dumps, messy_package

    other = cf_package(doc_id="iste")
    other["CFDocument"]["title"] = "ISTE Standards"
    other["CFItems"] = [cf_item("other-framework-item", "1.2", "Empowered learner.")]
    other["CFAssociations"] = []
    for data in (other, messy_package()):
        framework_import_case(actor=None, package=parse_case_package(dumps(data)), actor_label="t")
    b1 = Competency.objects.get(
        case_identifier="b1", framework__case_identifier="c1d2e3f4-0000-4000-8000-000000000000"
    )
    a1 = Competency.objects.get(case_identifier="a1")
    matched = Competency.objects.get(case_identifier="other-framework-item")

    with django_assert_max_num_queries(6):
        response = client.get(competency_url(b1))
    html = response.content.decode()
    labels = [
        (r.label, r.competency.code if r.competency else r.title)
        for r in response.context["related"]
    ]
    assert labels == [("Exact match of", "1.2"), ("Related to", "A.2")]
    assert competency_url(matched) in html  # another imported framework's competency
    assert "(ISTE Standards)" in html

    page = client.get(competency_url(a1)).content.decode()
    assert 'href="https://lessons.example.org/tools"' in page  # an exemplar outside Cairn
    assert "Comes before" in page


def test_a_retired_competency_says_so(client) -> None:
    from django.utils import timezone

    retired = CompetencyFactory(retired_at=timezone.now())
    assert "Retired:" in client.get(competency_url(retired)).content.decode()
