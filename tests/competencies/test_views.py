"""Public framework and competency pages."""

from __future__ import annotations

import uuid
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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


class Outline(HTMLParser):
    """Records each outline <li>'s code with its <ul> nesting depth; checks balance."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.in_outline = False
        self.stack: list[str] = []
        self.entries: list[tuple[int, str]] = []
        self._code = False

    def handle_starttag(self, tag, attrs):
        if tag == "ul" and ("class", "outline") in attrs:
            self.in_outline = True
        if not self.in_outline or tag not in {"ul", "li", "span"}:
            return
        if tag == "span":
            self._code = True
            return
        self.stack.append(tag)
        if tag == "ul":
            self.depth += 1

    def handle_endtag(self, tag):
        if not self.in_outline or tag not in {"ul", "li"}:
            return
        assert self.stack.pop() == tag
        if tag == "ul":
            self.depth -= 1
            if self.depth == 0:
                self.in_outline = False

    def handle_data(self, data):
        if self._code:
            self.entries.append((self.depth, data))
            self._code = False


def test_framework_page_shows_a_nested_outline(client) -> None:
    framework = FrameworkFactory(title="Welding")
    a = CompetencyFactory(framework=framework, code="A", list_order=1)
    CompetencyFactory(framework=framework, code="B", list_order=2)
    a1 = CompetencyFactory(framework=framework, parent=a, code="A.1", list_order=1)
    CompetencyFactory(framework=framework, parent=a1, code="A.1.a", list_order=1)
    CompetencyFactory(framework=framework, parent=a, code="A.2", list_order=2)

    response = client.get(framework_url(framework))

    assert response.status_code == 200
    parser = Outline()
    parser.feed(response.content.decode())
    assert parser.stack == []
    assert parser.entries == [(1, "A"), (2, "A.1"), (3, "A.1.a"), (2, "A.2"), (1, "B")]
    assert competency_url(a1) in response.content.decode()


def test_framework_page_query_count_does_not_grow(client) -> None:
    small, large = FrameworkFactory(), FrameworkFactory()
    build_tree(small, roots=1, children=2)  # 3 competencies
    build_tree(large, roots=3, children=9)  # 30 competencies

    with CaptureQueriesContext(connection) as few:
        assert client.get(framework_url(small)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(framework_url(large)).status_code == 200

    assert len(many) == len(few)
    assert len(many) <= 2


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

    with django_assert_max_num_queries(2):
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
