"""Exemplars: only teachers propose their own lessons (students never do); only the
district's authors publish or decline them, and never without the teacher's consent."""

import pytest
from django.core.exceptions import PermissionDenied

from courses import services
from evidence.models import Submission
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.courses.factories import ExemplarFactory
from tests.evidence.factories import ApprovalPolicyFactory

pytestmark = pytest.mark.django_db


def test_students_never_propose_exemplars(library):
    student = MembershipFactory(
        organization=library.school, role="student", user__is_minor=True
    ).user
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=library.district, badge_class__audience="student"
    )
    s = Submission.objects.create(
        earner=student, badge_class=policy.badge_class, submitted_by=student, status="approved"
    )
    with pytest.raises(PermissionDenied, match="Only teachers"):
        services.exemplar_propose(
            actor=student,
            submission=s,
            consent=True,
            slug="x",
            title="x",
            grade_band="9-12",
            subject="cte",
            lesson_flow="x",
            pedagogical_value="x",
        )


def test_only_the_districts_authors_review_exemplars(library):
    exemplar = ExemplarFactory(organization=library.district)
    elsewhere = MembershipFactory(organization=SchoolFactory(), role="coach").user
    for who in (library.teacher, elsewhere):
        with pytest.raises(PermissionDenied):
            services.exemplar_publish(actor=who, exemplar=exemplar)
        with pytest.raises(PermissionDenied):  # refused before the reason is looked at
            services.exemplar_decline(actor=who, exemplar=exemplar, reason="")
    with pytest.raises(services.CourseError, match="Say why"):
        services.exemplar_decline(actor=library.coach, exemplar=exemplar, reason=" ")
    published = services.exemplar_publish(actor=library.coach, exemplar=exemplar)
    assert (published.status, published.published_by) == ("published", library.coach)
    assert published.published_at is not None


def test_a_proposal_without_consent_is_not_published(library):
    exemplar = ExemplarFactory(
        organization=library.district,
        source_submission=Submission.objects.create(
            earner=library.teacher,
            badge_class=library.policy.badge_class,
            submitted_by=library.teacher,
            status="approved",
        ),
        consent_given_at=None,
    )
    with pytest.raises(services.CourseError, match="not consented"):
        services.exemplar_publish(actor=library.coach, exemplar=exemplar)
