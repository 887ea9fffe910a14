"""Courses rows for tests. A factory writes the row as it would stand after its service
ran (a module published with its steps, a learner enrolled, an exemplar proposed); tests
of the services themselves go through `courses.services`."""

import factory
from django.utils import timezone

from accounts.models import Membership
from courses.models import (
    CheckQuestion,
    Cohort,
    Enrollment,
    Exemplar,
    ExemplarArtifact,
    Module,
    ModuleAssignment,
    Step,
    StepProgress,
)
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

CHOICES = [
    {"text": "Planning tomorrow's lesson", "correct": True, "feedback": "Yes."},
    {"text": "Grading", "correct": False, "feedback": "Exit tickets are formative."},
]


def _author(organization):
    return MembershipFactory(organization=organization, role=Membership.Role.COACH).user


class ModuleFactory(factory.django.DjangoModelFactory):
    """A published version 1 of a module of a district, written by one of its coaches."""

    class Meta:
        model = Module

    organization = factory.SubFactory(DistrictFactory)
    author = factory.LazyAttribute(lambda o: _author(o.organization))
    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: f"Module {n}")
    summary = "A short module."
    minutes = 15
    status = Module.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Module.Status.DRAFT, published_at=None)
        retired = factory.Trait(status=Module.Status.RETIRED)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    module = factory.SubFactory(ModuleFactory)
    position = factory.Sequence(lambda n: n)
    kind = Step.Kind.READ
    title = factory.Sequence(lambda n: f"Step {n}")
    body = "Short checks."


class CheckQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckQuestion

    step = factory.SubFactory(StepFactory, kind=Step.Kind.CHECK)
    position = factory.Sequence(lambda n: n)
    prompt = "What is exit-ticket data for?"
    choices = factory.LazyFunction(lambda: [dict(c) for c in CHOICES])


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    learner = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModuleFactory)
    family = factory.SelfAttribute("module.family")


class StepProgressFactory(factory.django.DjangoModelFactory):
    """A step done."""

    class Meta:
        model = StepProgress

    enrollment = factory.SubFactory(EnrollmentFactory)
    step = factory.SubFactory(StepFactory, module=factory.SelfAttribute("..enrollment.module"))
    completed_at = factory.LazyFunction(timezone.now)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    organization = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.members.set(extracted)


class ModuleAssignmentFactory(factory.django.DjangoModelFactory):
    """A module assigned to a cohort of its district by one of the district's admins."""

    class Meta:
        model = ModuleAssignment

    module = factory.SubFactory(ModuleFactory)
    family = factory.SelfAttribute("module.family")
    cohort = factory.SubFactory(
        CohortFactory, organization=factory.SelfAttribute("..module.organization")
    )
    assigned_by = factory.LazyAttribute(
        lambda o: MembershipFactory(organization=o.module.organization, role="admin").user
    )


class ExemplarFactory(factory.django.DjangoModelFactory):
    """An exemplar a district's coach wrote, waiting to be published."""

    class Meta:
        model = Exemplar

    organization = factory.SubFactory(DistrictFactory)
    proposed_by = factory.LazyAttribute(lambda o: _author(o.organization))
    slug = factory.Sequence(lambda n: f"exemplar-{n}")
    title = factory.Sequence(lambda n: f"Exemplar {n}")
    grade_band = "6-8"
    subject = "math"
    lesson_flow = "1. Warm-up\n2. Ratio tables\n3. Exit ticket"
    pedagogical_value = "The exit ticket decides tomorrow's groups."
    status = Exemplar.Status.PROPOSED

    class Params:
        published = factory.Trait(
            status=Exemplar.Status.PUBLISHED,
            published_by=factory.SelfAttribute("proposed_by"),
            published_at=factory.LazyFunction(timezone.now),
        )


class ExemplarArtifactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExemplarArtifact

    exemplar = factory.SubFactory(ExemplarFactory)
    kind = ExemplarArtifact.Kind.DOCUMENT
    title = factory.Sequence(lambda n: f"Handout {n}")
    url = "https://docs.example.org/handout"
    position = factory.Sequence(lambda n: n)
