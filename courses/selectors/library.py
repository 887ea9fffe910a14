"""The module library: published modules, searched and filtered (`courses.filters`),
with the learner's status on each; what has been assigned to them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from competencies.models import Competency

from .. import permissions
from ..filters import LibraryPageFilter
from ..models import Enrollment, GradeBand, Module, ModuleAssignment, Subject

NOT_STARTED, IN_PROGRESS, FINISHED = "not-started", "in-progress", "finished"
STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    FINISHED: _("Finished"),
}


def module_url(public_id: uuid.UUID) -> str:
    return reverse("courses:module-detail", kwargs={"public_id": public_id})


def labels(values: list[str], choices: type[GradeBand] | type[Subject]) -> list[str]:
    """Grade bands or subjects by their names (unknown values left out)."""
    return [str(choices(v).label) for v in values if v in choices.values]


def library_modules(*, user: User) -> QuerySet[Module]:
    """The published module versions `user` may find in the library, by title."""
    return permissions.modules.queryset(user, "browse").order_by("title")


def with_library_facts(*, modules: QuerySet[Module]) -> QuerySet[Module]:
    """What every library list shows: the organization, the number of steps."""
    return modules.select_related("organization").annotate(step_count=Count("steps", distinct=True))


def competencies_in_use(**lookup: Any) -> list[Competency]:
    """Competencies for a filter <select>: only those something published is aligned to."""
    return list(
        Competency.objects.filter(**lookup)
        .select_related("framework")
        .distinct()
        .order_by("framework__title", "list_order", "code", "pk")
    )


@dataclass(frozen=True)
class LibraryRow:
    """A module in the library, with where the learner is in it."""

    module: Module
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def url(self) -> str:
        return module_url(self.module.public_id)

    @property
    def competencies(self) -> list[Competency]:
        return list(self.module.competencies.all())

    @property
    def grade_bands(self) -> list[str]:
        return labels(self.module.grade_bands, GradeBand)

    @property
    def subjects(self) -> list[str]:
        return labels(self.module.subjects, Subject)


@dataclass(frozen=True)
class LibrarySearch:
    """The library page's search: its filters, and the modules they find."""

    filterset: LibraryPageFilter
    modules: QuerySet[Module]

    @property
    def filtered(self) -> bool:
        return self.filterset.is_filtered


def library_search(*, user: User, data: Any, competencies: list | tuple = ()) -> LibrarySearch:
    """Published modules matching `data` (the page's query parameters), best match
    first; input that is not valid searches with no filters. `competencies`: the
    competency choices the page offers."""
    everything = library_modules(user=user)
    filterset = LibraryPageFilter(data, everything, competencies=competencies)
    found = filterset.qs if filterset.is_valid() else everything
    modules = with_library_facts(modules=found).prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("code", "pk"))
    )
    return LibrarySearch(filterset=filterset, modules=modules)


def learner_status(*, started: bool, finished: bool) -> str:
    """Where a learner is in a module: not started, in progress, finished."""
    return FINISHED if finished else IN_PROGRESS if started else NOT_STARTED


def library_rows(*, user: User, modules: list[Module]) -> list[LibraryRow]:
    """`modules` with the learner's status on each, in one query."""
    enrolled = dict(
        Enrollment.objects.filter(learner=user, family__in=[m.family for m in modules]).values_list(
            "family", "completed_at"
        )
    )
    return [
        LibraryRow(
            module=m,
            status=learner_status(
                started=m.family in enrolled, finished=enrolled.get(m.family) is not None
            ),
        )
        for m in modules
    ]


# Assigned to me ------------------------------------------------------------------------


def assigned_to(*, user: User) -> QuerySet[ModuleAssignment]:
    """Assignments that reach `user` (their school, a section they teach, their
    cohorts), earliest due first, with whether they started and finished the module."""
    mine = Enrollment.objects.filter(learner=user, family=OuterRef("family"))
    return (
        permissions.assignments.queryset(user, "take")
        .select_related("module", "assigned_by")
        .annotate(
            started=Exists(mine),
            finished=Exists(mine.filter(completed_at__isnull=False)),
        )
        .order_by("due_on", "-created_at")
    )


@dataclass(frozen=True)
class AssignedModule:
    """A module assigned to the learner, linked to the version they may open (`target`,
    a module's public id): their own, or the one published now."""

    assignment: ModuleAssignment
    target: uuid.UUID | None
    status: str

    @property
    def title(self) -> str:
        return self.assignment.module.title

    @property
    def url(self) -> str:
        return module_url(self.target) if self.target else ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def assigned_modules(*, user: User) -> list[AssignedModule]:
    """One row per module assigned to `user` (its earliest due assignment); a retired
    module with no newer version is left out unless they started it."""
    assignments, seen = [], set()
    for a in assigned_to(user=user):
        if a.family not in seen:
            seen.add(a.family)
            assignments.append(a)
    stale = {a.family for a in assignments if a.module.status != Module.Status.PUBLISHED}
    current = (
        dict(library_modules(user=user).filter(family__in=stale).values_list("family", "public_id"))
        if stale
        else {}
    )
    rows = []
    for a in assignments:
        target = a.module.public_id if a.family not in stale else current.get(a.family)
        if target is None and not a.started:
            continue  # retired with no newer version: nothing to open
        status = learner_status(started=a.started, finished=a.finished)
        rows.append(AssignedModule(assignment=a, target=target, status=status))
    return rows
