"""The courses API over /api/v1/: library search, module pages, enrollments, progress,
checks, finishing and the credential hand-off; visibility, answers kept secret, queries."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Membership
from courses import services
from courses.models import Enrollment
from evidence.models import Artifact, Submission
from tests.accounts.factories import MembershipFactory
from tests.competencies.factories import CompetencyFactory

from .conftest import CHECK, build_module

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def url(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs or None)


def module_url(module, action="detail") -> str:
    return url(f"module-{action}", public_id=module.public_id)


def enrollment_url(enrollment_id, action="detail", step=None) -> str:
    kwargs = {"public_id": enrollment_id}
    if step is not None:
        kwargs["step_id"] = step.public_id
    return url(f"enrollment-{action}", **kwargs)


def answers(step, *, correct=True) -> dict[str, int]:
    return {
        str(q.public_id): next(i for i, c in enumerate(q.choices) if bool(c["correct"]) == correct)
        for q in step.questions.all()
    }


def assert_only_public_ids(data) -> None:
    """Every `id` in a response is a UUID: database ids never leave the API."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id":
                uuid.UUID(value)
            assert_only_public_ids(value)
    elif isinstance(data, list):
        for item in data:
            assert_only_public_ids(item)


def long_module(author, district, *, slug, steps):
    """A published module of `steps` steps: read, reflect and check steps in turn."""
    module = services.module_create(
        actor=author,
        organization=district,
        slug=slug,
        title=f"Module {slug}",
        summary="A longer module.",
        minutes=30,
        competencies=[CompetencyFactory(), CompetencyFactory()],
    )
    for i in range(steps):
        kind = ("read", "reflect", "check")[i % 3]
        services.step_add(
            actor=author,
            module=module,
            kind=kind,
            title=f"Step {i}",
            body=f"Step **{i}**.",
            prompt="Why?" if kind == "reflect" else "",
            questions=CHECK if kind == "check" else (),
        )
    return services.module_publish(actor=author, module=module)


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


# Library --------------------------------------------------------------------------------------


def test_search_with_words_and_filters(library):
    writers = build_module(
        library.coach,
        library.district,
        slug="conferring",
        minutes=45,
        title="Conferring with writers",
        summary="Short, focused writing conferences.",
        subjects=["ela"],
        grade_bands=["3-5"],
        format="workshop",
    )
    services.module_create(  # a draft: never in the library
        actor=library.coach,
        organization=library.district,
        slug="draft",
        title="Exit tickets, the draft",
        summary="Not ready.",
        minutes=5,
    )
    client = api(library.teacher)

    def titles(**params) -> list[str]:
        got = client.get(url("module-list"), params)
        assert got.status_code == 200, got.content
        return [m["title"] for m in got.json()["results"]]

    both = sorted([library.module.title, writers.title])
    assert titles() == both
    assert titles(max_minutes=15) == [library.module.title]
    assert titles(max_minutes=45) == both
    assert titles(q="exit") == [library.module.title]
    assert titles(q="conferences") == [writers.title]
    assert titles(subject="ela") == [writers.title]
    assert titles(grade_band="6-8") == [library.module.title]
    assert titles(format="workshop") == [writers.title]
    competency = library.module.competencies.get()
    assert titles(competency=str(competency.public_id)) == [library.module.title]
    assert titles(competency=str(uuid.uuid4())) == []

    got = client.get(url("module-list"), {"max_minutes": 15}).json()
    assert got["count"] == 1
    found = got["results"][0]
    assert found["id"] == str(library.module.public_id)
    assert found["minutes"] == 15
    assert found["step_count"] == 3
    assert found["leads_to"]["slug"] == library.policy.badge_class.slug
    assert found["competencies"] == [
        {
            "id": str(competency.public_id),
            "code": competency.code,
            "statement": competency.statement,
        }
    ]
    assert_only_public_ids(got)


def test_search_refuses_bad_filters(library):
    client = api(library.teacher)
    for params in ({"max_minutes": 0}, {"max_minutes": "soon"}, {"subject": "latin"}):
        got = client.get(url("module-list"), params)
        assert got.status_code == 400, params


def test_the_api_needs_a_signed_in_user(library):
    assert api().get(url("module-list")).status_code in (401, 403)
    assert api().get(module_url(library.module)).status_code in (401, 403)
    assert api().get(url("enrollment-list")).status_code in (401, 403)


# Module pages ---------------------------------------------------------------------------------


def test_a_draft_module_is_invisible_to_a_teacher_but_not_to_its_author(library):
    draft = services.module_create(
        actor=library.coach,
        organization=library.district,
        slug="draft",
        title="Draft",
        summary="Not ready.",
        minutes=5,
    )
    assert api(library.teacher).get(module_url(draft)).status_code == 404
    assert api(library.teacher).post(module_url(draft, "enroll")).status_code == 404
    assert api(library.coach).get(module_url(draft)).status_code == 200
    assert api(library.teacher).get(module_url(library.module)).status_code == 200
    assert api(library.teacher).get(url("module-detail", public_id=uuid.uuid4())).status_code == 404


def test_module_detail_shows_steps_but_never_the_answers(library):
    got = api(library.teacher).get(module_url(library.module))
    assert got.status_code == 200
    data = got.json()
    assert_only_public_ids(data)
    assert [s["kind"] for s in data["steps"]] == ["read", "reflect", "check"]
    read, reflect, check = data["steps"]
    assert read["body"] == "**Short** checks."
    assert read["body_html"] == "<p><strong>Short</strong> checks.</p>"
    assert reflect["prompt"] == "What will you ask?"
    assert check["pass_mark"] == 80
    assert read["pass_mark"] is None
    assert [q["choices"] for q in check["questions"]] == [
        [c["text"] for c in q["choices"]] for q in CHECK
    ]
    assert data["enrollment"] is None
    raw = json.dumps(data)
    assert '"correct"' not in raw
    for question in CHECK:
        for choice in question["choices"]:
            assert choice["feedback"] not in raw


def test_step_markdown_is_sanitized(library):
    module = services.module_create(
        actor=library.coach,
        organization=library.district,
        slug="unsafe",
        title="Unsafe",
        summary="Has a script.",
        minutes=5,
    )
    services.step_add(
        actor=library.coach,
        module=module,
        kind="read",
        title="Read",
        body='Hi <script>alert("x")</script> [link](javascript:alert(1))',
    )
    services.module_publish(actor=library.coach, module=module)
    step = api(library.teacher).get(module_url(module)).json()["steps"][0]
    assert "<script" in step["body"]  # the Markdown as written
    assert "<script" not in step["body_html"]
    assert "javascript:" not in step["body_html"]


# Enrollment, progress, checks, finishing, applying ---------------------------------------------


def test_enroll_learn_check_finish_and_apply(library):
    client = api(library.teacher)
    read, reflect, check = library.module.steps.order_by("position")

    started = client.post(module_url(library.module, "enroll"))
    assert started.status_code == 201
    enrollment_id = started.json()["id"]
    assert started.json()["steps_total"] == 3
    assert started.json()["steps_done"] == 0
    resumed = client.post(module_url(library.module, "enroll"))
    assert resumed.status_code == 200
    assert resumed.json()["id"] == enrollment_id
    assert Enrollment.objects.filter(learner=library.teacher).count() == 1
    assert client.get(module_url(library.module)).json()["enrollment"] == enrollment_id

    got = client.post(enrollment_url(enrollment_id, "step-complete", read), {}, format="json")
    assert got.status_code == 200
    assert got.json()["completed_at"] is not None
    assert got.json()["step"]["id"] == str(read.public_id)

    got = client.post(enrollment_url(enrollment_id, "step-complete", reflect), {}, format="json")
    assert got.status_code == 400
    assert got.json() == {
        "detail": "Write your reflection before marking this step done.",
        "code": "course_refused",
    }
    got = client.post(
        enrollment_url(enrollment_id, "step-complete", reflect),
        {"answer": "One question about fractions."},
        format="json",
    )
    assert got.status_code == 200
    assert got.json()["answer"] == "One question about fractions."

    got = client.post(enrollment_url(enrollment_id, "step-complete", check), {}, format="json")
    assert got.status_code == 400  # a check is completed by passing it
    got = client.post(enrollment_url(enrollment_id, "finish"))
    assert got.status_code == 400
    assert "still to do" in got.json()["detail"]

    failed = client.post(
        enrollment_url(enrollment_id, "step-check", check),
        {"answers": answers(check, correct=False)},
        format="json",
    )
    assert failed.status_code == 200
    body = failed.json()
    assert (body["score"], body["passed"], body["pass_mark"]) == (0, False, 80)
    first, second = check.questions.order_by("position")
    assert body["results"] == [
        {
            "question": str(first.public_id),
            "chosen": 0,
            "correct": False,
            "feedback": "Exit tickets are formative.",
        },
        {
            "question": str(second.public_id),
            "chosen": 1,
            "correct": False,
            "feedback": "Too long to act on.",
        },
    ]
    passed = client.post(
        enrollment_url(enrollment_id, "step-check", check),
        {"answers": answers(check)},
        format="json",
    )
    assert passed.status_code == 200
    assert (passed.json()["score"], passed.json()["passed"]) == (100, True)
    assert [r["correct"] for r in passed.json()["results"]] == [True, True]

    detail = client.get(enrollment_url(enrollment_id)).json()
    assert_only_public_ids(detail)
    assert (detail["steps_total"], detail["steps_done"]) == (3, 3)
    assert detail["last_step"] == str(check.public_id)
    progress = {s["step"]["kind"]: s for s in detail["steps"]}
    assert progress["reflect"]["answer"] == "One question about fractions."
    assert (progress["check"]["attempts"], progress["check"]["best_score"]) == (2, 100)
    assert all(s["completed_at"] for s in detail["steps"])

    finished = client.post(enrollment_url(enrollment_id, "finish"))
    assert finished.status_code == 200
    assert finished.json()["completed_at"] is not None

    applied = client.post(
        enrollment_url(enrollment_id, "apply"), {"attach_reflections": True}, format="json"
    )
    assert applied.status_code == 200, applied.content
    submission = Submission.objects.get(public_id=applied.json()["submission"])
    assert (submission.status, submission.earner, submission.badge_class) == (
        "draft",
        library.teacher,
        library.policy.badge_class,
    )
    assert applied.json()["url"] == f"http://testserver/evidence/s/{submission.public_id}/"
    assert applied.json()["api_url"].endswith(f"/api/v1/submissions/{submission.public_id}/")
    texts = Artifact.objects.filter(version__submission=submission).values_list("text", flat=True)
    assert list(texts) == ["What will you ask?\n\nOne question about fractions."]

    mine = client.get(url("enrollment-list")).json()
    assert [(e["id"], e["steps_done"], e["steps_total"]) for e in mine["results"]] == [
        (enrollment_id, 3, 3)
    ]
    assert mine["results"][0]["completed_at"] is not None


def test_apply_before_finishing_is_refused(library):
    client = api(library.teacher)
    enrollment_id = client.post(module_url(library.module, "enroll")).json()["id"]
    got = client.post(enrollment_url(enrollment_id, "apply"), {}, format="json")
    assert got.status_code == 400
    assert got.json() == {"detail": "Finish the module first.", "code": "course_refused"}


def test_check_answers_must_be_choice_indexes(library):
    client = api(library.teacher)
    check = library.module.steps.get(kind="check")
    enrollment_id = client.post(module_url(library.module, "enroll")).json()["id"]
    path = enrollment_url(enrollment_id, "step-check", check)
    assert client.post(path, {"answers": {}}, format="json").status_code == 400
    assert client.post(path, {"answers": {"x": "first"}}, format="json").status_code == 400
    got = client.post(path, {"answers": {str(uuid.uuid4()): 0}}, format="json")
    assert got.status_code == 400
    assert got.json() == {
        "detail": "Choose an answer for each question.",
        "code": "course_refused",
    }


def test_a_learner_on_an_old_version_keeps_it(library):
    client = api(library.teacher)
    enrollment_id = client.post(module_url(library.module, "enroll")).json()["id"]
    v2 = services.module_new_version(actor=library.coach, module=library.module)
    services.module_update(actor=library.coach, module=v2, title="Exit tickets, revised")
    v2 = services.module_publish(actor=library.coach, module=v2)

    listed = client.get(url("module-list")).json()["results"]
    assert [m["id"] for m in listed] == [str(v2.public_id)]
    again = client.post(module_url(v2, "enroll"))
    assert again.status_code == 200
    assert again.json()["id"] == enrollment_id
    assert again.json()["module"]["version"] == 1
    assert client.get(module_url(library.module)).status_code == 200  # retired, but mine
    newcomer = MembershipFactory(organization=library.school, role=Membership.Role.TEACHER).user
    assert api(newcomer).get(module_url(library.module)).status_code == 404

    # A step of v2 is not part of the version being taken.
    v2_read = v2.steps.get(kind="read")
    got = client.post(enrollment_url(enrollment_id, "step-complete", v2_read), {}, format="json")
    assert got.status_code == 404


def test_another_users_enrollment_is_not_found(library):
    mine = services.enrollment_start(learner=library.teacher, module=library.module)
    other = MembershipFactory(organization=library.school, role=Membership.Role.TEACHER).user
    client = api(other)
    read = library.module.steps.get(kind="read")
    check = library.module.steps.get(kind="check")
    assert client.get(enrollment_url(mine.public_id)).status_code == 404
    for path, data in [
        (enrollment_url(mine.public_id, "step-complete", read), {}),
        (enrollment_url(mine.public_id, "step-check", check), {"answers": answers(check)}),
        (enrollment_url(mine.public_id, "finish"), {}),
        (enrollment_url(mine.public_id, "apply"), {"attach_reflections": True}),
    ]:
        got = client.post(path, data, format="json")
        assert got.status_code == 404, path
        assert got.json() == {"detail": "No such enrollment."}
    assert client.get(url("enrollment-list")).json()["results"] == []
    assert not mine.progress.exists()
    assert api(library.teacher).get(enrollment_url(mine.public_id)).status_code == 200
    assert api(library.teacher).get(enrollment_url(uuid.uuid4())).status_code == 404


# Query counts -----------------------------------------------------------------------------------


def test_library_queries_do_not_grow_with_modules(library, django_assert_max_num_queries):
    client = api(library.teacher)
    small = queries(client, url("module-list"))
    for i in range(8):
        long_module(library.coach, library.district, slug=f"more-{i}", steps=4)
    assert client.get(url("module-list")).json()["count"] == 9
    with django_assert_max_num_queries(small):
        assert client.get(url("module-list"), {"q": "module"}).status_code == 200
    with django_assert_max_num_queries(small):
        assert client.get(url("module-list")).status_code == 200


def test_module_page_queries_do_not_grow_with_steps(library, django_assert_max_num_queries):
    client = api(library.teacher)
    services.enrollment_start(learner=library.teacher, module=library.module)
    small = queries(client, module_url(library.module))
    large = long_module(library.coach, library.district, slug="large", steps=15)
    services.enrollment_start(learner=library.teacher, module=large)
    with django_assert_max_num_queries(small):
        got = client.get(module_url(large))
    assert len(got.json()["steps"]) == 15
    assert sum(len(s["questions"]) for s in got.json()["steps"]) == 10


def test_my_learning_queries_do_not_grow_with_enrollments(library, django_assert_max_num_queries):
    client = api(library.teacher)
    first = services.enrollment_start(learner=library.teacher, module=library.module)
    services.step_complete(
        learner=library.teacher, enrollment=first, step=library.module.steps.get(kind="read")
    )
    small = queries(client, url("enrollment-list"))
    detail_small = queries(client, enrollment_url(first.public_id))
    for i in range(6):
        module = long_module(library.coach, library.district, slug=f"more-{i}", steps=6)
        enrollment = services.enrollment_start(learner=library.teacher, module=module)
        for step in module.steps.exclude(kind="check"):
            services.step_complete(
                learner=library.teacher, enrollment=enrollment, step=step, answer="Yes."
            )
    with django_assert_max_num_queries(small):
        got = client.get(url("enrollment-list"))
    assert len(got.json()["results"]) == 7
    assert sorted(e["steps_done"] for e in got.json()["results"]) == [1, 4, 4, 4, 4, 4, 4]
    with django_assert_max_num_queries(detail_small):
        got = client.get(enrollment_url(enrollment.public_id))
    assert [bool(s["completed_at"]) for s in got.json()["steps"]] == [True, True, False] * 2


# Schema -----------------------------------------------------------------------------------------


def test_the_schema_lists_the_courses_api():
    got = api().get(reverse("schema"), {"format": "json"})
    assert got.status_code == 200
    schema = json.loads(got.content)
    paths = schema["paths"]
    for path, method in [
        ("/api/v1/modules/", "get"),
        ("/api/v1/modules/{public_id}/", "get"),
        ("/api/v1/modules/{public_id}/enroll", "post"),
        ("/api/v1/enrollments/", "get"),
        ("/api/v1/enrollments/{public_id}/", "get"),
        ("/api/v1/enrollments/{public_id}/steps/{step_id}/complete", "post"),
        ("/api/v1/enrollments/{public_id}/steps/{step_id}/check", "post"),
        ("/api/v1/enrollments/{public_id}/finish", "post"),
        ("/api/v1/enrollments/{public_id}/apply", "post"),
    ]:
        assert method in paths.get(path, {}), path
    params = {p["name"] for p in paths["/api/v1/modules/"]["get"]["parameters"]}
    assert {"q", "competency", "grade_band", "subject", "format", "max_minutes"} <= params
    question = schema["components"]["schemas"]["Question"]["properties"]
    assert set(question) == {"id", "prompt", "choices"}
