"""Assignments and cohorts: only district admins reach them; a cohort made, assigned,
and its report of who has started and finished; query counts."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Membership
from courses import services
from courses.models import (
    Cohort,
    Enrollment,
    ModuleAssignment,
)
from tests.accounts.factories import MembershipFactory, SchoolFactory, SectionFactory
from tests.courses.factories import CohortFactory
from tests.courses.views.support import count_queries, login, url

pytestmark = pytest.mark.django_db


def test_only_district_admins_reach_assignments(client, library):
    for user, expected in ((library.coach, 404), (library.teacher, 404), (library.admin, 200)):
        login(client, user)
        for name in ("assignment-list", "assignment-create", "cohort-create"):
            assert client.get(url(name)).status_code == expected, (user, name)


def test_an_admin_makes_a_cohort_assigns_it_and_sees_who_started_and_finished(client, library):
    other = MembershipFactory(organization=library.school, role=Membership.Role.TEACHER).user
    login(client, library.admin)
    page = client.get(url("cohort-create")).content.decode()
    assert library.teacher.email in page
    assert library.coach.email in page
    response = client.post(
        url("cohort-create"),
        {
            "organization": str(library.district.public_id),
            "name": "Teacher leaders",
            "members": [str(library.teacher.public_id), str(other.public_id)],
        },
    )
    cohort = Cohort.objects.get(name="Teacher leaders")
    assert response.status_code == 302
    assert set(cohort.members.all()) == {library.teacher, other}

    due = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        url("assignment-create"),
        {
            "module": str(library.module.public_id),
            "target": f"cohort:{cohort.public_id}",
            "due_on": due.isoformat(),
        },
    )
    assignment = ModuleAssignment.objects.get()
    assert response.status_code == 302
    assert (assignment.cohort, assignment.due_on, assignment.module) == (
        cohort,
        due,
        library.module,
    )
    detail = url("assignment-detail", public_id=assignment.public_id)
    assert response["Location"] == detail
    assert "Teacher leaders" in client.get(url("assignment-list")).content.decode()

    enrollment = services.enrollment_start(learner=library.teacher, module=library.module)
    rows = {r.learner: r for r in client.get(detail).context["report"].rows}
    assert rows[library.teacher].started_at is not None
    assert rows[library.teacher].completed_at is None
    assert rows[other].started_at is None

    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=timezone.now())
    response = client.get(detail)
    html = response.content.decode()
    assert response.context["report"].started == 1
    assert response.context["report"].finished == 1
    assert "Finished" in html
    assert "Not started" in html
    assert "Overdue" not in html

    # Past the due date, whoever has not finished is highlighted.
    ModuleAssignment.objects.filter(pk=assignment.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client.get(detail)
    rows = {r.learner: r for r in response.context["report"].rows}
    assert rows[other].overdue
    assert not rows[library.teacher].overdue
    assert "Overdue" in response.content.decode()

    # Another district's admin sees neither the report nor the assignment in their list.
    outsider = MembershipFactory(organization=SchoolFactory().parent, role=Membership.Role.ADMIN)
    login(client, outsider.user)
    assert client.get(detail).status_code == 404
    assert "Teacher leaders" not in client.get(url("assignment-list")).content.decode()


def test_an_assignment_needs_a_published_module_and_a_group_of_the_district(client, library):
    draft = services.module_new_version(actor=library.coach, module=library.module)
    foreign_school = SchoolFactory()
    login(client, library.admin)
    response = client.post(
        url("assignment-create"),
        {"module": str(draft.public_id), "target": f"school:{library.school.public_id}"},
    )
    assert response.status_code == 400  # a draft is not offered
    response = client.post(
        url("assignment-create"),
        {"module": str(library.module.public_id), "target": f"school:{foreign_school.public_id}"},
    )
    assert response.status_code == 400  # another district's school is not offered
    response = client.post(
        url("assignment-create"),
        {
            "module": str(library.module.public_id),
            "target": f"school:{library.school.public_id}",
            "due_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "The due date is in the past." in response.content.decode()
    assert not ModuleAssignment.objects.exists()


def test_the_assignment_report_queries_do_not_grow_with_members(
    client, library, django_assert_max_num_queries
):
    cohort = services.cohort_create(
        actor=library.admin, organization=library.district, name="Leads", members=[library.teacher]
    )
    assignment = services.assignment_create(
        actor=library.admin, module=library.module, cohort=cohort
    )
    detail = url("assignment-detail", public_id=assignment.public_id)
    login(client, library.admin)
    small = count_queries(client, detail)
    for _ in range(8):
        member = MembershipFactory(organization=library.school, role="teacher").user
        cohort.members.add(member)
        services.enrollment_start(learner=member, module=library.module)
    with django_assert_max_num_queries(small):
        response = client.get(detail)
    assert response.context["report"].total == 9
    assert response.context["report"].started == 8


def test_the_assignment_list_queries_do_not_grow(client, library, django_assert_max_num_queries):
    login(client, library.admin)
    services.assignment_create(actor=library.admin, module=library.module, school=library.school)
    small = count_queries(client, url("assignment-list"))
    for _ in range(5):
        cohort = CohortFactory(organization=library.district)
        services.assignment_create(actor=library.admin, module=library.module, cohort=cohort)
        section = SectionFactory(school=library.school)
        services.assignment_create(actor=library.admin, module=library.module, section=section)
    with django_assert_max_num_queries(small):
        response = client.get(url("assignment-list"))
    assert len(response.context["assignments"]) == 11


def test_the_new_assignment_page_offers_the_districts_groups_only(client, library):
    mine = CohortFactory(organization=library.district, name="Leads")
    theirs = CohortFactory(name="Elsewhere")
    section = SectionFactory(school=library.school, name="Math 7")
    login(client, library.admin)
    form = client.get(url("assignment-create")).context["form"]
    assert set(form.targets) == {
        f"school:{library.school.public_id}",
        f"section:{section.public_id}",
        f"cohort:{mine.public_id}",
    }
    assert f"cohort:{theirs.public_id}" not in form.targets
