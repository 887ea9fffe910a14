"""The exemplar library, an exemplar's page and its files."""

import pytest

from tests.competencies.factories import CompetencyFactory
from tests.courses.factories import ExemplarFactory
from tests.courses.views.support import count_queries, url

pytestmark = pytest.mark.django_db


def test_exemplar_library_filters(client, library, exemplars):
    shown, _hidden, standard, *_ = exemplars
    client.force_login(library.teacher)
    listed = client.get(url("exemplar-list"))
    assert [r["exemplar"] for r in listed.context["rows"]] == [shown]
    for params, expected in [
        ({"grade_band": "6-8"}, [shown]),
        ({"grade_band": "9-12"}, []),
        ({"subject": "math"}, [shown]),
        ({"competency": str(standard.public_id)}, [shown]),
        ({"q": "fraction"}, [shown]),
        ({"q": "misconceptions"}, [shown]),
        ({"q": "draft"}, []),
    ]:
        response = client.get(url("exemplar-list"), params)
        assert [r["exemplar"] for r in response.context["rows"]] == expected, params


def test_exemplar_detail_and_visibility(client, library, exemplars):
    shown, hidden, standard, upload, _ = exemplars
    client.force_login(library.teacher)
    html = client.get(url("exemplar-detail", slug=shown.slug)).content.decode()
    assert "<strong>Mini-lesson</strong>" in html
    assert "<script>alert" not in html
    assert "<em>misconceptions</em>" in html
    assert standard.statement in html
    assert 'href="https://video.example.org/7b"' in html
    assert "At 03:10 notice the wait time." in html
    assert url("exemplar-file", public_id=upload.public_id) in html
    assert "Next time I would sort the tickets" in html
    assert client.get(url("exemplar-detail", slug=hidden.slug)).status_code == 404
    client.force_login(library.coach)
    page = client.get(url("exemplar-detail", slug=hidden.slug))
    assert page.status_code == 200
    assert "not published" in page.content.decode()


def test_exemplar_file_download(client, library, exemplars):
    shown, _, _, upload, hidden_file = exemplars
    client.force_login(library.teacher)
    response = client.get(url("exemplar-file", public_id=upload.public_id))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ticket"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="exit-ticket-template.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Type"] == "application/pdf"
    # A file of an exemplar that is not published: 404 for a teacher, served to its author.
    assert client.get(url("exemplar-file", public_id=hidden_file.public_id)).status_code == 404
    link = shown.artifacts.get(kind="video")
    assert client.get(url("exemplar-file", public_id=link.public_id)).status_code == 404
    client.force_login(library.coach)
    assert client.get(url("exemplar-file", public_id=hidden_file.public_id)).status_code == 200


def test_the_exemplar_library_queries_do_not_grow(
    client, library, exemplars, django_assert_max_num_queries
):
    client.force_login(library.teacher)
    small = count_queries(client, url("exemplar-list"))
    for _ in range(6):
        exemplar = ExemplarFactory(organization=library.district, published=True)
        exemplar.standards.set([CompetencyFactory(), CompetencyFactory()])
    with django_assert_max_num_queries(small):
        response = client.get(url("exemplar-list"))
    assert len(response.context["rows"]) == 7
    with django_assert_max_num_queries(small):
        client.get(url("exemplar-list"), {"subject": "math"})
