"""The demo library: a dozen-plus modules, exemplars, a cohort and learners in every state,
made through the courses services, and a second run that makes nothing."""

import re
from collections.abc import Iterator
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from badges.models import Assertion, BadgeClass
from courses import selectors
from courses.markdown import render
from courses.models import (
    CheckAttempt,
    Enrollment,
    Exemplar,
    ExemplarArtifact,
    GradeBand,
    Module,
    ModuleAssignment,
    Step,
    StepProgress,
    Subject,
)
from demo import courses_seed
from demo.courses_seed import seed_courses
from evidence.models import ApprovalPolicy, Artifact, Submission

pytestmark = pytest.mark.django_db

PUBLISHED = Module.Status.PUBLISHED


def row_counts() -> dict[str, int]:
    """Rows in every table (courses and everything else), many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker) -> Iterator[list[str]]:
    """The demo district and its library, made once for the class's tests (each test runs
    in a savepoint inside it) and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        printed: list[str] = []
        seed_courses(out=printed.append)
        yield printed
        transaction.set_rollback(True)


def user(key: str) -> User:
    return User.objects.get(email=f"{key}@{courses_seed.EMAIL_DOMAIN}")


def test_without_the_demo_district_it_makes_nothing(db):
    printed: list[str] = []
    seed_courses(out=printed.append)
    assert Module.objects.count() == 0
    assert "run seed_demo first" in printed[0]


class TestSeedCourses:
    """After seed_demo and seed_courses."""

    def test_the_first_run_says_what_it_made(self, seeded):
        text = "\n".join(seeded)
        # seed_demo may already call seed_courses itself; then this run found it in place.
        assert "Courses demo data created" in text or "nothing to do" in text

    def test_second_run_creates_nothing(self, seeded):
        before = row_counts()
        printed: list[str] = []
        seed_courses(out=printed.append)
        seed_courses(out=lambda s: None)
        assert row_counts() == before
        assert printed == [
            f"Courses demo data is already in place (module “{courses_seed.SENTINEL}” exists); "
            "nothing to do."
        ]

    def test_a_dozen_published_modules_across_both_frameworks(self, seeded):
        modules = list(
            Module.objects.filter(status=PUBLISHED).prefetch_related("competencies__framework")
        )
        assert len(modules) >= 12
        assert len({m.family for m in modules}) == len(modules)
        frameworks = {c.framework.slug for m in modules for c in m.competencies.all()}
        assert frameworks >= {courses_seed.ET, courses_seed.CTE}
        assert all(m.competencies.all() for m in modules)
        assert sum(m.minutes <= 15 for m in modules) >= 5
        assert {m.format for m in modules} == set(Module.Format.values)
        assert {g for m in modules for g in m.grade_bands} == set(GradeBand.values)
        assert {s for m in modules for s in m.subjects} <= set(Subject.values)
        assert len({s for m in modules for s in m.subjects}) >= 7
        assert len({m.author_id for m in modules}) == 2  # the coach and the admin

    def test_steps_are_real_and_checks_are_well_formed(self, seeded):
        steps = list(
            Step.objects.filter(module__status=PUBLISHED)
            .select_related("module")
            .prefetch_related("questions")
        )
        assert {s.kind for s in steps} == set(Step.Kind.values)
        for step in steps:
            if step.kind == Step.Kind.READ:
                html = render(step.body)
                assert "<script" not in html
                assert re.search(r"<(ul|ol|table|h3|strong)>", html), step.title
            elif step.kind == Step.Kind.WATCH:
                assert step.video_url.startswith("https://video.snakeriver.k12.example/")
                assert re.search(r"\[\d+:\d\d\]", step.transcript)
            elif step.kind == Step.Kind.REFLECT:
                assert step.prompt.strip()
            elif step.kind == Step.Kind.CHECK:
                questions = list(step.questions.all())
                assert 2 <= len(questions) <= 4, step.module.slug
                for q in questions:
                    assert sum(bool(c["correct"]) for c in q.choices) == 1
                    assert all(c["feedback"].strip() for c in q.choices)
        for module in Module.objects.filter(status=PUBLISHED):
            kinds = [s.kind for s in module.steps.all()]
            assert kinds[-1] == Step.Kind.CHECK, module.slug
            assert module.search_text

    def test_modules_lead_to_educator_badges_with_policies_and_one_awards_participation(
        self, seeded
    ):
        published = Module.objects.filter(status=PUBLISHED)
        leading = published.filter(leads_to__isnull=False).select_related("leads_to")
        assert leading.count() >= 6
        for module in leading:
            assert module.leads_to.audience == BadgeClass.Audience.EDUCATOR
            assert ApprovalPolicy.objects.filter(badge_class=module.leads_to).exists()
        participation = published.get(participation_badge__isnull=False)
        badge = participation.participation_badge
        assert badge.slug == courses_seed.PARTICIPATION_BADGE
        assert badge.status == BadgeClass.Status.ACTIVE
        assert badge.image.name.endswith(".png")
        # Finishing the module awarded it.
        assert Assertion.objects.filter(badge_class=badge, recipient=user("teacher2")).exists()

    def test_published_exemplars_with_flow_value_reflection_standards_and_artifacts(self, seeded):
        exemplars = list(
            Exemplar.objects.filter(status=Exemplar.Status.PUBLISHED).prefetch_related(
                "artifacts", "standards"
            )
        )
        assert len(exemplars) >= 6
        assert len({(e.grade_band, e.subject) for e in exemplars}) == len(exemplars)
        for e in exemplars:
            assert e.lesson_flow
            assert e.pedagogical_value
            assert e.reflection
            assert e.standards.all()
            assert e.published_by is not None
            kinds = {a.kind for a in e.artifacts.all()}
            assert ExemplarArtifact.Kind.VIDEO in kinds
            assert kinds & {ExemplarArtifact.Kind.SLIDES, ExemplarArtifact.Kind.DOCUMENT}
            video = next(a for a in e.artifacts.all() if a.kind == ExemplarArtifact.Kind.VIDEO)
            assert len(re.findall(r"^\d+:\d\d ", video.annotation, re.MULTILINE)) >= 3
            assert all(a.url.startswith("https://") for a in e.artifacts.all())

    def test_a_teacher_proposed_an_exemplar_from_approved_evidence(self, seeded):
        approved = Submission.objects.filter(
            earner__in=[user("teacher"), user("teacher2")],
            status=Submission.Status.APPROVED,
            badge_class__slug__in=list(courses_seed.PROPOSALS),
        )
        proposed = Exemplar.objects.filter(status=Exemplar.Status.PROPOSED)
        if not approved.exists():
            assert not proposed.exists()
            return
        exemplar = proposed.get()
        assert exemplar.source_submission in approved
        assert exemplar.proposed_by == exemplar.source_submission.earner
        assert exemplar.consent_given_at is not None
        assert exemplar.artifacts.exists()  # copied from the evidence

    def test_assigned_modules_have_a_teacher_who_has_not_started(self, seeded):
        assignments = list(ModuleAssignment.objects.select_related("cohort", "school"))
        assert len(assignments) == 2
        assert {a.cohort.name for a in assignments if a.cohort} == {courses_seed.COHORT_NAME}
        assert any(a.school for a in assignments)
        for assignment in assignments:
            assert assignment.due_on is not None
            rows = selectors.assignment_report(assignment=assignment).rows
            assert any(r.started_at is None for r in rows)  # assigned, not begun
            assert any(r.completed_at is not None for r in rows)  # and someone finished

    def test_enrollments_in_progress_with_a_failed_check_and_finished(self, seeded):
        in_progress = Enrollment.objects.filter(completed_at__isnull=True)
        failed = CheckAttempt.objects.filter(passed=False, enrollment__in=in_progress)
        assert failed.exists()
        enrollment = failed.first().enrollment
        assert StepProgress.objects.filter(
            enrollment=enrollment, completed_at__isnull=False
        ).exists()
        assert Enrollment.objects.filter(completed_at__isnull=False).count() >= 4
        # A retry: a finished enrollment with a failed attempt before the passing one.
        finished_after_retry = Enrollment.objects.filter(
            completed_at__isnull=False, attempts__passed=False
        ).filter(attempts__passed=True)
        assert finished_after_retry.exists()
        # Reflections are kept for the learner.
        assert StepProgress.objects.filter(step__kind=Step.Kind.REFLECT).exclude(answer="").exists()

    def test_finished_and_applied_for_the_micro_credential(self, seeded):
        module = Module.objects.get(slug=courses_seed.SAFETY_TALK, status=PUBLISHED)
        enrollment = Enrollment.objects.get(learner=user("teacher"), family=module.family)
        assert enrollment.completed_at is not None
        policy = ApprovalPolicy.objects.filter(badge_class=module.leads_to).first()
        if policy is None or not policy.allow_self_submission:
            pytest.skip("the safety badge takes no evidence from its earner in this demo")
        draft = Submission.objects.get(
            earner=user("teacher"), badge_class=module.leads_to, status=Submission.Status.DRAFT
        )
        reflections = Artifact.objects.filter(
            version__submission=draft, kind=Artifact.Kind.REFLECTION
        )
        assert reflections.filter(title__contains=module.title).exists()

    def test_a_learner_stays_on_the_retired_first_version(self, seeded):
        v1 = Module.objects.get(slug=courses_seed.LMS_FEEDBACK, version=1)
        v2 = Module.objects.get(slug=courses_seed.LMS_FEEDBACK, version=2)
        assert v1.status == Module.Status.RETIRED
        assert v2.status == PUBLISHED
        assert v2.family == v1.family
        assert v2.steps.count() == v1.steps.count() + 1
        assert v2.competencies.count() == v1.competencies.count() + 1
        on_v1 = Enrollment.objects.get(module=v1)
        assert on_v1.learner == user("teacher")
        assert on_v1.completed_at is None
        assert on_v1.progress.filter(step__module=v1).exists()
        on_v2 = Enrollment.objects.get(module=v2)
        assert on_v2.learner == user("teacher2")
        assert on_v2.completed_at is not None
