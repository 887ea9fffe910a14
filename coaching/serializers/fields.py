"""Fields the coaching API shapes share: enums with their own schema names, and objects
named by public id among those the caller may name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet, TextChoices
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from competencies.models import Competency
from courses.models import Module

from .. import permissions
from ..models import CoachingSession, Goal

NOTES = {"required": False, "allow_blank": True, "default": "", "max_length": 20000}


def _named_choice_field(
    component: str, choices: type[TextChoices]
) -> type[serializers.ChoiceField]:
    """A choice field whose enum is its own, named schema component (drf-spectacular
    names enums after the field, so `kind` and `status` would collide with other apps')."""
    schema = {
        "type": "string",
        "enum": list(choices.values),
        "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
    }

    @extend_schema_field(schema, component_name=component)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    Field.__name__ = Field.__qualname__ = f"{component}Field"
    return Field


SessionKindField = _named_choice_field("CoachingSessionKindEnum", CoachingSession.Kind)
GoalStatusField = _named_choice_field("GoalStatusEnum", Goal.Status)

Scope = Callable[[User, QuerySet], QuerySet]


class ScopedPublicIdField(serializers.SlugRelatedField):
    """An object named by its public id, looked up only among those the caller may name
    here (`scope(user, queryset)`), so another coach's teacher reads the same as no such
    teacher."""

    def __init__(self, *, scope: Scope, not_found: str, **kwargs: Any) -> None:
        self.scope = scope
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("does_not_exist", not_found)
        kwargs["error_messages"].setdefault("invalid", not_found)
        super().__init__(slug_field="public_id", **kwargs)

    def get_queryset(self) -> QuerySet:
        return self.scope(self.context["request"].user, self.queryset)


def caseload_teachers(user: User, users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(pk__in=permissions.teachers.queryset(user, "coach").values("pk"))


def usable_sessions(user: User, sessions: QuerySet[CoachingSession]) -> QuerySet[CoachingSession]:
    return sessions.filter(pk__in=permissions.sessions.queryset(user, "use").values("pk"))


def caseload_goals(user: User, goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Goals of the teachers on the caller's current caseload."""
    return goals.filter(permissions.on_caseload_q(user, "teacher_id"))


def published(_user: User, modules: QuerySet[Module]) -> QuerySet[Module]:
    return modules.filter(status=Module.Status.PUBLISHED)


def caseload_teacher_field(**kwargs: Any) -> ScopedPublicIdField:
    return ScopedPublicIdField(
        queryset=User.objects.filter(is_active=True),
        scope=caseload_teachers,
        not_found="No such teacher on your caseload.",
        help_text="The public id of a teacher on your current caseload.",
        **kwargs,
    )


def published_module_field(**kwargs: Any) -> ScopedPublicIdField:
    return ScopedPublicIdField(
        queryset=Module.objects.all(),
        scope=published,
        not_found="No such published module.",
        **kwargs,
    )


def competency_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="public_id", queryset=Competency.objects.all(), **kwargs
    )
