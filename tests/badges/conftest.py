"""Fixtures the badges tests share: an earner, a credit-bearing assertion, and the
welding badge with the college and employer that agree credit for and endorse it."""

from decimal import Decimal

import pytest

from accounts.models import Organization
from badges.openbadges import ob2
from pathways import services as doors
from tests.accounts.factories import OrganizationFactory, UserFactory
from tests.badges.factories import BadgeClassFactory
from tests.competencies.factories import CompetencyFactory


@pytest.fixture
def earner(db):
    return UserFactory(email="Earner@Example.org", name="Ana Earner")


@pytest.fixture
def assertion(earner):
    """Awarded to `earner`: aligned to a CASE competency and a CTE one, worth 3 credits
    of WELD 101, with evidence."""
    competency = CompetencyFactory(case_uri="https://case.example/uri/123")
    badge = BadgeClassFactory(
        credit_institution="College of Western Idaho",
        credit_hours=Decimal("3"),
        credit_course_code="WELD 101",
        cte_competency=CompetencyFactory(),
        tags=["CTE", "welding"],
    )
    badge.alignments.add(competency)
    return doors.assertion_award(
        actor=None,
        badge_class=badge,
        recipient=earner,
        evidence=[
            ob2.EvidenceItem(
                url="https://evidence.example/portfolio/1",
                narrative="Welded a T-joint.",
                name="Portfolio",
            )
        ],
    ).assertion


@pytest.fixture
def welding(db):
    return BadgeClassFactory(name="Welding Safety")


@pytest.fixture
def college(db):
    return OrganizationFactory(
        name="College of Western Idaho",
        slug="cwi",
        kind=Organization.Kind.COLLEGE,
        url="https://cwi.example.edu",
    )


@pytest.fixture
def employer(db):
    return OrganizationFactory(
        name="Treasure Valley Fabrication",
        slug="tvf",
        kind=Organization.Kind.EMPLOYER,
        url="https://tvfab.example.com",
        email="hr@tvfab.example.com",
    )
