import factory

from accounts.models import Section
from badges.models import BadgeClass, CurriculumLink
from evidence.models import ApprovalPolicy, ReviewerGroup, Rubric, RubricCriterion
from tests.accounts.factories import DistrictFactory
from tests.badges.factories import BadgeClassFactory


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    organization = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Rubric {n}")

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):  # noqa: N805
        """Two criteria unless built with criteria=N."""
        if not create:
            return
        for i in range(extracted if extracted is not None else 2):
            RubricCriterionFactory(rubric=obj, position=i)


class RubricCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RubricCriterion

    rubric = factory.SubFactory(RubricFactory, criteria=0)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    level_1 = "Beginning"
    level_2 = "Developing"
    level_3 = "Competent"
    level_4 = "Exemplary"


class ReviewerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewerGroup

    organization = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class ApprovalPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalPolicy

    badge_class = factory.SubFactory(BadgeClassFactory, audience="student")
    rubric = factory.SubFactory(
        RubricFactory, organization=factory.SelfAttribute("..badge_class.issuer.organization")
    )
    allow_section_teacher = True


def link(badge_class: BadgeClass, section: Section) -> CurriculumLink:
    """Say the badge is taught in `section`: its teachers review it (where allowed)."""
    return CurriculumLink.objects.create(
        badge_class=badge_class, kind=CurriculumLink.Kind.SECTION, section=section
    )
