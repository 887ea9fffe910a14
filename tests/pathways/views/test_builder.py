"""The pathway activation page: who would be awarded now and the warnings, nothing
awarded until the admin confirms; confirming awards the completers once and tells them."""

import pytest
from django.urls import reverse

from badges.models import Assertion
from core.models import Notification
from pathways.models import Pathway
from tests.accounts.factories import DistrictFactory, UserFactory
from tests.badges.factories import BadgeClassFactory, IssuerFactory
from tests.evidence.factories import ApprovalPolicyFactory
from tests.pathways.test_services import admin_of, build, give

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    district = DistrictFactory()
    admin = admin_of(district)
    issuer = IssuerFactory(organization=district)
    a, b = BadgeClassFactory(issuer=issuer), BadgeClassFactory(issuer=issuer)
    done = [UserFactory(name=f"Completer {i}") for i in range(3)]
    for person in done:
        give(person, a, b)
    half = UserFactory(name="Halfway")
    give(half, a)
    pathway = build(issuer, "Late", [a, b], status=Pathway.Status.DRAFT)
    return {"admin": admin, "pathway": pathway, "done": done, "half": half}


def url(pathway):
    return reverse("pathways:pathway-activate", kwargs={"public_id": pathway.public_id})


def awarded(pathway):
    return Assertion.objects.filter(badge_class=pathway.badge_class)


def test_the_preview_lists_who_would_be_awarded_and_awards_nothing(client, draft):
    client.force_login(draft["admin"])
    page = client.get(url(draft["pathway"])).content.decode()
    assert "3 people already complete this pathway" in page
    for person in draft["done"]:
        assert person.email in page
    assert draft["half"].email not in page
    assert "Activate and award 3 people" in page
    assert not awarded(draft["pathway"]).exists()
    draft["pathway"].refresh_from_db()
    assert draft["pathway"].status == Pathway.Status.DRAFT


def test_a_post_without_the_confirmation_awards_nothing(client, draft):
    client.force_login(draft["admin"])
    response = client.post(url(draft["pathway"]))
    assert response.status_code == 400
    assert "nothing was awarded" in response.content.decode()
    assert not awarded(draft["pathway"]).exists()
    draft["pathway"].refresh_from_db()
    assert draft["pathway"].status == Pathway.Status.DRAFT


def test_confirming_awards_the_completers_once_and_tells_them(
    client, draft, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(draft["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft["pathway"]), {"confirm": "yes"}, follow=True)
    assert "3 people were awarded its badge and told" in response.content.decode()
    assert sorted(awarded(draft["pathway"]).values_list("recipient_id", flat=True)) == sorted(
        p.pk for p in draft["done"]
    )
    told = Notification.objects.filter(message__contains="You completed the pathway “Late”")
    assert sorted(told.values_list("user_id", flat=True)) == sorted(p.pk for p in draft["done"])
    assert {m.to[0] for m in mailoutbox} >= {p.email for p in draft["done"]}
    # Once: the page is gone (an active pathway is not activated again), nothing more.
    assert client.post(url(draft["pathway"]), {"confirm": "yes"}).status_code == 404
    assert awarded(draft["pathway"]).count() == 3


def test_the_page_warns_when_the_badge_has_its_own_evidence_policy(client, draft):
    ApprovalPolicyFactory(badge_class=draft["pathway"].badge_class)
    client.force_login(draft["admin"])
    page = client.get(url(draft["pathway"])).content.decode()
    assert "has its own evidence policy" in page


def test_no_warning_without_a_policy(client, draft):
    client.force_login(draft["admin"])
    assert "has its own evidence policy" not in client.get(url(draft["pathway"])).content.decode()


def test_the_list_is_paginated_in_constant_queries(client, draft, django_assert_max_num_queries):
    client.force_login(draft["admin"])
    client.get(url(draft["pathway"]))
    a, b = [r.badge_class for r in draft["pathway"].requirements.exclude(parent=None)]
    for i in range(55):
        give(UserFactory(name=f"More {i:02}"), a, b)
    with django_assert_max_num_queries(14):
        page = client.get(url(draft["pathway"])).content.decode()
    assert "58 people already complete" in page
    assert "Page 1 of 2" in page
    assert "Page 2 of 2" in client.get(url(draft["pathway"]) + "?page=2").content.decode()


def test_another_districts_admin_gets_404(client, draft):
    stranger = admin_of(DistrictFactory())
    client.force_login(stranger)
    assert client.get(url(draft["pathway"])).status_code == 404
    assert client.post(url(draft["pathway"]), {"confirm": "yes"}).status_code == 404
    assert not awarded(draft["pathway"]).exists()
