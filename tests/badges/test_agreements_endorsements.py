"""Credit agreements (badge page, verify page, BadgeClass JSON alignment) and
endorsements (badge page, hosted Open Badges 2.0 Endorsement, BadgeClass JSON)."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organization
from badges import hosting, services
from badges import services as sp
from badges.models import CreditAgreement, Endorsement, Issuer
from core.models import AuditEntry
from pathways import services as doors
from pathways.models import Pathway, PathwayRequirement
from tests.accounts.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.badges.factories import BadgeClassFactory, IssuerFactory

pytestmark = pytest.mark.django_db

JSON = "application/ld+json, application/json"
BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
AGREED = datetime.date(2026, 1, 15)


def admin_of(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user


def get_json(client, url, status=200):
    response = client.get(url.removeprefix("http://testserver"), HTTP_ACCEPT=JSON)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def page(client, url):
    response = client.get(url.removeprefix("http://testserver"), HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def college():
    return OrganizationFactory(
        name="College of Western Idaho",
        slug="cwi",
        kind=Organization.Kind.COLLEGE,
        url="https://cwi.example.edu",
    )


@pytest.fixture
def welding(db):
    return BadgeClassFactory(name="Welding Safety")


def agree(badge_class=None, **kw):
    defaults = {
        "actor": None,
        "badge_class": badge_class,
        "course_code": "WELD 101",
        "credits": "3",
        "effective_from": AGREED,
        "signed_by_name": "Dr. Ana Ruiz",
        "signed_by_title": "Dean of Workforce Programs",
    }
    return sp.credit_agreement_record(**{**defaults, **kw})


SUMMARY = (
    "Equals 3 credits of WELD 101 at College of Western Idaho, agreed 2026-01-15, "
    "signed off by Dr. Ana Ruiz (Dean of Workforce Programs)"
)


# Credit agreements -------------------------------------------------------------------


def test_agreement_is_an_alignment_in_the_badge_json(client, college, welding):
    agreement = agree(welding, institution=college)
    assert agreement.summary == SUMMARY
    doc = get_json(client, hosting.badge_class_url(welding))
    (alignment,) = [a for a in doc["alignment"] if a["targetName"] == "WELD 101 (3 credits)"]
    assert alignment == {
        "targetName": "WELD 101 (3 credits)",
        "targetUrl": "https://cwi.example.edu",
        "targetDescription": SUMMARY,
        "targetFramework": "College of Western Idaho",
        "targetCode": "WELD 101",
    }
    assert AuditEntry.objects.filter(action="credit_agreement.record").exists()


def test_agreement_of_a_cte_program_points_at_the_badge_page(client, welding):
    agree(welding, program_name="Meridian Technical Charter Welding Program", credits="1.5")
    doc = get_json(client, hosting.badge_class_url(welding))
    (alignment,) = doc["alignment"]
    assert alignment["targetName"] == "WELD 101 (1.5 credits)"
    assert alignment["targetUrl"] == f"{hosting.badge_class_url(welding)}#credit"
    assert alignment["targetFramework"] == "Meridian Technical Charter Welding Program"
    html = page(client, hosting.badge_class_url(welding))
    assert 'id="credit"' in html  # the alignment's targetUrl lands on the agreement


def test_agreement_shows_on_the_badge_page_and_the_verify_page(client, college, welding):
    agree(welding, institution=college, course_title="Welding Fundamentals")
    html = page(client, hosting.badge_class_url(welding))
    assert "Equals 3 credits of WELD 101 at College of Western Idaho" in html
    assert "signed off by Dr. Ana Ruiz, Dean of Workforce Programs" in html
    assert "Welding Fundamentals" in html

    a = doors.assertion_award(actor=None, badge_class=welding, recipient=UserFactory()).assertion
    response = client.post("/verify/", {"url": hosting.assertion_url(a)})
    html = response.content.decode()
    assert 'data-outcome="valid"' in html
    assert "Equals 3 credits of WELD 101 at College of Western Idaho" in html
    assert "Dr. Ana Ruiz" in html


def test_agreement_on_a_pathway_shows_with_the_pathway_badge(client, college):
    issuer = IssuerFactory()
    part = BadgeClassFactory(issuer=issuer)
    pathway = doors.pathway_create(
        actor=None,
        badge_class=BadgeClassFactory(issuer=issuer, name="CTE Program Completer"),
        slug="cte",
        name="CTE Program Completer",
    )
    doors.pathway_requirement_add(
        actor=None,
        pathway=pathway,
        parent=pathway.requirements.get(parent=None),
        kind=PathwayRequirement.Kind.BADGE,
        badge_class=part,
    )
    doors.pathway_activate(actor=None, pathway=pathway)
    agree(Pathway.objects.get(pk=pathway.pk).badge_class, institution=college, credits="6")
    doc = get_json(client, hosting.badge_class_url(pathway.badge_class))
    assert [a["targetName"] for a in doc["alignment"]] == ["WELD 101 (6 credits)"]
    html = page(client, hosting.badge_class_url(pathway.badge_class))
    assert "WELD 101" in html
    assert "alignment" not in get_json(client, hosting.badge_class_url(part))


def test_future_and_withdrawn_agreements_are_not_shown(client, college, welding):
    agree(welding, institution=college, effective_from=timezone.localdate() + datetime.timedelta(1))
    assert "alignment" not in get_json(client, hosting.badge_class_url(welding))
    now = agree(welding, institution=college, course_code="WELD 102")
    assert len(get_json(client, hosting.badge_class_url(welding))["alignment"]) == 1
    sp.credit_agreement_withdraw(actor=None, agreement=now)
    assert "alignment" not in get_json(client, hosting.badge_class_url(welding))
    assert "WELD 102" not in page(client, hosting.badge_class_url(welding))


def test_agreement_input_is_checked(college, welding):
    with pytest.raises(services.BadgeError, match="about one badge"):
        agree(None, institution=college)
    with pytest.raises(services.BadgeError, match="college or the CTE program"):
        agree(welding)
    with pytest.raises(services.BadgeError, match="not a college"):
        agree(welding, institution=DistrictFactory())
    with pytest.raises(services.BadgeError, match="more than 0"):
        agree(welding, institution=college, credits="0")
    with pytest.raises(services.BadgeError, match="signed the agreement off"):
        agree(welding, institution=college, signed_by_title=" ")
    agree(welding, institution=college)
    with pytest.raises(services.BadgeError, match="in place already"):
        agree(welding, institution=college, course_code="weld 101")
    assert CreditAgreement.objects.count() == 1


def test_who_may_record_an_agreement(college, welding):
    college_admin = admin_of(college)
    district_admin = admin_of(welding.issuer.organization)
    stranger = admin_of(DistrictFactory())
    agree(welding, actor=college_admin, institution=college)
    agree(welding, actor=district_admin, institution=college, course_code="WELD 102")
    with pytest.raises(PermissionDenied):
        agree(welding, actor=stranger, institution=college, course_code="WELD 103")
    with pytest.raises(PermissionDenied):
        agree(welding, actor=UserFactory(), program_name="Some program", course_code="X 1")


def test_college_admin_records_an_agreement_in_the_app(client, college, welding):
    client.force_login(admin_of(college))
    response = client.post(
        reverse("pathways:agreement-list"),
        {
            "badge_class": str(welding.public_id),
            "institution": str(college.public_id),
            "course_code": "WELD 101",
            "credits": "3",
            "effective_from": "2026-01-15",
            "signed_by_name": "Dr. Ana Ruiz",
            "signed_by_title": "Dean of Workforce Programs",
        },
    )
    assert response.status_code == 302
    assert CreditAgreement.objects.get().summary == SUMMARY
    html = client.get(reverse("pathways:agreement-list")).content.decode()
    assert SUMMARY in html


def test_agreement_pages_are_404_for_people_without_a_say(client, college, welding):
    agreement = agree(welding, institution=college)
    client.force_login(UserFactory())
    assert client.get(reverse("pathways:agreement-list")).status_code == 404
    client.force_login(admin_of(DistrictFactory()))  # no issuer, no college
    url = reverse("pathways:agreement-withdraw", kwargs={"public_id": agreement.public_id})
    assert client.post(url).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == CreditAgreement.Status.ACTIVE


# Endorsements ----------------------------------------------------------------------------


@pytest.fixture
def employer():
    return OrganizationFactory(
        name="Treasure Valley Fabrication",
        slug="tvf",
        kind=Organization.Kind.EMPLOYER,
        url="https://tvfab.example.com",
        email="hr@tvfab.example.com",
    )


def endorse(welding, employer, **kw):
    return sp.endorsement_create(
        actor=kw.pop("actor", None),
        badge_class=welding,
        endorser=employer,
        comment=kw.pop("comment", "We hire welders who hold this badge."),
        endorsed_on=kw.pop("endorsed_on", AGREED),
        **kw,
    )


def test_endorsement_is_published_as_an_open_badges_2_endorsement(client, welding, employer):
    endorsement = endorse(welding, employer)
    url = hosting.endorsement_url(endorsement)
    assert url == f"http://testserver/ob/v2/endorsements/{endorsement.public_id}"
    doc = get_json(client, url)
    assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert doc["type"] == "Endorsement"
    assert doc["id"] == url
    assert doc["claim"] == {
        "id": hosting.badge_class_url(welding),
        "endorsementComment": "We hire welders who hold this badge.",
    }
    assert doc["issuedOn"] == "2026-01-15T00:00:00+00:00"
    assert doc["verification"] == {"type": "HostedBadge"}
    # The issuer is the endorser's own Open Badges profile.
    profile = get_json(client, doc["issuer"])
    assert profile["type"] == "Issuer"
    assert profile["name"] == "Treasure Valley Fabrication"
    assert profile["url"] == "https://tvfab.example.com"
    assert profile["email"] == "hr@tvfab.example.com"
    assert Issuer.objects.get(organization=employer) == endorsement.issuer

    badge = get_json(client, hosting.badge_class_url(welding))
    assert badge["endorsement"] == [url]


def test_endorsement_shows_on_the_badge_page(client, welding, employer):
    endorse(welding, employer)
    html = page(client, hosting.badge_class_url(welding))
    assert "Endorsed by" in html
    assert "Treasure Valley Fabrication" in html
    assert "We hire welders who hold this badge." in html


def test_withdrawn_endorsement_answers_410_and_leaves_the_badge(client, welding, employer):
    endorsement = endorse(welding, employer)
    sp.endorsement_withdraw(actor=None, endorsement=endorsement)
    doc = get_json(client, hosting.endorsement_url(endorsement), status=410)
    assert doc["revoked"] is True
    assert "endorsement" not in get_json(client, hosting.badge_class_url(welding))
    assert "Treasure Valley" not in page(client, hosting.badge_class_url(welding))
    again = endorse(welding, employer, comment="Again.")  # may endorse anew
    assert again.issuer == endorsement.issuer  # one profile per organization


def test_browsers_are_sent_to_the_badge_page(client, welding, employer):
    endorsement = endorse(welding, employer)
    response = client.get(hosting.endorsement_url(endorsement), HTTP_ACCEPT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == f"{hosting.badge_class_url(welding)}#endorsements"


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


def test_badge_json_and_verify_page_query_counts_stay_small(
    client, welding, employer, college, django_assert_max_num_queries
):
    agree(welding, institution=college)
    endorse(welding, employer)
    a = doors.assertion_award(actor=None, badge_class=welding, recipient=UserFactory()).assertion
    # The badge (with issuer), its competencies, its agreements, its endorsements.
    with django_assert_max_num_queries(4):
        get_json(client, hosting.badge_class_url(welding))
    with django_assert_max_num_queries(4):
        client.post("/verify/", {"url": hosting.assertion_url(a)})
