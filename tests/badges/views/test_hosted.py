"""Hosted Open Badges 2.0: JSON-LD to JSON clients, a page to browsers, 410 when revoked;
credit agreements and endorsements published with the badge (its JSON, its page, the
verify page) and the hosted Endorsement."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from badges import hosting, services
from badges import services as sp
from badges.models import Issuer
from badges.openbadges.baking import unbake
from core.models import AuditEntry
from pathways import services as doors
from pathways.models import Pathway, PathwayRequirement
from tests.accounts.factories import (
    MembershipFactory,
    UserFactory,
)
from tests.badges.factories import SVG_BYTES, BadgeClassFactory, IssuerFactory
from tests.badges.support import (
    BROWSER,
    SUMMARY,
    agree,
    award,
    endorse,
    get_json,
    page,
)
from tests.competencies.factories import CompetencyFactory

pytestmark = pytest.mark.django_db


def test_hosted_assertion_chain_has_every_required_property(client):
    competency = CompetencyFactory(code="ET.1", statement="Uses data to plan.")
    a = award(credit_institution="CWI", credit_hours="3", credit_course_code="WELD 101")
    a.badge_class.alignments.add(competency)
    doc = get_json(client, a.get_absolute_url())
    assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert doc["type"] == "Assertion"
    assert doc["id"] == f"http://testserver/ob/v2/assertions/{a.public_id}"
    assert doc["recipient"]["hashed"] is True
    assert doc["recipient"]["salt"] == a.salt
    assert doc["recipient"]["identity"].startswith("sha256$")
    assert a.recipient.email not in json.dumps(doc)
    assert doc["verification"] == {"type": "HostedBadge"}
    assert doc["issuedOn"].endswith("+00:00")

    badge = get_json(client, doc["badge"].removeprefix("http://testserver"))
    assert badge["type"] == "BadgeClass"
    for key in ("id", "name", "description", "image", "criteria", "issuer"):
        assert badge[key], key
    targets = {al["targetName"]: al for al in badge["alignment"]}
    assert targets["ET.1"]["targetDescription"] == "Uses data to plan."
    credit = targets["WELD 101 (3 credits)"]
    assert credit["targetDescription"] == "Equals 3 credits of WELD 101 at CWI"

    issuer = get_json(client, badge["issuer"].removeprefix("http://testserver"))
    assert issuer["type"] == "Issuer"
    for key in ("id", "name", "url", "email", "revocationList"):
        assert issuer[key], key
    # Verification scope: every hosted id lies on the issuer id's origin.
    origin = "http://testserver/"
    assert all(u.startswith(origin) for u in (doc["id"], badge["id"], issuer["id"]))

    image = client.get(badge["image"].removeprefix("http://testserver"))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"


def test_browsers_get_a_page_with_opengraph_tags(client):
    a = award()
    response = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'property="og:title"' in html
    assert f'content="{a.badge_class.name}"' in html
    assert 'property="og:image"' in html
    assert "Vary" in response
    assert "Accept" in response["Vary"]


def test_revoked_assertion_answers_410_with_reason(client, django_capture_on_commit_callbacks):
    a = award()
    get_json(client, a.get_absolute_url())  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        doors.assertion_revoke(actor=None, assertion=a, reason="Evidence was not the earner's")
    doc = get_json(client, a.get_absolute_url(), status=410)
    assert doc["revoked"] is True
    assert doc["revocationReason"] == "Evidence was not the earner's"
    assert doc["id"].endswith(str(a.public_id))
    rl = get_json(client, reverse("ob2:revocation-list", args=[a.badge_class.issuer.public_id]))
    assert rl["type"] == "RevocationList"
    assert rl["revokedAssertions"] == [
        {"id": doc["id"], "revocationReason": "Evidence was not the earner's"}
    ]
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER)
    assert "Revoked" in page.content.decode()


def test_expired_assertion_carries_expires(client):
    from datetime import timedelta

    from django.utils import timezone

    badge = BadgeClassFactory(valid_for_days=10)
    a = doors.assertion_award(
        actor=None,
        badge_class=badge,
        recipient=UserFactory(),
        issued_on=timezone.now() - timedelta(days=20),
    ).assertion
    doc = get_json(client, a.get_absolute_url())
    assert doc["expires"] < timezone.now().isoformat()


def test_unknown_ids_and_draft_badges_are_404(client):
    import uuid

    assert client.get(f"/ob/v2/assertions/{uuid.uuid4()}").status_code == 404
    draft = BadgeClassFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/ob/v2/assertions/1").status_code == 404  # database ids never resolve


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_baked_image_carries_the_hosted_assertion(client, kind):
    if kind == "svg":
        from django.core.files.base import ContentFile

        a = award(image_type="svg", image=ContentFile(SVG_BYTES, name="i.svg"))
    else:
        a = award()
    response = client.get(hosting.baked_url(a, kind).removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response["Content-Type"] == f"image/{'svg+xml' if kind == 'svg' else 'png'}"
    assert "attachment" in response["Content-Disposition"]
    baked = json.loads(unbake(response.content).payload)
    assert baked == get_json(client, a.get_absolute_url())
    other = "svg" if kind == "png" else "png"
    assert (
        client.get(hosting.baked_url(a, other).removeprefix("http://testserver")).status_code == 404
    )


def test_an_unbakeable_image_stored_before_the_checks_answers_409_not_500(client):
    from django.core.files.base import ContentFile

    a = award(image=ContentFile(b"MZ\x90\x00 not an image", name="i.png"))
    response = client.get(hosting.baked_url(a, "png").removeprefix("http://testserver"))
    assert response.status_code == 409
    assert b"replace the image" in response.content
    assert client.get(a.get_absolute_url(), HTTP_ACCEPT="application/ld+json").status_code == 200


def test_private_badge_page_hides_the_name_but_json_still_verifies(client):
    student = UserFactory(name="Maya Reyes", is_minor=True)
    badge = BadgeClassFactory(audience="student")
    a = doors.assertion_award(actor=None, badge_class=badge, recipient=student).assertion
    assert not a.is_public
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert "Maya Reyes" not in page
    get_json(client, a.get_absolute_url())
    services.assertion_set_public(actor=student, assertion=a, public=True)
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert "Maya Reyes" in page


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        ("", False),
        ("application/ld+json", False),
        ("application/json", False),
        ("*/*", False),  # equal preference: the first offered, JSON-LD
        ("text/*", True),
        ("TEXT/HTML", True),
        ("application/*;q=0.1, */*", True),  # */* outranks the JSON types here
        (BROWSER, True),
    ],
)
def test_the_accept_header_chooses_the_page_or_the_json(client, accept, html):
    a = award()
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get(a.get_absolute_url(), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html" if html else "application/ld+json")


def test_hosted_urls_are_what_reverse_gives_under_each_site_url_and_script_prefix(settings):
    from django.urls import set_script_prefix

    a = award()
    settings.SITE_URL = "https://badges.example.org"
    names = {
        hosting.assertion_url(a): "ob2:assertion",
        hosting.baked_url(a, "png"): "ob2:assertion-baked-png",
        hosting.baked_url(a, "svg"): "ob2:assertion-baked-svg",
    }
    for url, name in names.items():
        path = reverse(name, kwargs={"public_id": a.public_id})
        assert url == f"https://badges.example.org{path}"
    set_script_prefix("/cairn/")
    try:
        assert hosting.assertion_url(a) == (
            f"https://badges.example.org/cairn/ob/v2/assertions/{a.public_id}"
        )
        assert hosting.badge_class_url(a.badge_class) == "https://badges.example.org" + reverse(
            "ob2:badgeclass", kwargs={"public_id": a.badge_class.public_id}
        )
    finally:
        set_script_prefix("/")


def test_the_hosted_json_is_the_document_of_the_assertion_itself(client):
    """The JSON endpoint's plain-values read builds the same document as the model."""
    a = award()
    a.narrative = "Planned three units."
    a.evidence = [{"url": "https://example.org/e", "narrative": "Unit plan", "name": "Plan"}]
    a.expires_at = timezone.now() + datetime.timedelta(days=30)
    a.save(update_fields=["narrative", "evidence", "expires_at"])
    a.refresh_from_db()
    assert get_json(client, a.get_absolute_url()) == hosting.assertion_document(a)


def test_hosted_assertion_query_count_is_constant(client, django_assert_max_num_queries):
    a = award()
    for _ in range(20):
        doors.assertion_award(actor=None, badge_class=BadgeClassFactory(), recipient=a.recipient)
    with django_assert_max_num_queries(1):
        get_json(client, a.get_absolute_url())


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


def test_the_page_of_an_award_to_an_address_not_claimed_yet(client):
    badge = BadgeClassFactory()
    a = doors.assertion_award_to_email(
        actor=None, badge_class=badge, email="someone-new@example.org"
    ).assertion
    anonymous = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert "keeps their name private" in anonymous
    assert "someone-new@example.org" not in anonymous
    admin = MembershipFactory(
        organization=badge.issuer.organization, role=Membership.Role.ADMIN
    ).user
    client.force_login(admin)
    page = client.get(a.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert "Awarded to an e-mail address that no account has claimed yet" in page
