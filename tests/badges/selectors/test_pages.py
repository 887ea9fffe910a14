"""The page dataclasses: the agreements and endorsements a person manages come with the
moves their workflow leaves open (what the pages' buttons are built from), scoped by the
policies; the verified badge names what the verify page and API show."""

import pytest

from badges import hosting, services
from badges.selectors import pages
from tests.accounts.factories import DistrictFactory
from tests.badges.support import admin_of, agree, award, endorse

pytestmark = pytest.mark.django_db


def test_managed_agreements_and_endorsements_carry_their_open_moves(welding, college, employer):
    agreement = agree(welding, institution=college)
    endorsement = endorse(welding, employer)
    manager = admin_of(welding.issuer.organization)

    (row,) = pages.agreements_managed(user=manager)
    assert row.agreement == agreement
    assert [m.name for m in row.moves] == ["withdraw"]
    (erow,) = pages.endorsements_managed(user=manager)
    assert erow.endorsement == endorsement
    assert erow.url == hosting.endorsement_url(endorsement)
    assert [m.name for m in erow.moves] == ["withdraw"]

    services.credit_agreement_withdraw(actor=manager, agreement=agreement)
    services.endorsement_withdraw(actor=manager, endorsement=endorsement)
    assert pages.agreements_managed(user=manager)[0].moves == []
    assert pages.endorsements_managed(user=manager)[0].moves == []

    outsider = admin_of(DistrictFactory())
    assert pages.agreements_managed(user=outsider) == []
    assert pages.endorsements_managed(user=outsider) == []
    assert [r.agreement for r in pages.agreements_managed(user=admin_of(college))] == [agreement]
    assert [r.endorsement for r in pages.endorsements_managed(user=admin_of(employer))] == [
        endorsement
    ]


def test_verified_badge_names_the_hosted_documents():
    a = award()
    badge = pages.verified_badge(assertion=a)
    assert badge.assertion_url == hosting.assertion_url(a)
    assert badge.badge_url == hosting.badge_class_url(a.badge_class)
    assert badge.issuer_url == hosting.issuer_url(a.badge_class.issuer)
    assert badge.image_url == hosting.badge_image_url(a.badge_class)
    assert badge.issuer == a.badge_class.issuer
