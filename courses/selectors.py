"""Reads for courses, scoped to the person asking; the library search."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import Membership, Organization, Section, User

from . import permissions
from .models import (
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


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    competency: str = ""  # competency public id
    grade_band: str = ""
    subject: str = ""
    format: str = ""
    max_minutes: int | None = None  # "15 minutes or less" is max_minutes=15
    extra: dict = field(default_factory=dict)


def module_search(user: User, filters: LibraryFilters) -> QuerySet[Module]:
    """Published modules matching the words and filters, best match first.

    PostgreSQL: full-text search (websearch syntax) ranked with title > summary > steps.
    SQLite: every word must appear in the title, summary or steps' text.
    """
    qs = Module.objects.filter(status=Module.Status.PUBLISHED)
    if filters.competency:
        try:
            comp = uuid.UUID(filters.competency)
        except ValueError:
            return Module.objects.none()
        qs = qs.filter(competencies__public_id=comp)
    if filters.grade_band:
        qs = qs.filter(
            Q(grade_bands_key__contains=f",{filters.grade_band},")
            | Q(grade_bands_key__contains=",all,")
        )
    if filters.subject:
        qs = qs.filter(
            Q(subjects_key__contains=f",{filters.subject},") | Q(subjects_key__contains=",general,")
        )
    if filters.format:
        qs = qs.filter(format=filters.format)
    if filters.max_minutes:
        qs = qs.filter(minutes__lte=filters.max_minutes)
    words = filters.q.strip()
    if words and connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("search_text", weight="C", config="english")
        )
        query = SearchQuery(words, search_type="websearch", config="english")
        qs = (
            # Filter on the match itself (ts_rank gives non-matches a tiny non-zero rank).
            qs.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "title")
        )
    elif words:
        for word in words.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(search_text__icontains=word)
            )
        qs = qs.order_by("title")
    else:
        qs = qs.order_by("title")
    return qs.select_related("organization").annotate(step_count=Count("steps", distinct=True))


def module_for_learner(user: User, public_id: uuid.UUID) -> Module | None:
    """A module version with its steps and questions, if `user` may see it."""
    module = (
        Module.objects.select_related("organization", "leads_to", "participation_badge", "author")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.prefetch_related(
                    Prefetch("questions", queryset=CheckQuestion.objects.order_by("position", "pk"))
                ).order_by("position", "pk"),
            ),
            "competencies__framework",
        )
        .filter(public_id=public_id)
        .first()
    )
    if module is None:
        return None
    enrolled = Enrollment.objects.filter(learner=user, module=module).exists()
    if not permissions.can_view_module(user, module, enrolled=enrolled):
        return None
    return module


def enrollment_of(user: User, module: Module) -> Enrollment | None:
    return (
        Enrollment.objects.filter(learner=user, family=module.family)
        .select_related("module", "last_step")
        .prefetch_related("progress")
        .first()
    )


def my_learning(user: User) -> QuerySet[Enrollment]:
    """In-progress and finished modules, with progress counts in the same query."""
    return (
        Enrollment.objects.filter(learner=user)
        .select_related("module__leads_to", "last_step")
        .annotate(
            steps_total=Count("module__steps", distinct=True),
            steps_done=Count(
                "progress", filter=Q(progress__completed_at__isnull=False), distinct=True
            ),
        )
        .order_by("completed_at", "-last_active_at")
    )


def assigned_to(user: User) -> QuerySet[ModuleAssignment]:
    """Assignments that reach `user` (their school, a section they teach, their cohorts)."""
    schools = Membership.objects.filter(user=user, role=Membership.Role.TEACHER).values(
        "organization_id"
    )
    return (
        ModuleAssignment.objects.filter(
            Q(school_id__in=schools)
            | Q(
                section_id__in=Section.teachers.through.objects.filter(user=user).values(
                    "section_id"
                )
            )
            | Q(cohort_id__in=Cohort.members.through.objects.filter(user=user).values("cohort_id"))
        )
        .select_related("module")
        .annotate(
            started=Exists(Enrollment.objects.filter(learner=user, family=OuterRef("family"))),
            finished=Exists(
                Enrollment.objects.filter(
                    learner=user, family=OuterRef("family"), completed_at__isnull=False
                )
            ),
        )
        .order_by("due_on", "-created_at")
    )


def assignment_members(assignment: ModuleAssignment) -> QuerySet[User]:
    if assignment.school_id:
        users = User.objects.filter(
            memberships__organization_id=assignment.school_id,
            memberships__role=Membership.Role.TEACHER,
        )
    elif assignment.section_id:
        users = User.objects.filter(sections_taught=assignment.section_id)
    else:
        users = User.objects.filter(cohorts=assignment.cohort_id)
    return users.distinct()


@dataclass(frozen=True)
class AssignmentRow:
    learner: User
    started_at: object
    completed_at: object


def assignment_report(assignment: ModuleAssignment) -> list[AssignmentRow]:
    """Who has started and finished, in two queries whatever the group's size."""
    members = list(assignment_members(assignment).order_by("name", "email"))
    enrollments = {
        e.learner_id: e
        for e in Enrollment.objects.filter(
            family=assignment.family, learner_id__in=[m.pk for m in members]
        )
    }
    return [
        AssignmentRow(
            learner=m,
            started_at=enrollments[m.pk].started_at if m.pk in enrollments else None,
            completed_at=enrollments[m.pk].completed_at if m.pk in enrollments else None,
        )
        for m in members
    ]


def assignments_made_by_district(user: User) -> QuerySet[ModuleAssignment]:
    orgs = Organization.objects.filter(
        Q(memberships__user=user, memberships__role=Membership.Role.ADMIN)
        | Q(parent__memberships__user=user, parent__memberships__role=Membership.Role.ADMIN)
    ).values("pk")
    return (
        ModuleAssignment.objects.filter(module__organization_id__in=orgs)
        .select_related("module", "school", "section", "cohort", "assigned_by")
        .order_by("-created_at")
    )


def modules_authored_visible(user: User) -> QuerySet[Module]:
    """For the authoring screens: every version of modules in orgs `user` may author."""
    return (
        Module.objects.filter(organization_id__in=permissions.authorable_org_ids(user))
        .select_related("organization", "author")
        .order_by("title", "-version")
    )


def exemplar_library(filters: LibraryFilters) -> QuerySet[Exemplar]:
    qs = Exemplar.objects.filter(status=Exemplar.Status.PUBLISHED)
    if filters.grade_band:
        qs = qs.filter(grade_band=filters.grade_band)
    if filters.subject:
        qs = qs.filter(subject=filters.subject)
    if filters.competency:
        try:
            qs = qs.filter(standards__public_id=uuid.UUID(filters.competency))
        except ValueError:
            return Exemplar.objects.none()
    if filters.q.strip():
        for word in filters.q.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(lesson_flow__icontains=word)
                | Q(pedagogical_value__icontains=word)
            )
    return qs.select_related("organization").prefetch_related("standards").order_by("title")


def exemplar_detail(user: User, slug: str) -> Exemplar | None:
    exemplar = (
        Exemplar.objects.select_related("organization", "proposed_by", "published_by")
        .prefetch_related(
            Prefetch("artifacts", queryset=ExemplarArtifact.objects.order_by("position", "pk")),
            "standards__framework",
        )
        .filter(slug=slug)
        .first()
    )
    if exemplar is None:
        return None
    if exemplar.status == Exemplar.Status.PUBLISHED and user.is_authenticated:
        return exemplar
    if exemplar.proposed_by_id == user.pk or permissions.can_author(user, exemplar.organization):
        return exemplar
    return None


def exemplars_to_review(user: User) -> QuerySet[Exemplar]:
    return (
        Exemplar.objects.filter(
            status=Exemplar.Status.PROPOSED,
            organization_id__in=permissions.authorable_org_ids(user),
        )
        .select_related("organization", "proposed_by")
        .order_by("created_at")
    )


def progress_map(enrollment: Enrollment | None) -> dict[int, StepProgress]:
    if enrollment is None:
        return {}
    return {p.step_id: p for p in enrollment.progress.all()}
