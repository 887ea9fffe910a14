"""Cohorts and assignments: only the district's admins assign, to exactly one group of
their own district; the report says who has started and finished."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from courses import services
from courses.models import Cohort, ModuleAssignment
from courses.selectors import assignment_report
from tests.accounts.factories import MembershipFactory, SchoolFactory, SectionFactory
from tests.courses.factories import CohortFactory
from tests.courses.support import do_all

pytestmark = pytest.mark.django_db


def test_assignment_to_a_section_of_teachers(library):
    section = SectionFactory(school=library.school)
    section.teachers.add(library.teacher)
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=library.coach, module=library.module, section=section)
    a = services.assignment_create(actor=library.admin, module=library.module, section=section)
    report = assignment_report(assignment=a)
    assert [(r.learner, r.started_at) for r in report.rows] == [(library.teacher, None)]
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    do_all(library, e)
    services.enrollment_finish(learner=library.teacher, enrollment=e)
    (row,) = assignment_report(assignment=a).rows
    assert row.started_at is not None
    assert row.completed_at is not None
    with pytest.raises(services.CourseError, match="exactly one"):
        services.assignment_create(actor=library.admin, module=library.module)


def test_only_a_districts_admins_assign_to_its_groups(library):
    foreign = SchoolFactory()
    foreign_admin = MembershipFactory(organization=foreign.parent, role="admin").user
    with pytest.raises(PermissionDenied):  # another district's school
        services.assignment_create(actor=library.admin, module=library.module, school=foreign)
    with pytest.raises(PermissionDenied):  # another district's module
        services.assignment_create(actor=foreign_admin, module=library.module, school=foreign)
    theirs = CohortFactory(organization=foreign.parent)
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=library.admin, module=library.module, cohort=theirs)
    with pytest.raises(services.CourseError, match="in the past"):
        services.assignment_create(
            actor=library.admin,
            module=library.module,
            school=library.school,
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert not ModuleAssignment.objects.exists()
    assert (
        services.assignment_create(
            actor=library.admin, module=library.module, school=library.school
        ).school
        == library.school
    )


def test_cohorts_are_made_by_the_districts_admins(library):
    with pytest.raises(PermissionDenied):
        services.cohort_create(
            actor=library.coach, organization=library.district, name="Leads", members=[]
        )
    with pytest.raises(services.CourseError, match="needs a name"):
        services.cohort_create(
            actor=library.admin, organization=library.district, name=" ", members=[]
        )
    cohort = services.cohort_create(
        actor=library.admin,
        organization=library.district,
        name="Leads",
        members=[library.teacher],
    )
    assert list(cohort.members.all()) == [library.teacher]
    assert Cohort.objects.count() == 1


def test_the_report_lists_every_member_once(library):
    cohort = CohortFactory(organization=library.district, members=[library.teacher, library.coach])
    section = SectionFactory(school=library.school)
    section.teachers.add(library.teacher)
    a = services.assignment_create(actor=library.admin, module=library.module, cohort=cohort)
    assert [r.learner for r in assignment_report(assignment=a).rows] == sorted(
        [library.teacher, library.coach], key=lambda u: (u.name, u.email)
    )
    report = assignment_report(assignment=a)
    assert (report.total, report.started, report.finished, report.overdue) == (2, 0, 0, 0)
    assert report.target == cohort
