"""Badges' access policies: predicate, queryset and who-may agree over the demo
district, and each rule's allowed and denied cases."""

import pytest

from badges import permissions as p
from badges.models import Assertion, BadgeClass, CreditAgreement, Endorsement, Issuer
from tests.policies import check_policy, seed_demo_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return seed_demo_district()


def test_issuer_and_badge_class_policies(people):
    district_issuer = Issuer.objects.get(organization__slug="snake-river-sd")
    issuers = list(Issuer.objects.all())
    for action in ("award", "manage", "rotate_key"):
        check_policy(p.issuers, action, people, issuers)
    check_policy(
        p.issuers,
        "award",
        people,
        issuers,
        expect=[
            ("admin", district_issuer, True),
            ("district_admin", district_issuer, True),
            ("other_admin", district_issuer, False),
            ("teacher", district_issuer, False),
            ("employer_admin", district_issuer, False),
        ],
    )
    endorser = Issuer.objects.filter(organization__kind="employer").first()
    if endorser is not None:
        # An employer's profile exists to endorse; its admins rotate its key, never award.
        assert not p.issuers.allows(people["employer_admin"], "award", endorser)
        assert p.issuers.allows(people["employer_admin"], "rotate_key", endorser)
    badges = list(BadgeClass.objects.all())
    for action in ("award", "manage"):
        check_policy(p.badge_classes, action, people, badges)


def test_assertion_policy(people):
    assertions = list(Assertion.objects.select_related("badge_class__issuer")[:40])
    for action in ("revoke", "own", "see_name"):
        check_policy(p.assertions, action, people, assertions)
    mine = Assertion.objects.filter(recipient=people["student"]).first()
    check_policy(
        p.assertions,
        "own",
        people,
        [mine],
        expect=[("student", mine, True), ("student2", mine, False), ("admin", mine, False)],
    )
    check_policy(
        p.assertions,
        "revoke",
        people,
        [mine],
        expect=[
            ("district_admin", mine, True),
            ("teacher", mine, False),
            ("other_admin", mine, False),
            ("student", mine, False),
        ],
    )


def test_agreement_and_endorsement_policies(people):
    agreements = list(CreditAgreement.objects.all())
    check_policy(
        p.credit_agreements,
        "manage",
        people,
        agreements,
        expect=[
            ("college_admin", agreements[0], True),
            ("district_admin", agreements[0], True),
            ("other_admin", agreements[0], False),
        ],
    )
    endorsements = list(Endorsement.objects.select_related("endorser"))
    by_employer = next(e for e in endorsements if e.endorser.kind == "employer")
    check_policy(
        p.endorsements,
        "manage",
        people,
        endorsements,
        expect=[
            ("employer_admin", by_employer, True),
            ("district_admin", by_employer, True),
            ("college_admin", by_employer, False),
            ("mentor", by_employer, False),
        ],
    )
