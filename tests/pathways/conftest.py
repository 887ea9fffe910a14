"""What the pathways console tests share: a district with an admin, a badge they award,
people in the district, and an admin of another district with people of their own."""

import pytest

from accounts.models import Membership
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.badges.factories import BadgeClassFactory

ADMIN = Membership.Role.ADMIN
TEACHER = Membership.Role.TEACHER


@pytest.fixture
def school():
    return SchoolFactory(name="Ridge High")


@pytest.fixture
def district(school):
    return school.parent


@pytest.fixture
def badge(district):
    return BadgeClassFactory(
        issuer__organization=district, slug="coaching-cycles", name="Coaching Cycles"
    )


@pytest.fixture
def admin(district):
    return MembershipFactory(
        organization=district, role=ADMIN, user__email="admin@district.example.org"
    ).user


@pytest.fixture
def ana(school):
    return MembershipFactory(
        organization=school, role=TEACHER, user__email="ana@example.org", user__name="Ana Díaz"
    ).user


@pytest.fixture
def ben(school):
    return MembershipFactory(
        organization=school, role=TEACHER, user__email="ben@example.org", user__name="Ben Ortiz"
    ).user


@pytest.fixture
def other_district_admin():
    return MembershipFactory(organization=SchoolFactory().parent, role=ADMIN).user


@pytest.fixture
def stranger():
    """A teacher of another district (same first name as Ana)."""
    return MembershipFactory(
        organization=SchoolFactory().parent,
        role=TEACHER,
        user__email="ana.other@example.org",
        user__name="Ana Stranger",
    ).user


@pytest.fixture
def nobody():
    return UserFactory()
