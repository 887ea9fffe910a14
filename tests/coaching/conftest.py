"""A district with a coach whose caseload holds two teachers, a second coach with a
teacher of their own, the district's admin; and a published module."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Membership, Organization, User
from coaching import services
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module


@dataclass
class Caseload:
    district: Organization
    school: Organization
    admin: User
    coach: User
    other_coach: User
    teacher: User
    teacher2: User
    outsider_teacher: User


@pytest.fixture
def caseload(db) -> Caseload:
    school = SchoolFactory()
    district = school.parent
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    coach = MembershipFactory(organization=school, role=Membership.Role.COACH).user
    other_coach = MembershipFactory(organization=school, role=Membership.Role.COACH).user
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    teacher2 = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    outsider = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    term = timezone.localdate() - datetime.timedelta(days=90)
    for c, t in ((coach, teacher), (coach, teacher2), (other_coach, outsider)):
        services.assignment_create(actor=admin, coach=c, teacher=t, school=school, starts_on=term)
    return Caseload(district, school, admin, coach, other_coach, teacher, teacher2, outsider)


@pytest.fixture
def module(caseload):
    """A published module of the district, aligned to a competency."""
    return build_module(caseload.coach, caseload.district, competency=CompetencyFactory())
