"""The error pages: a friendly 404 and 403 with a way back, a 500 that renders with no
context and no database, and the favicon."""

import pytest
from django.db import connection
from django.template import loader
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_an_unknown_address_is_a_friendly_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We cannot find that page" in page
    assert 'href="/"' in page  # a way back


def test_the_403_page_has_a_way_back():
    page = loader.render_to_string("403.html", {})
    assert "You cannot do that here" in page
    assert 'href="/"' in page


def test_the_500_page_needs_no_context_and_no_query():
    template = loader.get_template("500.html")
    with CaptureQueriesContext(connection) as queries:
        page = template.render()
    assert len(queries) == 0
    assert "Something went wrong on our side" in page
    assert 'href="/"' in page


def test_a_server_error_answers_the_500_page(rf):
    from django.views import defaults

    response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    page = client.get("/verify/").content.decode()
    assert 'rel="icon"' in page
    assert "favicon.svg" in page
