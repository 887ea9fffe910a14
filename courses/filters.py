"""List filters for courses, shared by the pages and the API (django-filter).

Each FilterSet narrows a queryset already scoped to the person asking (the access
policy's); a filter never widens it. Bad input is a 400 in the API; a page with bad
input shows its list unfiltered (`courses.selectors`).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.postgres.search import SearchRank
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Exemplar, GradeBand, Module, Subject
from .search import full_text_search, words_query

QUICK_MINUTES = 15  # "15 minutes or less"
MAX_WORDS = 8  # words searched, where the database has no full-text search


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def _words(value: str) -> list[str]:
    return value.split()[:MAX_WORDS]


class ModuleLibraryFilter(django_filters.FilterSet):
    """The module library: words, competency, grade band, subject, format, minutes.

    On PostgreSQL the words are a full-text search (websearch syntax) of the stored
    vector (`courses.search`), ranked title > summary > steps' text, best match first;
    elsewhere every word must appear in the title, summary or steps' text.
    """

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=200,
        help_text=_("Words to find."),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. exit tickets")}),
    )
    competency = django_filters.UUIDFilter(
        field_name="competencies__public_id",
        label=_("Competency"),
        help_text=_("A competency's public id."),
    )
    grade_band = django_filters.ChoiceFilter(
        method="for_grade_band",
        choices=GradeBand.choices,
        label=_("Grade band"),
        empty_label=_("Any grade band"),
        help_text=_("Modules for this grade band (or for all grades)."),
    )
    subject = django_filters.ChoiceFilter(
        method="for_subject",
        choices=Subject.choices,
        label=_("Subject"),
        empty_label=_("Any subject"),
        help_text=_("Modules for this subject (or for any subject)."),
    )
    format = django_filters.ChoiceFilter(
        choices=Module.Format.choices, label=_("Format"), empty_label=_("Any format")
    )
    max_minutes = IntegerFilter(
        field_name="minutes",
        lookup_expr="lte",
        min_value=1,
        max_value=600,
        label=_("At most minutes"),
        help_text=_(
            "Only modules that take at most this many minutes (15 for “15 minutes or less”)."
        ),
    )

    class Meta:
        model = Module
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, competencies=(), **kwargs) -> None:
        """`competencies`: the choices a page offers (grouped); any id is accepted, and
        one no module is aligned to matches nothing, as in the API."""
        super().__init__(data, queryset, **kwargs)
        if competencies:
            self.form.fields["competency"].widget = forms.Select(choices=competencies)

    def search(self, queryset: QuerySet[Module], name: str, value: str) -> QuerySet[Module]:
        words = value.strip()
        if not words:
            return queryset
        if full_text_search():
            query = words_query(words)
            # The stored, GIN-indexed vector (`courses.search`); filter on the match itself
            # (ts_rank gives non-matches a tiny non-zero rank).
            return (
                queryset.filter(search_vector=query)
                .annotate(rank=SearchRank(F("search_vector"), query))
                .order_by("-rank", "title")
            )
        for word in _words(words):
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(search_text__icontains=word)
            )
        return queryset

    def for_grade_band(self, queryset: QuerySet[Module], name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(grade_bands_key__contains=f",{value},") | Q(grade_bands_key__contains=",all,")
        )

    def for_subject(self, queryset: QuerySet[Module], name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(subjects_key__contains=f",{value},") | Q(subjects_key__contains=",general,")
        )


class LibraryPageFilter(ModuleLibraryFilter):
    """The library page's form: the API's filters and a "15 minutes or less" box."""

    quick = django_filters.BooleanFilter(
        method="quick_only",
        label=_("15 minutes or less"),
        widget=forms.CheckboxInput,
    )

    def quick_only(self, queryset: QuerySet[Module], name: str, value: bool) -> QuerySet:
        return queryset.filter(minutes__lte=QUICK_MINUTES) if value else queryset

    @property
    def is_filtered(self) -> bool:
        """Whether any search word or filter is set (and the input is valid)."""
        return self.is_valid() and any(self.form.cleaned_data.values())


class ExemplarLibraryFilter(django_filters.FilterSet):
    """The exemplar library: words, grade band, subject, standard."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    grade_band = django_filters.ChoiceFilter(
        choices=GradeBand.choices, label=_("Grade band"), empty_label=_("Any grade band")
    )
    subject = django_filters.ChoiceFilter(
        choices=Subject.choices, label=_("Subject"), empty_label=_("Any subject")
    )
    competency = django_filters.UUIDFilter(
        field_name="standards__public_id", label=_("Standard or competency")
    )

    class Meta:
        model = Exemplar
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, standards=(), **kwargs) -> None:
        super().__init__(data, queryset, **kwargs)
        if standards:
            self.form.fields["competency"].widget = forms.Select(choices=standards)

    def search(self, queryset: QuerySet[Exemplar], name: str, value: str) -> QuerySet[Exemplar]:
        for word in _words(value):
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(lesson_flow__icontains=word)
                | Q(pedagogical_value__icontains=word)
            )
        return queryset
