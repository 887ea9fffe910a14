"""Learning: checks scored with feedback and retries, reflections, finishing, the hand-off
to a draft submission, one enrollment per learner and module."""

import pytest

from courses import services
from courses.models import Enrollment, StepProgress
from evidence.models import Artifact, Submission
from tests.courses.support import answers, do_all

pytestmark = pytest.mark.django_db


def test_check_scoring_with_feedback_and_retries(library):
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    check = library.module.steps.get(kind="check")
    failed = services.check_submit(
        learner=library.teacher, enrollment=e, step=check, answers=answers(library.module, False)
    )
    assert not failed.passed
    assert failed.attempt.score == 0
    assert failed.results[0].feedback == "Exit tickets are formative."
    progress = StepProgress.objects.get(enrollment=e, step=check)
    assert progress.completed_at is None
    passed = services.check_submit(
        learner=library.teacher, enrollment=e, step=check, answers=answers(library.module)
    )
    assert passed.passed
    progress.refresh_from_db()
    assert (progress.attempts, progress.best_score) == (2, 100)
    assert progress.completed_at is not None


def test_reflection_needs_an_answer_and_steps_are_idempotent(library):
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    reflect = library.module.steps.get(kind="reflect")
    with pytest.raises(services.CourseError, match="Write your reflection"):
        services.step_complete(learner=library.teacher, enrollment=e, step=reflect)
    services.step_complete(learner=library.teacher, enrollment=e, step=reflect, answer="one")
    services.step_complete(learner=library.teacher, enrollment=e, step=reflect, answer="two")
    assert StepProgress.objects.filter(enrollment=e, step=reflect).count() == 1
    assert StepProgress.objects.get(enrollment=e, step=reflect).answer == "two"


def test_finish_needs_every_step(library):
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    with pytest.raises(services.CourseError, match="still to do"):
        services.enrollment_finish(learner=library.teacher, enrollment=e)
    do_all(library, e, pass_check=False)
    with pytest.raises(services.CourseError, match="1 step"):
        services.enrollment_finish(learner=library.teacher, enrollment=e)
    do_all(library, e)
    assert services.enrollment_finish(learner=library.teacher, enrollment=e).is_finished


def test_finish_hands_off_to_a_draft_submission_with_reflections(library):
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    do_all(library, e, reflection="I'll ask one fractions question.")
    with pytest.raises(services.CourseError, match="Finish"):
        services.enrollment_apply_for_credential(
            learner=library.teacher, enrollment=e, attach_reflections=True
        )
    services.enrollment_finish(learner=library.teacher, enrollment=e)
    s = services.enrollment_apply_for_credential(
        learner=library.teacher, enrollment=e, attach_reflections=True
    )
    assert (s.status, s.badge_class, s.earner) == (
        "draft",
        library.policy.badge_class,
        library.teacher,
    )
    texts = list(Artifact.objects.filter(version__submission=s).values_list("text", flat=True))
    assert texts == ["What will you ask?\n\nI'll ask one fractions question."]
    again = services.enrollment_apply_for_credential(
        learner=library.teacher, enrollment=e, attach_reflections=False
    )
    assert again.pk == s.pk
    assert Submission.objects.count() == 1


def test_a_step_from_another_version_is_refused(library):
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    v2 = services.module_new_version(actor=library.coach, module=library.module)
    with pytest.raises(services.CourseError, match="not part of the version"):
        services.step_complete(
            learner=library.teacher, enrollment=e, step=v2.steps.get(kind="read")
        )


def test_enrollment_is_unique_per_learner_and_module(library):
    a = services.enrollment_start(learner=library.teacher, module=library.module)
    b = services.enrollment_start(learner=library.teacher, module=library.module)
    assert a.pk == b.pk
    assert Enrollment.objects.count() == 1
