"""List filters for evidence, shared by the pages and the API (django-filter).

Each FilterSet narrows a queryset that is already scoped to the person asking (the
access policy's); a filter can never widen it. Bad input is a form error on a page
and a 400 in the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from accounts.models import Section

from .models import Submission

S = Submission.Status
REVIEWABLE_CHOICES = [(S.SUBMITTED, S.SUBMITTED.label), (S.IN_REVIEW, S.IN_REVIEW.label)]


class ReviewQueueFilter(django_filters.FilterSet):
    """The review queue: by badge, by section (a teacher's), by status, by age."""

    badge = django_filters.CharFilter(
        field_name="badge_class__slug", label=_("Badge"), help_text=_("A badge class's slug.")
    )
    section = django_filters.UUIDFilter(
        method="in_section", label=_("Section"), help_text=_("A section's public id.")
    )
    status = django_filters.ChoiceFilter(
        choices=REVIEWABLE_CHOICES, label=_("Status"), empty_label=_("Any")
    )
    min_age_days = django_filters.NumberFilter(
        method="waiting_at_least",
        label=_("Waiting at least (days)"),
        min_value=0,
        max_value=3650,
        help_text=_("Only submissions waiting at least this many days."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Submission
        fields: list[str] = []

    def __init__(
        self,
        data=None,
        queryset: QuerySet[Submission] | None = None,
        *,
        badges: Iterable[tuple[str, str]] = (),
        sections: Iterable[tuple[str, str]] = (),
        **kwargs,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        # Pages offer the badges and sections in the queue; any value is accepted (one
        # not in the queue matches nothing), as in the API.
        fields = self.form.fields
        fields["badge"].widget = forms.Select(choices=[("", _("All badges")), *badges])
        fields["section"].widget = forms.Select(choices=[("", _("All sections")), *sections])

    def in_section(self, queryset: QuerySet[Submission], name: str, value) -> QuerySet:
        students = Section.students.through.objects.filter(section__public_id=value)
        return queryset.filter(earner_id__in=students.values("user_id"))

    def waiting_at_least(self, queryset: QuerySet[Submission], name: str, value) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=int(value)))

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(v not in (None, "") for v in self.form.cleaned_data.values())


class SubmissionListFilter(django_filters.FilterSet):
    """Submissions I may see: only mine (and those I started for a student), by status."""

    mine = django_filters.BooleanFilter(
        method="only_mine",
        widget=BooleanWidget(),
        label=_("Only mine"),
        help_text=_("Only my own submissions and those I started on a student's behalf."),
    )
    status = django_filters.ChoiceFilter(choices=S.choices, label=_("Status"))

    class Meta:
        model = Submission
        fields: list[str] = []

    def only_mine(self, queryset: QuerySet[Submission], name: str, value) -> QuerySet:
        if not value:
            return queryset
        user = self.request.user
        return queryset.filter(Q(earner=user) | Q(submitted_by=user))
