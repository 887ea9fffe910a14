"""A small CTE world: a district, a school section, a student placed with an employer."""

from dataclasses import dataclass

import pytest

from accounts.models import Membership, Organization, Section, User
from badges.models import BadgeClass
from evidence.models import ApprovalPolicy, Rubric
from tests.accounts.factories import (
    MembershipFactory,
    OrganizationFactory,
    PlacementFactory,
    SchoolFactory,
    SectionFactory,
    UserFactory,
)
from tests.evidence.factories import ApprovalPolicyFactory, link


@dataclass
class World:
    district: Organization
    school: Organization
    employer: Organization
    admin: User
    teacher: User
    other_teacher: User
    coach: User
    student: User
    other_student: User
    supervisor: User
    mentor: User
    section: Section
    badge: BadgeClass
    policy: ApprovalPolicy
    rubric: Rubric

    def scores(self, level: int = 3) -> dict[str, int]:
        return {str(c.public_id): level for c in self.rubric.criteria.all()}


@pytest.fixture
def world(db) -> World:
    school = SchoolFactory()
    district = school.parent
    employer = OrganizationFactory(kind="employer")
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    other_teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    coach = MembershipFactory(organization=school, role=Membership.Role.COACH).user
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    student = MembershipFactory(
        organization=school, role=Membership.Role.STUDENT, user__is_minor=True
    ).user
    other_student = MembershipFactory(
        organization=school, role=Membership.Role.STUDENT, user__is_minor=True
    ).user
    supervisor = MembershipFactory(organization=employer, role=Membership.Role.SUPERVISOR).user
    mentor = MembershipFactory(organization=employer, role=Membership.Role.MENTOR).user
    section = SectionFactory(school=school)
    section.teachers.add(teacher)
    section.students.add(student, other_student)
    PlacementFactory(student=student, organization=employer, supervisor=supervisor, mentor=mentor)
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=district,
        allow_section_teacher=True,
        allow_supervisor=True,
        allow_mentor=True,
        required_kinds=["supervisor", "section_teacher"],
        approvals_needed=2,
        allow_teacher_on_behalf=True,
    )
    # The badge is taught in the section: its teacher reviews the students' evidence.
    link(policy.badge_class, section)
    UserFactory()  # a bystander
    return World(
        district=district,
        school=school,
        employer=employer,
        admin=admin,
        teacher=teacher,
        other_teacher=other_teacher,
        coach=coach,
        student=student,
        other_student=other_student,
        supervisor=supervisor,
        mentor=mentor,
        section=section,
        badge=policy.badge_class,
        policy=policy,
        rubric=policy.rubric,
    )
