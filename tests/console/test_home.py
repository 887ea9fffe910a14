"""Each role lands on the page it works from, at `/` and right after signing in; the
decision is `console.selectors.home.landing_for`."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from console.selectors.home import landing_for
from tests.accounts.factories import UserFactory
from tests.policies import demo_people

pytestmark = pytest.mark.django_db

DASHBOARD = "/console/"
CASELOAD = "/coaching/"
QUEUE = "/evidence/queue/"
HOME = "/"

# Each demo person and where they land.
EXPECTED = {
    "admin": DASHBOARD,  # the demo's superuser is an admin of the district
    "district_admin": DASHBOARD,
    "coach": CASELOAD,
    "teacher": HOME,  # a teacher's home: learning, evidence, and the queue (they review)
    "teacher3": HOME,
    "mentor": QUEUE,
    "supervisor": QUEUE,
    "student": HOME,  # a student's home: badges and evidence
    "outsider": HOME,
}


@pytest.fixture
def people(demo_keys):
    return demo_people(demo_keys)


def test_each_role_lands_on_its_page(people):
    for key, url in EXPECTED.items():
        assert landing_for(user=people[key]).url == url, key


def test_root_sends_each_role_on_and_shows_the_rest_their_home(client, people):
    for key, url in EXPECTED.items():
        client.force_login(people[key])
        response = client.get("/")
        if url == HOME:
            assert response.status_code == 200, key
            assert response.templates[0].name == "console/home_detail.html"
        else:
            assert response.status_code == 302, key
            assert response["Location"] == url
            assert client.get(url).status_code == 200, key


def test_anonymous_root_is_the_welcome_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/home.html"
    assert reverse("account_login") in response.content.decode()


def test_a_mentor_no_longer_lands_on_an_empty_my_badges(client, people):
    client.force_login(people["mentor"])
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "You have no badges yet" not in response.content.decode()


def test_teacher_home_shows_learning_evidence_and_the_queue(client, people):
    client.force_login(people["teacher"])
    page = client.get("/").content.decode()
    assert "My learning" in page
    assert "My evidence" in page
    assert 'href="/evidence/queue/"' in page
    assert 'id="badges-h"' not in page  # a teacher's home is about their work


def test_student_home_shows_badges_and_evidence(client, people):
    client.force_login(people["student"])
    page = client.get("/").content.decode()
    assert 'id="badges-h"' in page
    assert 'id="evidence-h"' in page
    assert 'id="queue-h"' not in page


@pytest.mark.parametrize(
    ("key", "url"), [("mentor", QUEUE), ("coach", CASELOAD), ("district_admin", DASHBOARD)]
)
def test_signing_in_lands_on_the_role_page(client, people, key, url):
    user = people[key]
    user.set_password("a-long-pass-phrase")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "a-long-pass-phrase"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url
    assert response.status_code == 200


def test_home_queries_do_not_grow_with_rows(client, django_assert_max_num_queries, people):
    from tests.badges.factories import AssertionFactory

    student = people["student"]
    client.force_login(student)
    client.get("/")
    with django_assert_max_num_queries(16) as few:
        client.get("/")
    baseline = len(few.captured_queries)
    AssertionFactory.create_batch(8, recipient=student)
    with django_assert_max_num_queries(baseline):
        client.get("/")


def test_a_signed_in_person_without_a_role_gets_the_general_home(client):
    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert 'id="badges-h"' in page
