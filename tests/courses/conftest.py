"""A district with an author (coach), a teacher, and a published module that leads to a badge."""

from dataclasses import dataclass

import pytest

from accounts.models import Membership, Organization, User
from coaching.models import CoachingAssignment
from courses import services
from courses.models import Module
from evidence.models import ApprovalPolicy
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.competencies.factories import CompetencyFactory
from tests.evidence.factories import ApprovalPolicyFactory

CHECK = [
    {
        "prompt": "What is exit-ticket data for?",
        "choices": [
            {"text": "Grading", "correct": False, "feedback": "Exit tickets are formative."},
            {"text": "Planning tomorrow's lesson", "correct": True, "feedback": "Yes."},
        ],
    },
    {
        "prompt": "How many questions should an exit ticket have?",
        "choices": [
            {"text": "One to three", "correct": True, "feedback": "Short is the point."},
            {"text": "Twenty", "correct": False, "feedback": "Too long to act on."},
        ],
    },
]


@dataclass
class Library:
    district: Organization
    school: Organization
    admin: User
    coach: User
    teacher: User
    module: Module
    policy: ApprovalPolicy


def build_module(author, district, *, slug="exit-tickets", minutes=15, competency=None, **kw):
    module = services.module_create(
        actor=author,
        organization=district,
        slug=slug,
        title=kw.pop("title", "Exit tickets that drive tomorrow's lesson"),
        summary=kw.pop("summary", "Design a three-question exit ticket and sort the results."),
        minutes=minutes,
        grade_bands=kw.pop("grade_bands", ["6-8"]),
        subjects=kw.pop("subjects", ["math"]),
        competencies=[competency] if competency else [],
        **kw,
    )
    services.step_add(
        actor=author, module=module, kind="read", title="Why", body="**Short** checks."
    )
    services.step_add(
        actor=author, module=module, kind="reflect", title="Your class", prompt="What will you ask?"
    )
    services.step_add(actor=author, module=module, kind="check", title="Check", questions=CHECK)
    return services.module_publish(actor=author, module=module)


@pytest.fixture
def library(db) -> Library:
    school = SchoolFactory()
    district = school.parent
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    coach = MembershipFactory(organization=school, role=Membership.Role.COACH).user
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=district,
        badge_class__audience="educator",
        allow_section_teacher=False,
        allow_coach=True,
    )
    module = build_module(
        coach, district, competency=CompetencyFactory(), leads_to=policy.badge_class
    )
    # The teacher is on the coach's caseload: the coach reviews their evidence.
    CoachingAssignment.objects.create(
        coach=coach, teacher=teacher, school=school, assigned_by=admin
    )
    return Library(district, school, admin, coach, teacher, module, policy)
