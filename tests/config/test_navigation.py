"""The main menu asks the access policies: every entry it shows a person opens for
them (200, `/` after sending them on to their page), and the entries they may not use
are not shown. It is grouped by role and marks the current page. One query for the
menu."""

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
            response = client.get(link, follow=True)
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


GROUP = re.compile(r'<span class="nav-group-label" id="nav-([a-z]+)">')
CURRENT = re.compile(r'<a href="([^"]+)" aria-current="(page|true)"')


def groups_of(html: str) -> list[str]:
    return GROUP.findall(NAV.search(html).group(1))


def test_the_menu_is_grouped_by_role(client):
    people = seed_demo_district()
    seen = {}
    for key in ("student", "teacher", "mentor", "coach", "district_admin", "outsider"):
        client.force_login(people[key])
        seen[key] = groups_of(client.get("/verify/").content.decode())
    assert seen["student"] == ["learn", "credentials", "account"]
    assert seen["outsider"] == ["learn", "credentials", "account"]
    assert "review" in seen["mentor"]
    assert "review" in seen["teacher"]
    assert "coaching" in seen["coach"]
    assert "console" in seen["district_admin"]
    assert "console" not in seen["teacher"]
    assert "console" not in seen["student"]


def test_the_current_page_is_marked(client):
    people = seed_demo_district()
    client.force_login(people["mentor"])
    on_queue = client.get("/evidence/queue/").content.decode()
    assert CURRENT.findall(NAV.search(on_queue).group(1)) == [("/evidence/queue/", "page")]
    on_badges = client.get("/badges/mine/").content.decode()
    assert CURRENT.findall(NAV.search(on_badges).group(1)) == [("/badges/mine/", "page")]
    # A page inside a section marks the section's entry: where one is.
    from evidence.models import Submission

    student = people["student"]
    submission = Submission.objects.filter(earner=student).first()
    client.force_login(student)
    inside = client.get(f"/evidence/s/{submission.public_id}/").content.decode()
    assert CURRENT.findall(NAV.search(inside).group(1)) == [("/evidence/", "true")]


def test_the_phone_menu_is_a_disclosure_button(client):
    people = seed_demo_district()
    client.force_login(people["student"])
    html = client.get("/verify/").content.decode()
    assert 'class="nav-toggle" aria-expanded="false" aria-controls="site-menu"' in html
    assert 'id="site-menu"' in html
    assert "js/nav.js" in html


def test_signed_out_the_menu_offers_verify_and_sign_in(client):
    html = client.get("/verify/").content.decode()
    links = menu_links(html)
    assert "/verify/" in links
    assert "/accounts/login/" in links
    assert "nav-group-label" not in html
