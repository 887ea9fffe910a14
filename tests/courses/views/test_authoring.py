"""Authoring pages: who may reach them, modules and steps, versions, preview, query
counts."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from courses import services
from courses.models import (
    CheckQuestion,
    Enrollment,
    Module,
    Step,
    StepProgress,
)
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module
from tests.courses.views.support import (
    check_step_data,
    check_step_data_questions,
    count_queries,
    login,
    module_data,
    new_draft,
    url,
)

pytestmark = pytest.mark.django_db


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


def test_the_module_list_queries_do_not_grow_with_modules(
    client, library, django_assert_max_num_queries
):
    login(client, library.coach)
    small = count_queries(client, url("author-module-list"))
    for i in range(6):
        module = build_module(library.coach, library.district, slug=f"more-{i}", title=f"More {i}")
        learner = MembershipFactory(organization=library.school, role="teacher").user
        services.enrollment_start(learner=learner, module=module)
        services.module_new_version(actor=library.coach, module=module)
    assert Module.objects.count() == 13
    with django_assert_max_num_queries(small):
        response = client.get(url("author-module-list"))
    assert len(response.context["rows"]) == 13


def test_the_edit_page_queries_do_not_grow_with_steps(
    client, library, django_assert_max_num_queries
):
    draft = services.module_new_version(actor=library.coach, module=library.module)
    page = url("author-module-edit", public_id=draft.public_id)
    preview = url("author-module-preview", public_id=draft.public_id)
    login(client, library.coach)
    small, small_preview = count_queries(client, page), count_queries(client, preview)
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
