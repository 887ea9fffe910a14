"""Courses' access policies over the demo district: for each policy and action the
predicate, the queryset and `users()` agree (`tests.policies.check_policy`), with who
may and who may not; the menu's predicates open the pages they link to.

The fix tested here: authoring happens only in districts and their schools. An
employer's admin authors nothing (404 on the authoring pages, refused by the services);
a district coach does."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Organization
from courses import permissions as p
from courses import services
from courses.models import Cohort, Enrollment, Exemplar, Module, ModuleAssignment
from demo.courses_seed import LMS_FEEDBACK
from demo.seed import COLLEGE, DISTRICT, EMPLOYER
from evidence.models import Submission
from tests.policies import DEMO_DOMAIN, check_policy, demo_people

pytestmark = pytest.mark.django_db

PUBLISHED, RETIRED = Module.Status.PUBLISHED, Module.Status.RETIRED


@pytest.fixture
def demo(demo_keys):
    return demo_people(demo_keys)


def _org(slug: str) -> Organization:
    return Organization.objects.get(slug=slug)


def test_organization_policy_authoring_only_in_districts_and_schools(demo):
    district, employer, college = _org(DISTRICT), _org(EMPLOYER), _org(COLLEGE)
    school = district.children.first()
    other = Organization.objects.get(memberships__user=demo["other_admin"])
    orgs = [district, school, employer, college, other]
    check_policy(
        p.organizations,
        "author",
        demo,
        orgs,
        expect=[
            ("admin", district, True),
            ("district_admin", district, True),
            ("district_admin", school, True),
            ("coach", district, True),
            ("coach2", district, True),  # a school's coach authors for its district
            ("teacher", district, False),
            ("student", district, False),
            ("mentor", district, False),
            ("employer_admin", employer, False),  # the fix
            ("college_admin", college, False),
            ("admin", employer, False),  # not even a superuser: employers hold no modules
            ("other_admin", other, True),
            ("other_admin", district, False),
            ("district_admin", other, False),
            ("outsider", district, False),
        ],
    )
    check_policy(
        p.organizations,
        "assign",
        demo,
        orgs,
        expect=[
            ("admin", district, True),
            ("district_admin", district, True),
            ("district_admin", school, True),
            ("coach", district, False),
            ("teacher", district, False),
            ("employer_admin", employer, False),
            ("other_admin", district, False),
        ],
    )


def test_the_menu_predicates_open_their_pages(demo, client):
    for key, user in demo.items():
        client.force_login(user)
        author = client.get(reverse("courses:author-module-list")).status_code
        assert author == (200 if p.can_author_anywhere(user) else 404), key
        assign = client.get(reverse("courses:assignment-list")).status_code
        assert assign == (200 if p.can_assign_anywhere(user) else 404), key
    assert p.can_author_anywhere(demo["coach"])
    assert p.can_assign_anywhere(demo["district_admin"])
    assert not p.can_author_anywhere(demo["employer_admin"])
    assert not p.can_assign_anywhere(demo["coach"])


def test_an_employers_admin_does_not_author_and_a_district_coach_does(demo, client):
    employer = _org(EMPLOYER)
    client.force_login(demo["employer_admin"])
    for name in ("author-module-list", "author-module-create", "exemplar-review-list"):
        assert client.get(reverse(f"courses:{name}")).status_code == 404, name
    assert client.get(reverse("courses:exemplar-create")).status_code == 404
    response = client.post(
        reverse("courses:author-module-create"),
        {"title": "Shop safety", "summary": "x", "minutes": "10", "format": "micro"},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.module_create(
            actor=demo["employer_admin"],
            organization=employer,
            slug="shop-safety",
            title="Shop safety",
            summary="Before the floor.",
            minutes=10,
        )
    with pytest.raises(PermissionDenied):
        services.exemplar_create(
            actor=demo["employer_admin"],
            organization=employer,
            slug="shop-safety",
            title="Shop safety",
            grade_band="9-12",
            subject="cte",
            lesson_flow="x",
            pedagogical_value="x",
        )
    assert not Module.objects.filter(slug="shop-safety").exists()
    module = services.module_create(
        actor=demo["coach"],
        organization=_org(DISTRICT),
        slug="shop-safety",
        title="Shop safety",
        summary="Before the floor.",
        minutes=10,
    )
    client.force_login(demo["coach"])
    edit = reverse("courses:author-module-edit", kwargs={"public_id": module.public_id})
    assert client.get(edit).status_code == 200


def test_module_policy(demo):
    coach = demo["coach"]
    v1 = Module.objects.get(slug=LMS_FEEDBACK, status=RETIRED)
    on_v1 = Enrollment.objects.filter(module=v1).select_related("learner").first().learner
    published = Module.objects.filter(status=PUBLISHED).order_by("pk").first()
    draft = services.module_new_version(actor=coach, module=published)
    modules = list(Module.objects.all())
    for action in ("browse", "view", "author", "assign"):
        check_policy(p.modules, action, demo, modules)
    check_policy(
        p.modules,
        "view",
        demo,
        modules,
        expect=[
            ("outsider", published, True),
            ("teacher", draft, False),
            ("coach", draft, True),
            ("employer_admin", draft, False),
            ("other_admin", draft, False),
            (on_v1.email.split("@")[0], v1, True),  # they keep the version they started
            ("outsider", v1, False),
            ("coach", v1, True),
        ],
    )
    check_policy(
        p.modules,
        "browse",
        demo,
        modules,
        expect=[("teacher", published, True), ("teacher", v1, False), ("coach", draft, False)],
    )
    check_policy(
        p.modules,
        "author",
        demo,
        modules,
        expect=[
            ("coach", published, True),
            ("district_admin", draft, True),
            ("teacher", draft, False),
            ("employer_admin", published, False),
            ("other_admin", published, False),
        ],
    )
    check_policy(
        p.modules,
        "assign",
        demo,
        modules,
        expect=[
            ("district_admin", published, True),
            ("coach", published, False),
            ("employer_admin", published, False),
            ("other_admin", published, False),
        ],
    )


def test_exemplar_policy(demo):
    exemplars = list(Exemplar.objects.select_related("proposed_by"))
    proposed = next(e for e in exemplars if e.status == Exemplar.Status.PROPOSED)
    published = next(e for e in exemplars if e.status == Exemplar.Status.PUBLISHED)
    proposer = proposed.proposed_by.email.split("@")[0]
    other_teacher = "teacher2" if proposer != "teacher2" else "teacher"
    for action in ("view", "review"):
        check_policy(p.exemplars, action, demo, exemplars)
    check_policy(
        p.exemplars,
        "view",
        demo,
        exemplars,
        expect=[
            ("outsider", published, True),
            (proposer, proposed, True),
            (other_teacher, proposed, False),
            ("coach", proposed, True),
            ("employer_admin", proposed, False),
            ("other_admin", proposed, False),
        ],
    )
    check_policy(
        p.exemplars,
        "review",
        demo,
        exemplars,
        expect=[
            ("coach", proposed, True),
            ("district_admin", proposed, True),
            (proposer, proposed, False),
            ("employer_admin", proposed, False),
            ("other_admin", proposed, False),
        ],
    )


def test_exemplar_source_policy(demo):
    submissions = list(Submission.objects.select_related("earner", "badge_class"))
    # A demo person's (the dashboard's PLC are roster people, not in `demo`).
    educator = next(
        s
        for s in submissions
        if s.badge_class.audience == "educator" and s.earner.email.endswith(DEMO_DOMAIN)
    )
    students = next(s for s in submissions if s.earner.is_minor)
    earner = educator.earner.email.split("@")[0]
    check_policy(
        p.exemplar_sources,
        "propose",
        demo,
        submissions,
        expect=[
            (earner, educator, True),
            ("coach", educator, False),  # not even the coach who approved it
            ("district_admin", educator, False),
            (students.earner.email.split("@")[0], students, False),  # never a minor's
        ],
    )


def test_cohort_assignment_and_enrollment_policies(demo):
    cohorts = list(Cohort.objects.all())
    cohort = cohorts[0]
    check_policy(
        p.cohorts,
        "assign",
        demo,
        cohorts,
        expect=[
            ("district_admin", cohort, True),
            ("coach", cohort, False),
            ("other_admin", cohort, False),
            ("employer_admin", cohort, False),
        ],
    )
    assignments = list(ModuleAssignment.objects.select_related("cohort", "school"))
    to_cohort = next(a for a in assignments if a.cohort_id)
    to_school = next(a for a in assignments if a.school_id)
    for action in ("report", "take"):
        check_policy(p.assignments, action, demo, assignments)
    check_policy(
        p.assignments,
        "report",
        demo,
        assignments,
        expect=[
            ("district_admin", to_cohort, True),
            ("coach", to_cohort, False),
            ("teacher", to_cohort, False),
            ("other_admin", to_school, False),
        ],
    )
    check_policy(
        p.assignments,
        "take",
        demo,
        assignments,
        expect=[
            ("teacher", to_cohort, True),  # a member of the cohort
            ("teacher", to_school, True),  # a teacher of the school
            ("coach", to_cohort, False),
            ("other_teacher", to_school, False),
        ],
    )
    enrollments = list(Enrollment.objects.select_related("learner"))
    mine = next(e for e in enrollments if e.learner.email.endswith(DEMO_DOMAIN))
    learner = mine.learner.email.split("@")[0]
    for action in ("own", "report"):
        check_policy(p.enrollments, action, demo, enrollments)
    check_policy(
        p.enrollments,
        "own",
        demo,
        enrollments,
        expect=[(learner, mine, True), ("outsider", mine, False), ("coach", mine, False)],
    )
    check_policy(
        p.enrollments,
        "report",
        demo,
        enrollments,
        expect=[("district_admin", mine, True), ("coach", mine, False), (learner, mine, False)],
    )
