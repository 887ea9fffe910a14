"""Authoring pages: who may reach them, modules and steps, versions, preview, cohort
assignments and their report, exemplars proposed and published, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from courses import services
from courses.models import (
    CheckQuestion,
    Cohort,
    Enrollment,
    Exemplar,
    Module,
    ModuleAssignment,
    Step,
    StepProgress,
)
from evidence import services as evidence_services
from evidence.models import Submission
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"courses:{name}", kwargs=kwargs)


def login(client, user):
    client.force_login(user)
    return client


def module_data(**overrides):
    data = {
        "title": "Talk moves for math discussions",
        "summary": "Four talk moves that get every student explaining their thinking.",
        "minutes": "12",
        "format": "micro",
        "grade_bands": ["3-5", "6-8"],
        "subjects": ["math"],
    }
    data.update(overrides)
    return data


def check_step_data(**overrides):
    data = {
        "kind": "check",
        "title": "Check your understanding",
        "pass_mark": "50",
        "q0_prompt": "Which talk move asks a student to restate a peer's idea?",
        "q0_c0_text": "Revoicing by a student",
        "q0_c0_correct": "on",
        "q0_c0_feedback": "Yes: “Can you say in your own words what Ana said?”",
        "q0_c1_text": "Wait time",
        "q0_c1_feedback": "Wait time gives thinking time; it is not a restatement.",
        "q1_prompt": "How long is useful wait time?",
        "q1_c0_text": "At least three seconds",
        "q1_c0_correct": "on",
        "q1_c1_text": "Half a second",
        "q1_c2_text": "A minute",
    }
    data.update(overrides)
    return data


def new_draft(client, lib, **overrides):
    """A coach creates a draft through the page; returns the module."""
    response = login(client, lib.coach).post(url("author-module-create"), module_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Module.objects.get(title=overrides.get("title", module_data()["title"]))


def approved_submission(lib, earner=None):
    """A teacher's evidence for the library's badge, approved by the coach."""
    earner = earner or lib.teacher
    badge = lib.policy.badge_class
    submission = evidence_services.submission_start(actor=earner, earner=earner, badge_class=badge)
    evidence_services.artifact_add_reflection(
        actor=earner, submission=submission, text="We sorted exit tickets into three piles."
    )
    evidence_services.submission_submit(actor=earner, submission=submission)
    scores = {str(c.public_id): 3 for c in lib.policy.rubric.criteria.all()}
    evidence_services.review_submit(
        actor=lib.coach, submission=submission, decision="approve", scores=scores
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    return submission


def exemplar_data(**overrides):
    data = {
        "title": "Exit tickets in a 7th-grade ratio lesson",
        "grade_band": "6-8",
        "subject": "math",
        "lesson_flow": "1. Warm-up\n2. Ratio tables\n3. Exit ticket",
        "pedagogical_value": "The exit ticket decides **tomorrow's** groups.",
        "reflection": "Sorting took five minutes.",
        "consent": "on",
    }
    data.update(overrides)
    return data


# Who may reach the authoring pages -------------------------------------------------------------

AUTHOR_PAGES = [
    "author-module-list",
    "author-module-create",
    "assignment-list",
    "assignment-create",
    "cohort-create",
    "exemplar-review-list",
    "exemplar-create",
]


@pytest.mark.parametrize("name", AUTHOR_PAGES)
def test_a_teacher_reaches_no_authoring_page(client, library, name):
    assert login(client, library.teacher).get(url(name)).status_code == 404


def test_a_teacher_cannot_edit_preview_or_publish_a_module(client, library):
    module = library.module
    login(client, library.teacher)
    for name in ("author-module-edit", "author-module-preview"):
        assert client.get(url(name, public_id=module.public_id)).status_code == 404
    assert (
        client.post(
            url("author-module-edit", public_id=module.public_id), module_data(title="Mine now")
        ).status_code
        == 404
    )
    for name in ("author-module-new-version", "author-module-retire"):
        assert client.post(url(name, public_id=module.public_id)).status_code == 404
    draft = services.module_new_version(actor=library.coach, module=module)
    assert client.post(url("author-module-publish", public_id=draft.public_id)).status_code == 404
    step = draft.steps.first()
    assert (
        client.post(url("author-step-add", public_id=draft.public_id), {"kind": "read"}).status_code
        == 404
    )
    assert (
        client.post(
            url("author-step-remove", public_id=draft.public_id, step_id=step.public_id)
        ).status_code
        == 404
    )
    draft.refresh_from_db()
    module.refresh_from_db()
    assert (draft.status, module.status, module.title) == ("draft", "published", module.title)
    assert draft.steps.count() == module.steps.count()


def test_a_draft_is_invisible_to_teachers_and_other_districts(client, library, django_user_model):
    draft = new_draft(client, library)
    for name in ("author-module-edit", "author-module-preview"):
        assert (
            login(client, library.coach).get(url(name, public_id=draft.public_id)).status_code
            == 200
        )
        assert (
            login(client, library.teacher).get(url(name, public_id=draft.public_id)).status_code
            == 404
        )
        elsewhere = MembershipFactory(organization=SchoolFactory(), role=Membership.Role.COACH)
        assert (
            login(client, elsewhere.user).get(url(name, public_id=draft.public_id)).status_code
            == 404
        )
    # …and the learners' module page does not show it either.
    response = login(client, library.teacher).get(url("module-detail", public_id=draft.public_id))
    assert response.status_code == 404


def test_the_author_link_is_shown_to_authors_only(client, library):
    link = f'href="{url("author-module-list")}"'
    page = reverse("evidence:submission-list")
    assert link in login(client, library.coach).get(page).content.decode()
    assert link in login(client, library.admin).get(page).content.decode()
    assert link not in login(client, library.teacher).get(page).content.decode()


# Modules and steps ----------------------------------------------------------------------------


def test_a_coach_creates_a_module_adds_steps_previews_and_publishes(client, library):
    competency = CompetencyFactory()
    draft = new_draft(
        client,
        library,
        competencies=[str(competency.public_id)],
        leads_to=str(library.policy.badge_class.public_id),
    )
    assert (draft.status, draft.version, draft.author) == ("draft", 1, library.coach)
    assert (draft.grade_bands, draft.subjects, draft.minutes) == (["3-5", "6-8"], ["math"], 12)
    assert list(draft.competencies.all()) == [competency]
    assert draft.leads_to == library.policy.badge_class
    page = client.get(url("author-module-edit", public_id=draft.public_id))
    assert page.status_code == 200
    assert "Add a step" in page.content.decode()

    add = url("author-step-add", public_id=draft.public_id)
    body = "Use **revoicing** daily.\n\n<script>alert('x')</script>"
    assert (
        client.post(
            add, {"kind": "read", "title": "Why talk", "body": body, "pass_mark": "80"}
        ).status_code
        == 302
    )
    reflect = {
        "kind": "reflect",
        "title": "Your class",
        "prompt": "Which move first?",
        "pass_mark": "80",
    }
    assert client.post(add, reflect).status_code == 302
    assert client.post(add, check_step_data()).status_code == 302
    steps = list(draft.steps.order_by("position"))
    assert [s.kind for s in steps] == ["read", "reflect", "check"]
    check = steps[2]
    assert check.pass_mark == 50
    questions = list(check.questions.order_by("position"))
    assert [len(q.choices) for q in questions] == [2, 3]
    assert questions[0].choices[0] == {
        "text": "Revoicing by a student",
        "correct": True,
        "feedback": "Yes: “Can you say in your own words what Ana said?”",
    }
    assert [c["correct"] for c in questions[1].choices] == [True, False, False]

    # Reorder: the check moves up above the reflection, then the reflection is removed.
    move = url("author-step-move", public_id=draft.public_id, step_id=check.public_id)
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert [s.kind for s in draft.steps.order_by("position")] == ["read", "check", "reflect"]
    remove = url("author-step-remove", public_id=draft.public_id, step_id=steps[1].public_id)
    assert client.post(remove).status_code == 302
    assert [s.kind for s in draft.steps.order_by("position")] == ["read", "check"]
    assert client.post(add, reflect).status_code == 302

    preview = client.get(url("author-module-preview", public_id=draft.public_id))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Preview" in html
    assert "<strong>revoicing</strong>" in html
    assert "<script>alert" not in html
    assert "Which move first?" in html
    assert "How long is useful wait time?" in html
    assert not Enrollment.objects.exists()
    assert not StepProgress.objects.exists()

    response = client.post(url("author-module-publish", public_id=draft.public_id))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    page = client.get(url("author-module-edit", public_id=draft.public_id)).content.decode()
    assert url("author-module-new-version", public_id=draft.public_id) in page
    listing = client.get(url("author-module-list"))
    assert {r["module"] for r in listing.context["rows"]} == {draft, library.module}
    assert draft.title in listing.content.decode()


def test_the_module_list_counts_learners(client, library):
    services.enrollment_start(learner=library.teacher, module=library.module)
    response = login(client, library.coach).get(url("author-module-list"))
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["module"] == library.module)
    assert row["learners"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "check", "pass_mark": "80"}, "A check needs at least one question."),
        (check_step_data(q0_prompt=""), "This question has choices but no question."),
        (
            check_step_data(q0_c0_correct="", q1_c0_correct=""),
            "Question 1 has no correct choice.",
        ),
        ({"kind": "watch", "pass_mark": "80"}, "A watch step needs a video link."),
        ({"kind": "reflect", "pass_mark": "80"}, "A reflect step needs a prompt."),
        ({"kind": "dance", "pass_mark": "80"}, "Select a valid choice."),
    ],
)
def test_a_step_that_cannot_be_added_shows_why_and_changes_nothing(client, library, data, message):
    draft = new_draft(client, library)
    response = client.post(url("author-step-add", public_id=draft.public_id), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not draft.steps.exists()


def test_invalid_details_are_shown_and_nothing_changes(client, library):
    draft = new_draft(client, library)
    response = client.post(
        url("author-module-edit", public_id=draft.public_id),
        module_data(title="", minutes="0", grade_bands=["k-99"]),
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.title == module_data()["title"]
    # A module cannot be published without steps.
    response = client.post(url("author-module-publish", public_id=draft.public_id))
    assert response.status_code == 400
    assert "Add at least one step" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_editing_a_published_module_makes_version_2_and_learners_keep_version_1(client, library):
    v1 = library.module
    enrollment = services.enrollment_start(learner=library.teacher, module=v1)
    login(client, library.coach)
    # A published version is not edited in place.
    response = client.post(url("author-module-edit", public_id=v1.public_id), module_data())
    assert response.status_code == 400
    v1.refresh_from_db()
    assert v1.title != module_data()["title"]

    response = client.post(url("author-module-new-version", public_id=v1.public_id))
    v2 = Module.objects.get(family=v1.family, version=2)
    assert response.status_code == 302
    assert response["Location"].startswith(url("author-module-edit", public_id=v2.public_id))
    assert (v2.status, v2.steps.count()) == ("draft", v1.steps.count())
    response = client.post(
        url("author-module-edit", public_id=v2.public_id),
        module_data(title="Exit tickets, revised", minutes="10"),
    )
    assert response.status_code == 302
    assert client.post(url("author-module-publish", public_id=v2.public_id)).status_code == 302

    v1.refresh_from_db()
    v2.refresh_from_db()
    enrollment.refresh_from_db()
    assert (v1.status, v2.status, v2.title) == ("retired", "published", "Exit tickets, revised")
    assert enrollment.module_id == v1.pk  # the learner on v1 keeps v1
    assert Enrollment.objects.get(pk=enrollment.pk).module.version == 1

    # Retiring the published version takes it out of the library.
    assert client.post(url("author-module-retire", public_id=v2.public_id)).status_code == 302
    v2.refresh_from_db()
    assert v2.status == "retired"


# Cohorts and assignments -------------------------------------------------------------------------


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
    rows = {r["learner"]: r for r in client.get(detail).context["rows"]}
    assert rows[library.teacher]["started_at"] is not None
    assert rows[library.teacher]["completed_at"] is None
    assert rows[other]["started_at"] is None

    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=timezone.now())
    response = client.get(detail)
    html = response.content.decode()
    assert response.context["started"] == 1
    assert response.context["finished"] == 1
    assert "Finished" in html
    assert "Not started" in html
    assert "Overdue" not in html

    # Past the due date, whoever has not finished is highlighted.
    ModuleAssignment.objects.filter(pk=assignment.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client.get(detail)
    rows = {r["learner"]: r for r in response.context["rows"]}
    assert rows[other]["overdue"]
    assert not rows[library.teacher]["overdue"]
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


# Exemplars ---------------------------------------------------------------------------------------


def test_a_teacher_proposes_an_exemplar_from_approved_evidence_with_consent(client, library):
    submission = approved_submission(library)
    propose = url("exemplar-propose", submission_id=submission.public_id)
    login(client, library.teacher)
    assert client.get(propose).status_code == 200

    response = client.post(propose, exemplar_data(consent=""))
    assert response.status_code == 400
    assert "needs your consent" in response.content.decode()
    assert not Exemplar.objects.exists()

    response = client.post(propose, exemplar_data())
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("exemplar-detail", slug=exemplar.slug)
    assert (exemplar.status, exemplar.proposed_by, exemplar.source_submission) == (
        "proposed",
        library.teacher,
        submission,
    )
    assert exemplar.consent_given_at is not None
    assert exemplar.organization == library.district
    assert exemplar.artifacts.count() == 1  # the evidence came along

    # The same title again gets its own address.
    submission.refresh_from_db()
    assert client.post(propose, exemplar_data()).status_code == 302
    assert Exemplar.objects.filter(slug__startswith=exemplar.slug).count() == 2


def test_only_my_own_approved_evidence_can_be_proposed(client, library):
    submission = approved_submission(library)
    someone = MembershipFactory(organization=library.school, role=Membership.Role.TEACHER).user
    propose = url("exemplar-propose", submission_id=submission.public_id)
    login(client, someone)
    assert client.get(propose).status_code == 404
    assert client.post(propose, exemplar_data()).status_code == 404
    # Not even the coach who approved it may propose the teacher's lesson.
    login(client, library.coach)
    assert client.post(propose, exemplar_data()).status_code == 404

    draft = evidence_services.submission_start(
        actor=someone, earner=someone, badge_class=library.policy.badge_class
    )
    mine = url("exemplar-propose", submission_id=draft.public_id)
    login(client, someone)
    page = client.get(mine)
    assert page.status_code == 200
    assert "Only approved evidence" in page.content.decode()
    assert client.post(mine, exemplar_data()).status_code == 400
    assert not Exemplar.objects.exists()


def test_a_coach_publishes_or_declines_proposed_exemplars(client, library):
    submission = approved_submission(library)
    login(client, library.teacher).post(
        url("exemplar-propose", submission_id=submission.public_id), exemplar_data()
    )
    login(client, library.teacher).post(
        url("exemplar-propose", submission_id=submission.public_id),
        exemplar_data(title="A second lesson"),
    )
    first, second = Exemplar.objects.order_by("pk")

    # Teachers review nothing.
    assert client.post(url("exemplar-publish", slug=first.slug)).status_code == 404
    assert (
        client.post(url("exemplar-decline", slug=first.slug), {"reason": "No"}).status_code == 404
    )

    login(client, library.coach)
    page = client.get(url("exemplar-review-list"))
    assert page.status_code == 200
    assert first.title in page.content.decode()
    assert second.title in page.content.decode()
    assert client.post(url("exemplar-publish", slug=first.slug)).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.published_by) == ("published", library.coach)

    response = client.post(url("exemplar-decline", slug=second.slug), {"reason": ""})
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.status == "proposed"
    response = client.post(
        url("exemplar-decline", slug=second.slug), {"reason": "Students' names are visible."}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "declined"
    assert first.title not in client.get(url("exemplar-review-list")).content.decode()


def test_an_author_writes_an_exemplar_with_artifact_links(client, library):
    standard = CompetencyFactory()
    login(client, library.coach)
    assert client.get(url("exemplar-create")).status_code == 200
    data = exemplar_data(consent="", standards=[str(standard.public_id)])
    data.update(
        {
            "organization": str(library.district.public_id),
            "a0_kind": "video",
            "a0_title": "The discussion, annotated",
            "a0_url": "https://video.example.org/talk-moves",
            "a0_annotation": "04:10 revoicing",
            "a1_kind": "slides",
            "a1_title": "Slides",
            "a1_url": "https://docs.example.org/slides",
        }
    )
    response = client.post(url("exemplar-create"), data | {"a2_annotation": "no title, no link"})
    assert response.status_code == 400
    assert not Exemplar.objects.exists()
    response = client.post(url("exemplar-create"), data)
    assert response.status_code == 302
    exemplar = Exemplar.objects.get()
    assert (exemplar.status, exemplar.proposed_by) == ("proposed", library.coach)
    assert list(exemplar.standards.all()) == [standard]
    assert [(a.kind, a.url) for a in exemplar.artifacts.order_by("position")] == [
        ("video", "https://video.example.org/talk-moves"),
        ("slides", "https://docs.example.org/slides"),
    ]
    assert client.post(url("exemplar-publish", slug=exemplar.slug)).status_code == 302


# Query counts ----------------------------------------------------------------------------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx)


def test_the_module_list_queries_do_not_grow_with_modules(
    client, library, django_assert_max_num_queries
):
    login(client, library.coach)
    small = _queries(client, url("author-module-list"))
    for i in range(6):
        module = build_module(library.coach, library.district, slug=f"more-{i}", title=f"More {i}")
        learner = MembershipFactory(organization=library.school, role="teacher").user
        services.enrollment_start(learner=learner, module=module)
        services.module_new_version(actor=library.coach, module=module)
    assert Module.objects.count() == 13
    with django_assert_max_num_queries(small):
        response = client.get(url("author-module-list"))
    assert len(response.context["rows"]) == 13


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
    small = _queries(client, detail)
    for _ in range(8):
        member = MembershipFactory(organization=library.school, role="teacher").user
        cohort.members.add(member)
        services.enrollment_start(learner=member, module=library.module)
    with django_assert_max_num_queries(small):
        response = client.get(detail)
    assert response.context["total"] == 9
    assert response.context["started"] == 8


def test_the_edit_page_queries_do_not_grow_with_steps(
    client, library, django_assert_max_num_queries
):
    draft = services.module_new_version(actor=library.coach, module=library.module)
    page = url("author-module-edit", public_id=draft.public_id)
    preview = url("author-module-preview", public_id=draft.public_id)
    login(client, library.coach)
    small, small_preview = _queries(client, page), _queries(client, preview)
    for i in range(5):
        services.step_add(
            actor=library.coach,
            module=draft,
            kind="check",
            title=f"Check {i}",
            questions=check_step_data_questions(),
        )
    assert Step.objects.filter(module=draft).count() == 8
    assert CheckQuestion.objects.filter(step__module=draft).count() > 6
    with django_assert_max_num_queries(small):
        client.get(page)
    with django_assert_max_num_queries(small_preview):
        client.get(preview)


def check_step_data_questions():
    return [
        {
            "prompt": "Pick the talk move.",
            "choices": [
                {"text": "Revoicing", "correct": True, "feedback": "Yes."},
                {"text": "Lecturing", "correct": False, "feedback": "No."},
            ],
        }
    ]
