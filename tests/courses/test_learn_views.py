"""Learner pages end to end: visibility, the library's search and filters, steps and checks,
finishing and the hand-off to evidence, Markdown sanitizing, downloads, query budgets."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Enrollment, ExemplarArtifact, StepProgress
from evidence.models import Artifact, Submission
from tests.accounts.factories import MembershipFactory, SectionFactory
from tests.badges.factories import BadgeClassFactory
from tests.competencies.factories import CompetencyFactory

from .conftest import CHECK, build_module

pytestmark = pytest.mark.django_db


def url(name, **kw):
    return reverse(f"courses:{name}", kwargs=kw)


def step_url(module, step, name="step-detail"):
    return url(name, public_id=module.public_id, step_id=step.public_id)


def titles(response):
    return [row["module"].title for row in response.context["rows"]]


def answers_for(step, correct=True):
    return {
        str(q.public_id): next(i for i, c in enumerate(q.choices) if bool(c["correct"]) == correct)
        for q in step.questions.all()
    }


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


# Visibility ---------------------------------------------------------------------------------


def test_pages_need_sign_in(client, library):
    for name, kw in [
        ("module-list", {}),
        ("module-detail", {"public_id": library.module.public_id}),
        ("enrollment-mine", {}),
        ("exemplar-list", {}),
    ]:
        response = client.get(url(name, **kw))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_draft_module_is_invisible_to_teachers(client, library):
    draft = draft_module(library)
    client.force_login(library.teacher)
    assert client.get(url("module-detail", public_id=draft.public_id)).status_code == 404
    step = draft.steps.get()
    assert client.get(step_url(draft, step)).status_code == 404
    assert client.post(url("enrollment-start", public_id=draft.public_id)).status_code == 404
    listed = client.get(url("module-list"))
    assert draft.title not in titles(listed)
    assert library.module.title in titles(listed)
    assert client.get(url("module-list"), {"q": "Unpublished"}).context["rows"] == []


def test_the_author_sees_their_draft_but_cannot_start_it(client, library):
    draft = draft_module(library)
    client.force_login(library.coach)
    response = client.get(url("module-detail", public_id=draft.public_id))
    assert response.status_code == 200
    assert "This is a draft" in response.content.decode()
    response = client.post(url("enrollment-start", public_id=draft.public_id), follow=True)
    assert "not open for learners" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_learner_on_v1_keeps_v1_and_is_told_a_newer_version_exists(client, library):
    v1 = library.module
    client.force_login(library.teacher)
    client.post(url("enrollment-start", public_id=v1.public_id))
    v2 = services.module_new_version(actor=library.coach, module=v1)
    services.module_update(actor=library.coach, module=v2, title="Exit tickets, revised")
    v2 = services.module_publish(actor=library.coach, module=v2)

    response = client.get(url("module-detail", public_id=v2.public_id))
    assert response.status_code == 302
    assert response["Location"] == url("module-detail", public_id=v1.public_id)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["module"].pk == v1.pk
    assert "A newer version of this module exists" in page.content.decode()
    # A step of v2 sends them back to their version.
    v2_step = v2.steps.first()
    assert client.get(step_url(v2, v2_step))["Location"] == url(
        "module-detail", public_id=v1.public_id
    )

    newcomer = MembershipFactory(organization=library.school, role="teacher").user
    client.force_login(newcomer)
    assert client.get(url("module-detail", public_id=v1.public_id)).status_code == 404
    assert client.get(url("module-detail", public_id=v2.public_id)).status_code == 200
    assert titles(client.get(url("module-list"))) == ["Exit tickets, revised"]


# The library's search and filters -------------------------------------------------------------


@pytest.fixture
def shelf(library):
    """Four more published modules with distinct minutes, tags, formats and competencies."""
    comp_a = library.module.competencies.get()
    comp_b = CompetencyFactory(statement="Designs inquiry-based science investigations.")
    made = {
        "exit": library.module,  # 15 min, 6-8, math, micro, comp_a
        "talk": build_module(
            library.coach,
            library.district,
            slug="number-talks",
            title="Number talks in ten minutes",
            summary="Warm up with mental math and student explanations.",
            minutes=10,
            competency=comp_a,
            grade_bands=["3-5"],
        ),
        "lab": build_module(
            library.coach,
            library.district,
            slug="inquiry-labs",
            title="Inquiry labs",
            summary="Turn a cookbook lab into an investigation.",
            minutes=45,
            competency=comp_b,
            grade_bands=["9-12"],
            subjects=["science"],
            format="workshop",
        ),
        "any": build_module(
            library.coach,
            library.district,
            slug="wait-time",
            title="Wait time",
            summary="Count to five after a question.",
            minutes=5,
            grade_bands=["all"],
            subjects=["general"],
            format="video",
        ),
        "deep": build_module(
            library.coach,
            library.district,
            slug="feedback-loops",
            title="Feedback loops",
            summary="A longer course on feedback: why students wait for it.",
            minutes=90,
            format="self-paced",
        ),
    }
    return made, comp_a, comp_b


def test_library_lists_published_modules_with_facts(client, library, shelf):
    made, comp_a, comp_b = shelf
    client.force_login(library.teacher)
    response = client.get(url("module-list"))
    assert response.status_code == 200
    assert titles(response) == sorted(m.title for m in made.values())
    row = next(r for r in response.context["rows"] if r["module"] == library.module)
    assert row["module"].step_count == 3
    assert row["competencies"] == [comp_a]
    assert row["status"] == "not-started"
    html = response.content.decode()
    assert "15 minutes" in html
    assert "Micro-lesson" in html
    assert comp_a.code in html
    # The competency select offers the competencies published modules align to.
    choices = dict(response.context["form"].fields["competency"].choices)
    offered = {value for group in choices.values() if isinstance(group, list) for value, _ in group}
    assert offered == {str(comp_a.public_id), str(comp_b.public_id)}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"quick": "on"}, {"exit", "talk", "any"}),
        ({"q": "inquiry"}, {"lab"}),
        pytest.param({"q": "explanations mental"}, {"talk"}),
        ({"grade_band": "6-8"}, {"exit", "any", "deep"}),
        ({"subject": "science"}, {"lab", "any"}),
        ({"format": "workshop"}, {"lab"}),
        ({"competency": "A", "quick": "on"}, {"exit", "talk"}),
        ({"competency": "B"}, {"lab"}),
        ({"competency": "A", "grade_band": "3-5", "quick": "on"}, {"talk"}),
        ({"q": "five"}, {"any"}),  # a word from the summary
        pytest.param({"q": "nothing-like-this"}, set()),
    ],
)
def test_library_search_and_filters(client, library, shelf, params, expected):
    made, comp_a, comp_b = shelf
    params = dict(params)
    if "competency" in params:
        params["competency"] = str({"A": comp_a, "B": comp_b}[params["competency"]].public_id)
    client.force_login(library.teacher)
    response = client.get(url("module-list"), params)
    assert response.status_code == 200
    by_title = {m.title: key for key, m in made.items()}
    assert {by_title[t] for t in titles(response)} == expected


def test_search_words_in_steps_and_ranking(client, library, shelf):
    made, *_ = shelf
    client.force_login(library.teacher)
    # Every module built here has a read step whose body says "**Short** checks."
    found = titles(client.get(url("module-list"), {"q": "checks"}))
    assert set(found) == {m.title for m in made.values()}
    # "wait" is in one module's title and in another one's summary.
    found = titles(client.get(url("module-list"), {"q": "wait"}))
    assert set(found) == {"Wait time", "Feedback loops"}
    if connection.vendor == "postgresql":
        # Full-text ranking: the title match (weight A) comes before the summary match (B),
        # although it sorts after it by title.
        assert found == ["Wait time", "Feedback loops"]


def test_library_shows_the_learners_status_and_assignments(client, library, shelf):
    made, *_ = shelf
    teacher = library.teacher
    e = services.enrollment_start(learner=teacher, module=made["talk"])
    services.enrollment_start(learner=teacher, module=made["lab"])
    for step in made["talk"].steps.all():
        if step.kind == "check":
            services.check_submit(
                learner=teacher, enrollment=e, step=step, answers=answers_for(step)
            )
        else:
            services.step_complete(learner=teacher, enrollment=e, step=step, answer="Yes.")
    services.enrollment_finish(learner=teacher, enrollment=e)
    section = SectionFactory(school=library.school)
    section.teachers.add(teacher)
    services.assignment_create(
        actor=library.admin, module=made["any"], section=section, due_on=None
    )
    client.force_login(teacher)
    response = client.get(url("module-list"))
    status = {r["module"].title: r["status"] for r in response.context["rows"]}
    assert status["Number talks in ten minutes"] == "finished"
    assert status["Inquiry labs"] == "in-progress"
    assert status["Wait time"] == "not-started"
    assert [r["title"] for r in response.context["assigned"]] == ["Wait time"]
    assert "Assigned to you" in response.content.decode()


def test_library_paginates(client, library):
    for i in range(21):
        build_module(library.coach, library.district, slug=f"m-{i:02}", title=f"Module {i:02}")
    client.force_login(library.teacher)
    first = client.get(url("module-list"), {"quick": "on"})
    assert len(first.context["rows"]) == 20
    assert 'href="?quick=on&amp;page=2"' in first.content.decode()
    second = client.get(url("module-list"), {"quick": "on", "page": 2})
    assert len(second.context["rows"]) == 2


# Steps, checks, finishing and the hand-off ----------------------------------------------------


def test_working_through_a_module(client, library):
    m = library.module
    read, reflect, check = m.steps.all()
    client.force_login(library.teacher)

    response = client.get(url("module-detail", public_id=m.public_id))
    assert response.context["enrollment"] is None
    assert "Start" in response.content.decode()
    # A step before starting sends the learner to the module page.
    assert client.get(step_url(m, read))["Location"] == url("module-detail", public_id=m.public_id)

    response = client.post(url("enrollment-start", public_id=m.public_id))
    assert response["Location"] == step_url(m, read)
    page = client.get(step_url(m, read))
    html = page.content.decode()
    assert "Step 1 of 3" in html
    assert "<strong>Short</strong> checks." in html
    assert "Mark done and continue" in html

    response = client.post(step_url(m, read, "step-complete"))
    assert response["Location"] == step_url(m, reflect)
    # Marking done twice (a second tab) changes nothing.
    client.post(step_url(m, read, "step-complete"))
    assert StepProgress.objects.filter(step=read).count() == 1

    # A reflection needs an answer; what was typed is kept on the error page.
    response = client.post(step_url(m, reflect, "step-complete"), {"answer": "  "})
    assert response.status_code == 400
    assert "Write your reflection" in response.content.decode()
    client.post(step_url(m, reflect, "step-complete"), {"answer": "Which fraction is larger?"})
    revisit = client.get(step_url(m, reflect)).content.decode()
    assert "Which fraction is larger?" in revisit
    assert "What will you ask?" in revisit  # the prompt labels the answer

    # Resume goes to the first step not done.
    detail = client.get(url("module-detail", public_id=m.public_id))
    assert detail.context["resume_url"] == step_url(m, check)
    assert detail.context["steps_done"] == 2

    # Check: a wrong attempt shows score, per-question feedback and allows a retry.
    page = client.get(step_url(m, check)).content.decode()
    assert page.count("<fieldset") == 2
    assert "<legend>" in page
    response = client.post(step_url(m, check, "check-submit"), answers_for(check, False))
    assert response["Location"] == step_url(m, check) + "#result"
    page = client.get(step_url(m, check)).content.decode()
    assert "Not passed yet" in page
    assert "scored 0%" in page
    assert "Exit tickets are formative." in page
    assert "Too long to act on." in page
    assert StepProgress.objects.get(step=check).completed_at is None

    response = client.post(step_url(m, check, "check-submit"), answers_for(check), follow=True)
    page = response.content.decode()
    assert "Passed" in page
    assert "scored 100%" in page
    assert "Short is the point." in page
    progress = StepProgress.objects.get(step=check)
    assert (progress.attempts, progress.best_score) == (2, 100)
    assert progress.completed_at is not None

    detail = client.get(url("module-detail", public_id=m.public_id))
    assert detail.context["all_done"]
    assert "Finish the module" in detail.content.decode()


def test_a_check_with_no_answer_is_not_scored(client, library):
    m = library.module
    check = m.steps.get(kind="check")
    client.force_login(library.teacher)
    client.post(url("enrollment-start", public_id=m.public_id))
    response = client.post(step_url(m, check, "check-submit"), {})
    assert response.status_code == 400
    assert "Choose an answer" in response.content.decode()
    response = client.post(step_url(m, check, "check-submit"), {"not-a-question": "1"})
    assert response.status_code == 400
    assert not StepProgress.objects.filter(step=check).exists()
    # A choice that does not exist is refused by the form.
    q = check.questions.first()
    response = client.post(step_url(m, check, "check-submit"), {str(q.public_id): "7"})
    assert response.status_code == 400


def test_a_check_is_not_marked_done_and_others_cannot_post(client, library):
    m = library.module
    read, _, check = m.steps.all()
    client.force_login(library.teacher)
    client.post(url("enrollment-start", public_id=m.public_id))
    response = client.post(step_url(m, check, "step-complete"))
    assert response.status_code == 400
    assert "completed by passing" in response.content.decode()
    assert client.post(step_url(m, read, "check-submit"), {}).status_code == 404
    # Someone not enrolled cannot finish or apply.
    other = MembershipFactory(organization=library.school, role="teacher").user
    client.force_login(other)
    assert client.post(url("enrollment-finish", public_id=m.public_id)).status_code == 404
    assert client.post(url("enrollment-apply", public_id=m.public_id)).status_code == 404


def complete_all(client, module, answer="I will ask about fractions."):
    client.post(url("enrollment-start", public_id=module.public_id))
    for step in module.steps.all():
        if step.kind == "check":
            client.post(step_url(module, step, "check-submit"), answers_for(step))
        else:
            client.post(step_url(module, step, "step-complete"), {"answer": answer})


def test_finish_then_apply_opens_a_draft_submission_with_reflections(client, library):
    m = library.module
    client.force_login(library.teacher)
    client.post(url("enrollment-start", public_id=m.public_id))
    response = client.post(url("enrollment-finish", public_id=m.public_id), follow=True)
    assert "still to do" in response.content.decode()

    complete_all(client, m)
    response = client.post(url("enrollment-finish", public_id=m.public_id))
    assert response["Location"] == url("module-detail", public_id=m.public_id) + "#next"
    page = client.get(response["Location"]).content.decode()
    assert "Apply it in your classroom, then submit evidence" in page
    assert "Attach my reflection answers" in page

    response = client.post(
        url("enrollment-apply", public_id=m.public_id), {"attach_reflections": "on"}
    )
    submission = Submission.objects.get()
    assert response["Location"] == reverse(
        "evidence:submission-detail", kwargs={"public_id": submission.public_id}
    )
    assert (submission.status, submission.earner, submission.badge_class) == (
        "draft",
        library.teacher,
        library.policy.badge_class,
    )
    texts = list(
        Artifact.objects.filter(version__submission=submission).values_list("text", flat=True)
    )
    assert texts == ["What will you ask?\n\nI will ask about fractions."]
    # Afterwards the module page links to the open submission instead of opening another.
    page = client.get(url("module-detail", public_id=m.public_id))
    assert page.context["open_submission"] == submission
    assert "Continue your evidence" in page.content.decode()


def test_apply_without_reflections_and_participation_badge(client, library):
    badge = BadgeClassFactory(issuer__organization=library.district, name="Exit-ticket starter")
    v2 = services.module_new_version(actor=library.coach, module=library.module)
    services.module_update(actor=library.admin, module=v2, participation_badge=badge)
    v2 = services.module_publish(actor=library.coach, module=v2)
    client.force_login(library.teacher)
    complete_all(client, v2)
    client.post(url("enrollment-finish", public_id=v2.public_id))
    page = client.get(url("module-detail", public_id=v2.public_id)).content.decode()
    assert "You were awarded the badge “Exit-ticket starter”" in page
    client.post(url("enrollment-apply", public_id=v2.public_id))
    assert not Artifact.objects.filter(version__submission__earner=library.teacher).exists()


def test_step_markdown_is_sanitized(client, library):
    module = services.module_create(
        actor=library.coach,
        organization=library.district,
        slug="unsafe",
        title="Unsafe",
        summary="x",
        minutes=5,
    )
    services.step_add(
        actor=library.coach,
        module=module,
        kind="read",
        title="Hostile",
        body=(
            "Hello **there**.\n\n<script>alert('x')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n[link](javascript:alert(2))'
        ),
    )
    module = services.module_publish(actor=library.coach, module=module)
    client.force_login(library.teacher)
    client.post(url("enrollment-start", public_id=module.public_id))
    html = client.get(step_url(module, module.steps.get())).content.decode()
    body = html.split('class="card step-body"', 1)[1].split("</article>", 1)[0]
    assert "<strong>there</strong>" in body
    assert "<script" not in body
    assert "onerror" not in body
    assert "javascript:" not in body


def test_watch_step_links_the_video_and_shows_the_transcript(client, library):
    module = services.module_create(
        actor=library.coach, organization=library.district, slug="w", title="W", summary="x",
        minutes=5,
    )  # fmt: skip
    services.step_add(
        actor=library.coach,
        module=module,
        kind="watch",
        title="Watch",
        video_url="https://video.example.org/lesson",
        transcript="First line.\nSecond <b>line</b>.",
    )
    module = services.module_publish(actor=library.coach, module=module)
    client.force_login(library.teacher)
    client.post(url("enrollment-start", public_id=module.public_id))
    html = client.get(step_url(module, module.steps.get())).content.decode()
    assert 'href="https://video.example.org/lesson"' in html
    assert "<iframe" not in html
    assert "Second &lt;b&gt;line&lt;/b&gt;." in html


# My learning ------------------------------------------------------------------------------------


def test_my_learning_lists_progress_finished_and_assigned(client, library, shelf):
    made, *_ = shelf
    teacher = library.teacher
    client.force_login(teacher)
    complete_all(client, made["exit"])
    client.post(url("enrollment-finish", public_id=made["exit"].public_id))
    client.post(url("enrollment-start", public_id=made["talk"].public_id))
    read = made["talk"].steps.get(kind="read")
    client.post(step_url(made["talk"], read, "step-complete"))
    cohort = services.cohort_create(
        actor=library.admin, organization=library.district, name="Leaders", members=[teacher]
    )
    services.assignment_create(actor=library.admin, module=made["lab"], cohort=cohort)

    response = client.get(url("enrollment-mine"))
    ctx = response.context
    assert [r["module"].title for r in ctx["in_progress"]] == ["Number talks in ten minutes"]
    e = ctx["in_progress"][0]["enrollment"]
    assert (e.steps_done, e.steps_total) == (1, 3)
    assert ctx["in_progress"][0]["resume_url"] == step_url(made["talk"], read)
    assert [r["module"].title for r in ctx["finished"]] == [made["exit"].title]
    assert ctx["finished"][0]["apply_url"].endswith("#next")
    assert [r["title"] for r in ctx["assigned"]] == ["Inquiry labs"]
    html = response.content.decode()
    assert "1 of 3 steps" in html
    assert "Apply for" in html


# Exemplars --------------------------------------------------------------------------------------


@pytest.fixture
def exemplars(library):
    standard = CompetencyFactory(statement="Uses formative assessment to adjust instruction.")
    shown = services.exemplar_create(
        actor=library.coach,
        organization=library.district,
        slug="fraction-exit-tickets",
        title="Fraction exit tickets in grade 7",
        grade_band="6-8",
        subject="math",
        lesson_flow="1. Warm-up\n2. **Mini-lesson**\n\n<script>alert(1)</script>",
        pedagogical_value="Students see their own *misconceptions*.",
        reflection="Next time I would sort the tickets with the students.",
        standards=[standard],
        artifacts=[
            {
                "kind": "video",
                "title": "Lesson video",
                "url": "https://video.example.org/7b",
                "annotation": "At 03:10 notice the wait time.",
            },
            {"kind": "slides", "title": "Slides", "url": "https://slides.example.org/7b"},
        ],
    )
    shown = services.exemplar_publish(actor=library.admin, exemplar=shown)
    upload = ExemplarArtifact(exemplar=shown, kind="file", title="Exit ticket template")
    upload.file.save("ticket.pdf", ContentFile(b"%PDF-1.4 ticket"), save=False)
    upload.content_type = "application/pdf"
    upload.save()
    hidden = services.exemplar_create(
        actor=library.coach,
        organization=library.district,
        slug="science-draft",
        title="Science draft",
        grade_band="9-12",
        subject="science",
        lesson_flow="x",
        pedagogical_value="y",
    )
    hidden_file = ExemplarArtifact(exemplar=hidden, kind="file", title="Secret")
    hidden_file.file.save("s.pdf", ContentFile(b"%PDF-1.4 s"), save=False)
    hidden_file.save()
    return shown, hidden, standard, upload, hidden_file


def test_exemplar_library_filters(client, library, exemplars):
    shown, _hidden, standard, *_ = exemplars
    client.force_login(library.teacher)
    listed = client.get(url("exemplar-list"))
    assert [r["exemplar"] for r in listed.context["rows"]] == [shown]
    for params, expected in [
        ({"grade_band": "6-8"}, [shown]),
        ({"grade_band": "9-12"}, []),
        ({"subject": "math"}, [shown]),
        ({"competency": str(standard.public_id)}, [shown]),
        ({"q": "fraction"}, [shown]),
        ({"q": "misconceptions"}, [shown]),
        ({"q": "draft"}, []),
    ]:
        response = client.get(url("exemplar-list"), params)
        assert [r["exemplar"] for r in response.context["rows"]] == expected, params


def test_exemplar_detail_and_visibility(client, library, exemplars):
    shown, hidden, standard, upload, _ = exemplars
    client.force_login(library.teacher)
    html = client.get(url("exemplar-detail", slug=shown.slug)).content.decode()
    assert "<strong>Mini-lesson</strong>" in html
    assert "<script>alert" not in html
    assert "<em>misconceptions</em>" in html
    assert standard.statement in html
    assert 'href="https://video.example.org/7b"' in html
    assert "At 03:10 notice the wait time." in html
    assert url("exemplar-file", public_id=upload.public_id) in html
    assert "Next time I would sort the tickets" in html
    assert client.get(url("exemplar-detail", slug=hidden.slug)).status_code == 404
    client.force_login(library.coach)
    page = client.get(url("exemplar-detail", slug=hidden.slug))
    assert page.status_code == 200
    assert "not published" in page.content.decode()


def test_exemplar_file_download(client, library, exemplars):
    shown, _, _, upload, hidden_file = exemplars
    client.force_login(library.teacher)
    response = client.get(url("exemplar-file", public_id=upload.public_id))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ticket"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="exit-ticket-template.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Type"] == "application/pdf"
    # A file of an exemplar that is not published: 404 for a teacher, served to its author.
    assert client.get(url("exemplar-file", public_id=hidden_file.public_id)).status_code == 404
    link = shown.artifacts.get(kind="video")
    assert client.get(url("exemplar-file", public_id=link.public_id)).status_code == 404
    client.force_login(library.coach)
    assert client.get(url("exemplar-file", public_id=hidden_file.public_id)).status_code == 200


# Query budgets ----------------------------------------------------------------------------------


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


def test_library_query_count_does_not_grow(client, library, django_assert_max_num_queries):
    section = SectionFactory(school=library.school)
    section.teachers.add(library.teacher)
    services.assignment_create(actor=library.admin, module=library.module, section=section)
    client.force_login(library.teacher)
    small = count_queries(client, url("module-list"), {"quick": "on"})
    more = grow_library(library, 8)
    for m in more[:3]:
        services.assignment_create(actor=library.admin, module=m, section=section)
    with django_assert_max_num_queries(small):
        response = client.get(url("module-list"), {"quick": "on"})
    assert len(response.context["rows"]) == 9
    assert len(response.context["assigned"]) == 4
    with django_assert_max_num_queries(small):
        client.get(url("module-list"), {"q": "Grown", "competency": ""})


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


def test_module_page_query_count_does_not_grow(client, library, django_assert_max_num_queries):
    client.force_login(library.teacher)
    small = add_steps(library, 3)
    large = add_steps(library, 15)
    budget = count_queries(client, url("module-detail", public_id=small.public_id))
    with django_assert_max_num_queries(budget):
        response = client.get(url("module-detail", public_id=large.public_id))
    assert len(response.context["steps"]) == 15
    # A step page (with the check's questions) is within a fixed budget too.
    small_check = small.steps.get(kind="check")
    budget = count_queries(client, step_url(small, small_check))
    large_check = large.steps.filter(kind="check").last()
    with django_assert_max_num_queries(budget):
        client.get(step_url(large, large_check))


def test_my_learning_query_count_does_not_grow(client, library, django_assert_max_num_queries):
    teacher = library.teacher
    cohort = services.cohort_create(
        actor=library.admin, organization=library.district, name="C", members=[teacher]
    )
    client.force_login(teacher)
    complete_all(client, library.module)
    client.post(url("enrollment-finish", public_id=library.module.public_id))
    small = count_queries(client, url("enrollment-mine"))
    more = grow_library(library, 8)
    for m in more[:4]:
        services.assignment_create(actor=library.admin, module=m, cohort=cohort)
    with django_assert_max_num_queries(small):
        response = client.get(url("enrollment-mine"))
    assert len(response.context["in_progress"]) == 8
    assert len(response.context["assigned"]) == 4


def test_the_nav_links_to_learning(client, library):
    client.force_login(library.teacher)
    html = client.get(url("enrollment-mine")).content.decode()
    assert re.search(r'href="/learn/">Learn</a>', html)
    assert re.search(r'href="/learn/mine/">My learning</a>', html)
