"""Endorsements: what is checked when one is recorded, who may endorse and withdraw,
and the pages (in `pathways`) that call the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from badges import services
from badges.models import Endorsement, Issuer
from tests.accounts.factories import (
    DistrictFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.badges.factories import BadgeClassFactory
from tests.badges.support import admin_of, endorse

pytestmark = pytest.mark.django_db


def test_endorsement_rules(welding, employer):
    with pytest.raises(services.BadgeError, match="Only employers and industry associations"):
        endorse(welding, DistrictFactory())
    with pytest.raises(services.BadgeError, match="not active"):
        endorse(BadgeClassFactory(status="draft"), employer)
    with pytest.raises(services.BadgeError, match="future"):
        endorse(welding, employer, endorsed_on=timezone.localdate() + datetime.timedelta(2))
    bare = OrganizationFactory(kind=Organization.Kind.ASSOCIATION, url="", email="")
    with pytest.raises(services.BadgeError, match="needs a web site and a contact e-mail"):
        endorse(welding, bare)
    assert not Issuer.objects.filter(organization=bare).exists()
    endorse(welding, bare, endorser_url="https://welders.example.org", endorser_email="a@b.org")
    endorse(welding, employer)
    with pytest.raises(services.BadgeError, match="already endorses"):
        endorse(welding, employer)
    assert Endorsement.objects.count() == 2


def test_who_may_endorse(welding, employer):
    endorse(welding, employer, actor=admin_of(employer))
    other_employer = OrganizationFactory(kind=Organization.Kind.EMPLOYER, url="https://o.example")
    with pytest.raises(PermissionDenied):
        endorse(welding, employer, actor=admin_of(other_employer), comment="x")
    with pytest.raises(PermissionDenied):
        endorse(welding, employer, actor=admin_of(DistrictFactory()), comment="x")
    # The badge's own district admin may record an endorsement they received.
    recorder = admin_of(welding.issuer.organization)
    association = OrganizationFactory(
        kind=Organization.Kind.ASSOCIATION, url="https://aws.example", email="x@aws.example"
    )
    endorse(welding, association, actor=recorder)


def test_employer_admin_endorses_in_the_app(client, welding, employer):
    admin = admin_of(employer)
    client.force_login(admin)
    response = client.post(
        reverse("pathways:endorsement-list"),
        {
            "badge_class": str(welding.public_id),
            "endorser": str(employer.public_id),
            "comment": "Our shop floor relies on this.",
            "endorsed_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert endorsement.created_by == admin
    html = client.get(reverse("pathways:endorsement-list")).content.decode()
    assert "Our shop floor" not in html  # the list names badge and endorser
    assert welding.name in html
    response = client.post(
        reverse("pathways:endorsement-withdraw", kwargs={"public_id": endorsement.public_id})
    )
    assert response.status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.status == Endorsement.Status.WITHDRAWN


def test_endorsement_pages_are_404_for_people_without_a_say(client, welding, employer):
    endorsement = endorse(welding, employer)
    client.force_login(UserFactory())
    assert client.get(reverse("pathways:endorsement-list")).status_code == 404
    client.force_login(admin_of(OrganizationFactory(kind=Organization.Kind.EMPLOYER)))
    url = reverse("pathways:endorsement-withdraw", kwargs={"public_id": endorsement.public_id})
    assert client.post(url).status_code == 404
