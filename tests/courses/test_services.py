"""Authoring and versions, progress and checks, finishing, the evidence hand-off, cohorts."""

import pytest
from django.core.exceptions import PermissionDenied

from badges.models import Assertion
from courses import services
from courses.models import Enrollment, Module, StepProgress
from evidence.models import Artifact, Submission
from tests.accounts.factories import MembershipFactory, SectionFactory
from tests.badges.factories import BadgeClassFactory

pytestmark = pytest.mark.django_db


def answers(module, correct=True):
    check = module.steps.get(kind="check")
    return {
        str(q.public_id): next(i for i, c in enumerate(q.choices) if bool(c["correct"]) == correct)
        for q in check.questions.all()
    }


def do_all(lib, enrollment, *, reflection="Ask about fractions.", pass_check=True):
    m = enrollment.module
    for step in m.steps.all():
        if step.kind == "check":
            services.check_submit(
                learner=lib.teacher,
                enrollment=enrollment,
                step=step,
                answers=answers(m, pass_check),
            )
        else:
            services.step_complete(
                learner=lib.teacher, enrollment=enrollment, step=step, answer=reflection
            )


def test_teachers_cannot_author(library):
    with pytest.raises(PermissionDenied):
        services.module_create(
            actor=library.teacher,
            organization=library.district,
            slug="x",
            title="X",
            summary="x",
            minutes=5,
        )
    with pytest.raises(PermissionDenied):
        services.module_new_version(actor=library.teacher, module=library.module)


def test_a_published_module_is_not_edited_in_place(library):
    with pytest.raises(services.CourseError, match="Only a draft"):
        services.module_update(actor=library.coach, module=library.module, title="New")


def test_editing_makes_a_new_version_and_learners_keep_theirs(library):
    v1 = library.module
    enrollment = services.enrollment_start(learner=library.teacher, module=v1)
    v2 = services.module_new_version(actor=library.coach, module=v1)
    assert (v2.version, v2.status, v2.family) == (2, "draft", v1.family)
    assert v2.steps.count() == v1.steps.count()
    services.module_update(
        actor=library.coach, module=v2, title="Exit tickets, revised", minutes=10
    )
    v2 = services.module_publish(actor=library.coach, module=v2)
    v1.refresh_from_db()
    assert v1.status == "retired"
    enrollment.refresh_from_db()
    assert enrollment.module_id == v1.pk  # the learner on v1 keeps v1
    again = services.enrollment_start(learner=library.teacher, module=v2)
    assert again.pk == enrollment.pk  # resume, not a second enrollment
    newcomer = MembershipFactory(organization=library.school, role="teacher").user
    assert services.enrollment_start(learner=newcomer, module=v2).module_id == v2.pk
    assert Module.objects.filter(family=v1.family, status="published").count() == 1


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


def test_participation_badge_is_awarded_on_finish(library):
    badge = BadgeClassFactory(issuer__organization=library.district)
    m = library.module
    v2 = services.module_new_version(actor=library.coach, module=m)
    with pytest.raises(PermissionDenied):  # a coach may not hand out badges
        services.module_update(actor=library.coach, module=v2, participation_badge=badge)
    services.module_update(actor=library.admin, module=v2, participation_badge=badge)
    v2 = services.module_publish(actor=library.coach, module=v2)
    e = services.enrollment_start(learner=library.teacher, module=v2)
    do_all(library, e)
    services.enrollment_finish(learner=library.teacher, enrollment=e)
    services.enrollment_finish(learner=library.teacher, enrollment=e)  # idempotent
    assert Assertion.objects.filter(recipient=library.teacher, badge_class=badge).count() == 1


def test_a_step_from_another_version_is_refused(library):
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    v2 = services.module_new_version(actor=library.coach, module=library.module)
    with pytest.raises(services.CourseError, match="not part of the version"):
        services.step_complete(
            learner=library.teacher, enrollment=e, step=v2.steps.get(kind="read")
        )


def test_assignment_to_a_section_of_teachers(library):
    section = SectionFactory(school=library.school)
    section.teachers.add(library.teacher)
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=library.coach, module=library.module, section=section)
    a = services.assignment_create(actor=library.admin, module=library.module, section=section)
    from courses.selectors import assignment_report

    rows = assignment_report(a)
    assert [(r.learner, r.started_at) for r in rows] == [(library.teacher, None)]
    e = services.enrollment_start(learner=library.teacher, module=library.module)
    do_all(library, e)
    services.enrollment_finish(learner=library.teacher, enrollment=e)
    row = assignment_report(a)[0]
    assert row.started_at is not None
    assert row.completed_at is not None
    with pytest.raises(services.CourseError, match="exactly one"):
        services.assignment_create(actor=library.admin, module=library.module)


def test_enrollment_is_unique_per_learner_and_module(library):
    a = services.enrollment_start(learner=library.teacher, module=library.module)
    b = services.enrollment_start(learner=library.teacher, module=library.module)
    assert a.pk == b.pk
    assert Enrollment.objects.count() == 1


def test_a_badge_earned_with_evidence_is_never_a_participation_badge(library):
    v2 = services.module_new_version(actor=library.coach, module=library.module)
    with pytest.raises(services.CourseError, match="reviewed evidence"):
        services.module_update(
            actor=library.admin, module=v2, participation_badge=library.policy.badge_class
        )
    student_badge = BadgeClassFactory(issuer__organization=library.district, audience="student")
    with pytest.raises(services.CourseError, match="student badge"):
        services.module_update(actor=library.admin, module=v2, participation_badge=student_badge)
    foreign = BadgeClassFactory()
    with pytest.raises(services.CourseError, match="another district"):
        services.module_update(actor=library.admin, module=v2, participation_badge=foreign)


def test_students_never_propose_exemplars(library):
    from tests.evidence.factories import ApprovalPolicyFactory

    student = MembershipFactory(
        organization=library.school, role="student", user__is_minor=True
    ).user
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=library.district, badge_class__audience="student"
    )
    s = Submission.objects.create(
        earner=student, badge_class=policy.badge_class, submitted_by=student, status="approved"
    )
    with pytest.raises(PermissionDenied, match="Only teachers"):
        services.exemplar_propose(
            actor=student,
            submission=s,
            consent=True,
            slug="x",
            title="x",
            grade_band="9-12",
            subject="cte",
            lesson_flow="x",
            pedagogical_value="x",
        )
