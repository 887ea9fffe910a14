import factory

from competencies.models import Competency, Framework


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    title = factory.Sequence(lambda n: f"Framework {n}")
    slug = factory.Sequence(lambda n: f"framework-{n}")
    creator = "State Department of Education"
    version = "1.0"


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"C.{n}")
    statement = factory.Sequence(lambda n: f"Demonstrates competency {n}.")
    item_type = "Competency"
    list_order = factory.Sequence(lambda n: n)
