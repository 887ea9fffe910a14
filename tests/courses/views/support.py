"""What the courses page tests share: addresses, form data, modules and evidence made
through the services, and counting a page's queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Module
from evidence import services as evidence_services
from evidence.models import Submission
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import CHECK, build_module


def url(name, **kwargs):
    return reverse(f"courses:{name}", kwargs=kwargs)


def login(client, user):
    client.force_login(user)
    return client


def step_url(module, step, name="step-detail"):
    return url(name, public_id=module.public_id, step_id=step.public_id)


def titles(response):
    return [row.module.title for row in response.context["rows"]]


def answers_for(step, correct=True):
    return {
        str(q.public_id): next(i for i, c in enumerate(q.choices) if bool(c["correct"]) == correct)
        for q in step.questions.all()
    }


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


def new_draft(client, lib, **overrides):
    """A coach creates a draft through the page; returns the module."""
    response = login(client, lib.coach).post(url("author-module-create"), module_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Module.objects.get(title=overrides.get("title", module_data()["title"]))


def draft_module(lib, **kw):
    module = services.module_create(
        actor=lib.coach,
        organization=lib.district,
        slug=kw.pop("slug", "draft"),
        title=kw.pop("title", "Unpublished thinking routines"),
        summary="Not ready yet.",
        minutes=kw.pop("minutes", 10),
        **kw,
    )
    services.step_add(actor=lib.coach, module=module, kind="read", title="Soon", body="Soon.")
    return module


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


def complete_all(client, module, answer="I will ask about fractions."):
    client.post(url("enrollment-start", public_id=module.public_id))
    for step in module.steps.all():
        if step.kind == "check":
            client.post(step_url(module, step, "check-submit"), answers_for(step))
        else:
            client.post(step_url(module, step, "step-complete"), {"answer": answer})


def count_queries(client, path, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow_library(library, n, offset=0):
    modules = []
    for i in range(offset, offset + n):
        comp = CompetencyFactory()
        m = build_module(
            library.coach, library.district, slug=f"grow-{i}", title=f"Grown {i}", competency=comp
        )
        e = services.enrollment_start(learner=library.teacher, module=m)
        services.step_complete(learner=library.teacher, enrollment=e, step=m.steps.first())
        modules.append(m)
    return modules


def add_steps(library, n):
    """A module with n steps of every kind, the learner halfway through."""
    module = services.module_create(
        actor=library.coach, organization=library.district, slug=f"long-{n}", title="Long",
        summary="x", minutes=30, competencies=[CompetencyFactory() for _ in range(n // 3 + 1)],
    )  # fmt: skip
    kinds = ["read", "reflect", "check", "watch", "try"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        services.step_add(
            actor=library.coach,
            module=module,
            kind=kind,
            title=f"Step {i}",
            body="Body",
            prompt="Prompt?",
            video_url="https://video.example.org/x",
            questions=CHECK if kind == "check" else (),
        )
    module = services.module_publish(actor=library.coach, module=module)
    e = services.enrollment_start(learner=library.teacher, module=module)
    for step in list(module.steps.all())[: n // 2]:
        if step.kind == "check":
            services.check_submit(
                learner=library.teacher, enrollment=e, step=step, answers=answers_for(step)
            )
        else:
            services.step_complete(learner=library.teacher, enrollment=e, step=step, answer="A.")
    return module
