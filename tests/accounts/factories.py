import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Organization, Placement, Section, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        """Users have a verified e-mail unless built with verified=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        if create:
            obj.save()


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")
    kind = Organization.Kind.DISTRICT


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"School {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    kind = Organization.Kind.SCHOOL
    parent = factory.SubFactory(DistrictFactory)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.EMPLOYER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(DistrictFactory)
    role = Membership.Role.TEACHER


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Section {n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    student = factory.SubFactory(UserFactory, is_minor=True)
    organization = factory.SubFactory(OrganizationFactory)
    supervisor = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(UserFactory)
    title = "Intern"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
