"""A module and its steps as the learner takes them: visibility and versions, steps and
checks, finishing and the hand-off to evidence, Markdown sanitizing, query budgets."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import (
    Enrollment,
    StepProgress,
)
from evidence.models import Artifact, Submission
from tests.accounts.factories import MembershipFactory
from tests.badges.factories import BadgeClassFactory
from tests.courses.views.support import (
    add_steps,
    answers_for,
    complete_all,
    count_queries,
    draft_module,
    step_url,
    titles,
    url,
)

pytestmark = pytest.mark.django_db


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
