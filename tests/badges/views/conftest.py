"""Fixtures for the console page tests (`test_console_*`): a district with an issuer,
its admin and one of its teachers, and an admin of another district."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from tests.accounts.factories import DistrictFactory, MembershipFactory
from tests.badges.factories import IssuerFactory


def member(organization, role=Membership.Role.ADMIN):
    return MembershipFactory(organization=organization, role=role).user


@pytest.fixture
def issuer(db):
    return IssuerFactory(name="Valley District Credentials")


@pytest.fixture
def district_admin(issuer):
    return member(issuer.organization)


@pytest.fixture
def teacher(issuer):
    return member(issuer.organization, Membership.Role.TEACHER)


@pytest.fixture
def other_admin(db):
    return member(DistrictFactory(name="Other District"))
