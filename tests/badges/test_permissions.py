"""Badges' access policies: predicate, queryset and who-may agree over the demo
district, and each rule's allowed and denied cases."""

import pytest

from accounts.models import Organization
from badges import permissions as p
from badges import services
from badges.models import Assertion, BadgeClass, CreditAgreement, Endorsement, Issuer
from tests.policies import check_policy, demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo_keys):
    return demo_people(demo_keys)


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


def test_issuer_key_policy(people):
    keys = [services.issuer_active_key(issuer=i) for i in Issuer.objects.all()]
    cairn = services.issuer_active_key(issuer=None)
    district_key = next(k for k in keys if k.issuer.organization.slug == "snake-river-sd")
    employer_key = next(k for k in keys if k.issuer.organization.kind == "employer")
    check_policy(
        p.issuer_keys,
        "rotate",
        people,
        [*keys, cairn],
        expect=[
            ("district_admin", district_key, True),
            ("other_admin", district_key, False),
            ("teacher", district_key, False),
            ("employer_admin", employer_key, True),  # endorsers sign with their own key
            ("employer_admin", district_key, False),
            ("district_admin", cairn, False),  # Cairn's own key: superusers only
            ("admin", cairn, True),
        ],
    )
    # The same rule as the issuer's `rotate_key`, which the rotating service asks.
    for user in people.values():
        for key in [*keys, cairn]:
            assert p.issuer_keys.allows(user, "rotate", key) == p.can_rotate_signing_key(
                user, key.issuer
            ), (user, key)


def test_issuing_organizations_are_those_whose_issuers_one_manages(people):
    district = Organization.objects.get(slug="snake-river-sd")
    mine = set(p.issuing_organizations(people["district_admin"]))
    assert district in mine
    assert all(o.kind in ("district", "school") for o in mine)
    assert not p.issuing_organizations(people["employer_admin"]).exists()
    assert not p.issuing_organizations(people["teacher"]).exists()
    assert p.issuing_organizations(people["admin"]).count() == Organization.objects.count()
    for key, user in people.items():
        orgs = set(p.issuing_organizations(user).values_list("pk", flat=True))
        managed = set(p.issuers.queryset(user, "manage").values_list("pk", flat=True))
        expected = set(Issuer.objects.filter(organization__in=orgs).values_list("pk", flat=True))
        assert managed == expected, key
