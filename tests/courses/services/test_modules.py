"""Authoring: who may, versions (learners keep theirs), the badges a module may carry."""

import pytest
from django.core.exceptions import PermissionDenied

from badges.models import Assertion
from courses import services
from courses.models import Module
from tests.accounts.factories import MembershipFactory
from tests.badges.factories import BadgeClassFactory
from tests.courses.support import do_all

pytestmark = pytest.mark.django_db


def test_teachers_cannot_author(library):
    with pytest.raises(PermissionDenied):
        services.module_create(
            actor=library.teacher,
            organization=library.district,
            slug="x",
            title="X",
            summary="x",
            minutes=5,
        )
    with pytest.raises(PermissionDenied):
        services.module_new_version(actor=library.teacher, module=library.module)


def test_a_published_module_is_not_edited_in_place(library):
    with pytest.raises(services.CourseError, match="Only a draft"):
        services.module_update(actor=library.coach, module=library.module, title="New")


def test_editing_makes_a_new_version_and_learners_keep_theirs(library):
    v1 = library.module
    enrollment = services.enrollment_start(learner=library.teacher, module=v1)
    v2 = services.module_new_version(actor=library.coach, module=v1)
    assert (v2.version, v2.status, v2.family) == (2, "draft", v1.family)
    assert v2.steps.count() == v1.steps.count()
    services.module_update(
        actor=library.coach, module=v2, title="Exit tickets, revised", minutes=10
    )
    v2 = services.module_publish(actor=library.coach, module=v2)
    v1.refresh_from_db()
    assert v1.status == "retired"
    enrollment.refresh_from_db()
    assert enrollment.module_id == v1.pk  # the learner on v1 keeps v1
    again = services.enrollment_start(learner=library.teacher, module=v2)
    assert again.pk == enrollment.pk  # resume, not a second enrollment
    newcomer = MembershipFactory(organization=library.school, role="teacher").user
    assert services.enrollment_start(learner=newcomer, module=v2).module_id == v2.pk
    assert Module.objects.filter(family=v1.family, status="published").count() == 1


def test_participation_badge_is_awarded_on_finish(library):
    badge = BadgeClassFactory(issuer__organization=library.district)
    m = library.module
    v2 = services.module_new_version(actor=library.coach, module=m)
    with pytest.raises(PermissionDenied):  # a coach may not hand out badges
        services.module_update(actor=library.coach, module=v2, participation_badge=badge)
    services.module_update(actor=library.admin, module=v2, participation_badge=badge)
    v2 = services.module_publish(actor=library.coach, module=v2)
    e = services.enrollment_start(learner=library.teacher, module=v2)
    do_all(library, e)
    services.enrollment_finish(learner=library.teacher, enrollment=e)
    services.enrollment_finish(learner=library.teacher, enrollment=e)  # idempotent
    assert Assertion.objects.filter(recipient=library.teacher, badge_class=badge).count() == 1


def test_a_badge_earned_with_evidence_is_never_a_participation_badge(library):
    v2 = services.module_new_version(actor=library.coach, module=library.module)
    with pytest.raises(services.CourseError, match="reviewed evidence"):
        services.module_update(
            actor=library.admin, module=v2, participation_badge=library.policy.badge_class
        )
    student_badge = BadgeClassFactory(issuer__organization=library.district, audience="student")
    with pytest.raises(services.CourseError, match="student badge"):
        services.module_update(actor=library.admin, module=v2, participation_badge=student_badge)
    foreign = BadgeClassFactory()
    with pytest.raises(services.CourseError, match="another district"):
        services.module_update(actor=library.admin, module=v2, participation_badge=foreign)
