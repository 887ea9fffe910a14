"""The main menu asks the access policies: every entry it shows a person opens for
them (200), and the entries they may not use are not shown. One query for the menu."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.policies import seed_demo_district

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="nav"[^>]*>(.*?)</nav>', re.S)
COACHING_NAV = re.compile(r'<nav class="coaching-nav"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'<a [^>]*href="(/[^"#?]*)"')


def menu_links(html: str, pattern=NAV) -> list[str]:
    found = pattern.search(html)
    return HREF.findall(found.group(1)) if found else []


def test_every_menu_entry_opens_for_the_person_it_is_shown_to(client):
    people = seed_demo_district()
    shown: dict[str, set[str]] = {}
    for key, user in people.items():
        client.force_login(user)
        page = client.get("/evidence/").content.decode()
        links = set(menu_links(page))
        for link in sorted(links):
            response = client.get(link)
            assert response.status_code == 200, f"{key}: {link} answered {response.status_code}"
            # The coaching pages' own menu, too.
            for sub in menu_links(response.content.decode(), COACHING_NAV):
                assert client.get(sub).status_code == 200, f"{key}: {sub}"
        shown[key] = links
    assert "/pathways/manage/" in shown["district_admin"]
    # An employer's admin manages no issuer's badges and authors no modules.
    assert "/pathways/manage/" not in shown["employer_admin"]
    assert "/learn/author/" not in shown["employer_admin"]
    assert not any(link.startswith("/coaching/") for link in shown["employer_admin"])
    assert "/evidence/queue/" in shown["teacher"]  # the welding teacher reviews
    assert "/evidence/queue/" in shown["mentor"]
    assert "/evidence/queue/" not in shown["student"]
    assert "/pathways/manage/" not in shown["teacher"]


def test_the_menu_costs_one_query(client):
    people = seed_demo_district()
    client.force_login(people["coach"])
    client.get("/verify/")  # warm up what is not the menu
    with CaptureQueriesContext(connection) as with_menu:
        client.get("/verify/")
    client.logout()
    with CaptureQueriesContext(connection) as anonymous:
        client.get("/verify/")
    # Signed in: the session and user lookups, and one for the whole menu.
    assert len(with_menu) - len(anonymous) <= 3
