"""Coaching rows for tests. A factory writes the row as it would stand after its
service ran (an assignment under way, a session logged); tests of the services
themselves go through `coaching.services`."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Membership
from coaching.models import ActionStep, CoachingAssignment, CoachingSession, Goal, Recommendation
from tests.accounts.factories import MembershipFactory, SchoolFactory


def _member(school, role: str):
    return MembershipFactory(organization=school, role=role).user


class CoachingAssignmentFactory(factory.django.DjangoModelFactory):
    """A teacher of a school on the caseload of a coach of that school, since a term ago,
    assigned by an admin of its district."""

    class Meta:
        model = CoachingAssignment

    school = factory.SubFactory(SchoolFactory)
    coach = factory.LazyAttribute(lambda o: _member(o.school, Membership.Role.COACH))
    teacher = factory.LazyAttribute(lambda o: _member(o.school, Membership.Role.TEACHER))
    assigned_by = factory.LazyAttribute(lambda o: _member(o.school.parent, Membership.Role.ADMIN))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    """A session the assignment's coach logged with its teacher, at its school."""

    class Meta:
        model = CoachingSession
        exclude = ["assignment"]

    assignment = factory.SubFactory(CoachingAssignmentFactory)
    coach = factory.SelfAttribute("assignment.coach")
    teacher = factory.SelfAttribute("assignment.teacher")
    school = factory.SelfAttribute("assignment.school")
    held_on = factory.LazyFunction(timezone.localdate)
    minutes = 30
    kind = CoachingSession.Kind.OBSERVATION
    shared_notes = "Strong launch; the exit ticket showed two groups."
    private_notes = "Seemed exhausted; ask about the week."


class GoalFactory(factory.django.DjangoModelFactory):
    """A goal the assignment's coach wrote with its teacher."""

    class Meta:
        model = Goal
        exclude = ["assignment"]

    assignment = factory.SubFactory(CoachingAssignmentFactory)
    teacher = factory.SelfAttribute("assignment.teacher")
    coach = factory.SelfAttribute("assignment.coach")
    statement = factory.Sequence(lambda n: f"Use exit tickets daily ({n})")


class ActionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionStep

    goal = factory.SubFactory(GoalFactory)
    description = factory.Sequence(lambda n: f"Draft three tickets ({n})")
    owner = factory.SelfAttribute("goal.teacher")


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A module the assignment's coach recommended to its teacher; `module` is given."""

    class Meta:
        model = Recommendation
        exclude = ["assignment"]

    assignment = factory.SubFactory(CoachingAssignmentFactory)
    coach = factory.SelfAttribute("assignment.coach")
    teacher = factory.SelfAttribute("assignment.teacher")
    note = "Start with the sorting step."
