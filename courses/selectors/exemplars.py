"""Exemplars: the library (`courses.filters.ExemplarLibraryFilter`), one exemplar with
its artifacts grouped, its files, what waits for review, and the evidence a teacher may
propose as one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from competencies.models import Competency
from evidence.models import Submission

from .. import permissions
from ..filters import ExemplarLibraryFilter
from ..models import Exemplar, ExemplarArtifact

ARTIFACT_GROUPS = [
    (ExemplarArtifact.Kind.VIDEO, _("Annotated video")),
    (ExemplarArtifact.Kind.SLIDES, _("Slides")),
    (ExemplarArtifact.Kind.DOCUMENT, _("Sample documents")),
    (ExemplarArtifact.Kind.FILE, _("Files")),
]


@dataclass(frozen=True)
class ExemplarSearch:
    filterset: ExemplarLibraryFilter
    exemplars: QuerySet[Exemplar]


def exemplar_library(*, user: User, data: Any, standards: list | tuple = ()) -> ExemplarSearch:
    """Published exemplars matching `data` (the page's query parameters), by title;
    input that is not valid searches with no filters."""
    published = (
        permissions.exemplars.queryset(user, "view")
        .filter(status=Exemplar.Status.PUBLISHED)
        .order_by("title")
    )
    filterset = ExemplarLibraryFilter(data, published, standards=standards)
    found = filterset.qs if filterset.is_valid() else published
    return ExemplarSearch(
        filterset=filterset,
        exemplars=found.select_related("organization").prefetch_related("standards"),
    )


def exemplar_detail(*, user: User, slug: str) -> Exemplar | None:
    """An exemplar `user` may see, with its artifacts and standards."""
    return (
        permissions.exemplars.queryset(user, "view")
        .select_related("organization", "proposed_by", "published_by")
        .prefetch_related(
            Prefetch("artifacts", queryset=ExemplarArtifact.objects.order_by("position", "pk")),
            "standards__framework",
        )
        .filter(slug=slug)
        .first()
    )


@dataclass(frozen=True)
class ArtifactGroup:
    kind: str
    heading: str
    artifacts: list[ExemplarArtifact]


@dataclass(frozen=True)
class ExemplarPage:
    exemplar: Exemplar
    standards: list[Competency]
    artifact_groups: list[ArtifactGroup]

    @property
    def published(self) -> bool:
        return self.exemplar.status == Exemplar.Status.PUBLISHED


def exemplar_page(*, user: User, slug: str) -> ExemplarPage | None:
    """An exemplar `user` may see, its artifacts grouped by kind (video, slides,
    documents, files)."""
    exemplar = exemplar_detail(user=user, slug=slug)
    if exemplar is None:
        return None
    artifacts = list(exemplar.artifacts.all())
    groups = [
        ArtifactGroup(kind=kind, heading=str(heading), artifacts=found)
        for kind, heading in ARTIFACT_GROUPS
        if (found := [a for a in artifacts if a.kind == kind])
    ]
    return ExemplarPage(
        exemplar=exemplar, standards=list(exemplar.standards.all()), artifact_groups=groups
    )


def exemplar_file(*, user: User, public_id: uuid.UUID | str) -> ExemplarArtifact | None:
    """An exemplar's file, for whoever may see the exemplar."""
    return (
        ExemplarArtifact.objects.filter(
            public_id=public_id, exemplar__in=permissions.exemplars.queryset(user, "view")
        )
        .exclude(file="")
        .first()
    )


def exemplars_to_review(*, user: User) -> QuerySet[Exemplar]:
    """Proposed exemplars `user` may publish or decline, oldest first."""
    return (
        permissions.exemplars.queryset(user, "review")
        .filter(status=Exemplar.Status.PROPOSED)
        .select_related("organization", "proposed_by")
        .order_by("created_at")
    )


def proposable_submission(*, user: User, public_id: uuid.UUID | str) -> Submission | None:
    """`user`'s own evidence they may propose as an exemplar (once it is approved)."""
    return (
        permissions.exemplar_sources.queryset(user, "propose")
        .select_related("badge_class__issuer__organization")
        .filter(public_id=public_id)
        .first()
    )
