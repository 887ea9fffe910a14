"""The console's issuer pages: the list (scoped, with a query count that does not grow),
a new issuer and its edit form through the services, its page with badge classes and
signing keys; a teacher and another district's admin get 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from badges.models import Issuer, IssuerKey
from core.models import AuditEntry
from tests.accounts.factories import OrganizationFactory, SchoolFactory
from tests.badges.factories import BadgeClassFactory, IssuerFactory

from .conftest import member

pytestmark = pytest.mark.django_db

LIST = reverse("badges:console-issuer-list")
CREATE = reverse("badges:console-issuer-create")


def url(name: str, issuer: Issuer) -> str:
    return reverse(f"badges:console-issuer-{name}", kwargs={"public_id": issuer.public_id})


PROFILE = {
    "name": "Valley CTE Credentials",
    "url": "https://cte.valley.example.org",
    "email": "cte@valley.example.org",
    "description": "Career and technical education badges.",
}


def test_the_list_shows_the_issuers_one_manages(client, issuer, district_admin):
    BadgeClassFactory.create_batch(2, issuer=issuer)
    IssuerFactory(name="Another district's issuer")
    client.force_login(district_admin)
    response = client.get(LIST)
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [(i.name, i.badge_count) for i in rows] == [(issuer.name, 2)]
    assert 'aria-current="page"' in response.content.decode()


def test_an_admin_makes_an_issuer_for_their_district(client, issuer, district_admin):
    client.force_login(district_admin)
    form = client.get(CREATE).context["form"]
    assert list(form.fields["organization"].objects) == [str(issuer.organization.public_id)]
    response = client.post(CREATE, {"organization": issuer.organization.public_id, **PROFILE})
    made = Issuer.objects.get(name="Valley CTE Credentials")
    assert response.status_code == 302
    assert response["Location"] == url("detail", made)
    assert made.organization == issuer.organization
    assert AuditEntry.objects.filter(action="issuer.create", target_id=str(made.public_id)).exists()


def test_bad_input_is_shown_and_nothing_made(client, issuer, district_admin):
    client.force_login(district_admin)
    response = client.post(
        CREATE,
        {"organization": issuer.organization.public_id, **PROFILE, "email": "nope", "name": ""},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "name"}
    assert Issuer.objects.count() == 1


def test_an_employer_is_not_offered(client, district_admin):
    employer = OrganizationFactory(name="Valley Fab")
    client.force_login(district_admin)
    response = client.post(CREATE, {"organization": employer.public_id, **PROFILE})
    assert response.status_code == 400
    assert "organization" in response.context["form"].errors
    assert not Issuer.objects.filter(organization=employer).exists()


def test_an_admin_edits_the_profile(client, issuer, district_admin):
    client.force_login(district_admin)
    assert client.get(url("edit", issuer)).context["form"].initial["name"] == issuer.name
    response = client.post(url("edit", issuer), PROFILE)
    assert response.status_code == 302
    issuer.refresh_from_db()
    assert (issuer.name, issuer.url, issuer.email) == (
        PROFILE["name"],
        PROFILE["url"],
        PROFILE["email"],
    )
    entry = AuditEntry.objects.get(action="issuer.update")
    assert entry.actor == district_admin
    assert entry.data["changed"] == ["description", "email", "name", "url"]


def test_the_issuer_page_shows_its_badges_and_keys(client, issuer, district_admin):
    badge = BadgeClassFactory(issuer=issuer, name="Welding Safety")
    client.force_login(district_admin)
    page = client.get(url("detail", issuer))
    assert page.status_code == 200
    assert page.context["badges"] == [badge]
    assert page.context["keys"].active is None
    assert "No signing key yet" in page.content.decode()
    assert client.post(url("key-rotate", issuer)).status_code == 302
    first = IssuerKey.objects.get(issuer=issuer)
    client.post(url("key-rotate", issuer))
    keys = client.get(url("detail", issuer)).context["keys"]
    assert keys.active is not None
    assert keys.active != first
    assert keys.retired == 1


def test_a_teacher_gets_404(client, issuer, teacher):
    client.force_login(teacher)
    for page in (LIST, CREATE, url("detail", issuer), url("edit", issuer)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("edit", issuer), PROFILE).status_code == 404
    assert client.post(url("key-rotate", issuer)).status_code == 404
    issuer.refresh_from_db()
    assert issuer.name != PROFILE["name"]


def test_another_districts_admin_gets_404_on_the_issuer(client, issuer, other_admin):
    client.force_login(other_admin)
    assert list(client.get(LIST).context["page"]) == []
    for page in (url("detail", issuer), url("edit", issuer)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("edit", issuer), PROFILE).status_code == 404
    # Nor can they make one for the first district.
    response = client.post(CREATE, {"organization": issuer.organization.public_id, **PROFILE})
    assert response.status_code == 400
    assert not Issuer.objects.filter(name=PROFILE["name"]).exists()


def queries_for(client, page: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_the_list_makes_as_many_queries_for_many_rows_as_for_few(client, issuer, district_admin):
    client.force_login(district_admin)
    few = queries_for(client, LIST)
    for _ in range(30):
        BadgeClassFactory(issuer=IssuerFactory(organization=issuer.organization))
    assert queries_for(client, LIST) == few
    assert queries_for(client, f"{LIST}?page=2") == few


def test_a_schools_admin_manages_the_schools_issuer_only(client, issuer):
    school = SchoolFactory(parent=issuer.organization)
    own = IssuerFactory(organization=school, name="School Credentials")
    admin = member(school)
    client.force_login(admin)
    assert [i.name for i in client.get(LIST).context["page"]] == [own.name]
    assert client.get(url("detail", issuer)).status_code == 404


def test_an_endorsers_profile_offers_no_new_badge(client, admin_user, issuer):
    endorser = IssuerFactory(organization=OrganizationFactory(name="Valley Fab"))
    client.force_login(admin_user)  # a superuser sees every issuer
    page = client.get(url("detail", endorser))
    assert page.status_code == 200
    assert page.context["awards"] is False
    assert "New badge class" not in page.content.decode()
    choices = client.get(reverse("badges:console-badgeclass-create")).context["form"]
    assert str(endorser.public_id) not in dict(choices.fields["issuer"].choices)
