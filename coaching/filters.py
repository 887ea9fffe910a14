"""List filters for coaching, shared by the pages and the API (django-filter).

Each FilterSet narrows a queryset that is already scoped to the person asking (the
access policy's); a filter never widens it. Bad input is a form error (400 in the
API). Naming a teacher whose list the person may not follow answers 404, as for
anything they may not see: the teacher themselves, and their coaches, may (see
`permissions.TeacherPolicy`).
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from accounts.models import User
from core.errors import NotFound

from . import permissions
from .models import CoachingAssignment, CoachingSession, Goal

NOT_YOURS = "No such teacher on your caseload."


class ViewerFilterSet(django_filters.FilterSet):
    """A FilterSet that knows whose list it narrows: `viewer`, or the request's user."""

    # The `permissions.teachers` action that lets the viewer narrow the list to a teacher.
    follow: ClassVar[str] = ""

    def __init__(self, data=None, queryset=None, *, viewer: User | None = None, **kwargs: Any):
        super().__init__(data, queryset, **kwargs)
        self.viewer = viewer if viewer is not None else getattr(self.request, "user", None)

    def for_teacher(self, queryset: QuerySet, name: str, value: UUID) -> QuerySet:
        """One teacher's rows, if the viewer may follow that teacher; 404 otherwise."""
        followed = permissions.teachers.queryset(self.viewer, self.follow).filter(public_id=value)
        if not followed.exists():
            raise NotFound(NOT_YOURS)
        return queryset.filter(teacher__public_id=value)


class AssignmentFilter(ViewerFilterSet):
    current = django_filters.BooleanFilter(
        method="only_current",
        widget=BooleanWidget(),
        label=_("Current"),
        help_text=_("Only assignments that have not ended."),
    )

    class Meta:
        model = CoachingAssignment
        fields: list[str] = []

    def only_current(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(ends_on__isnull=True) if value else queryset


class SessionFilter(ViewerFilterSet):
    follow = "follow_sessions"
    teacher = django_filters.UUIDFilter(
        method="for_teacher",
        label=_("Teacher"),
        help_text=_("A teacher's public id: yourself, or a teacher you coach or have coached."),
    )

    class Meta:
        model = CoachingSession
        fields: list[str] = []


class GoalFilter(ViewerFilterSet):
    follow = "follow_goals"
    teacher = django_filters.UUIDFilter(
        method="for_teacher",
        label=_("Teacher"),
        help_text=_("A teacher's public id: yourself, or a teacher on your current caseload."),
    )
    status = django_filters.ChoiceFilter(choices=Goal.Status.choices, label=_("Status"))

    class Meta:
        model = Goal
        fields: list[str] = []
