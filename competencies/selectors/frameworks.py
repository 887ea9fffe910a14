"""Reading frameworks: the index, and browsing one by level or by search. Frameworks are
public; every read here makes a fixed number of queries, however many rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from ..models import Competency, CompetencyAssociation, Framework

FRAMEWORKS_PER_PAGE = 25
ENTRIES_PER_PAGE = 50
CHILDREN_SHOWN = 25  # inside each collapsed entry; the rest are a level of their own
MAX_QUERY = 200
MAX_DEPTH = 30  # ancestors walked for the breadcrumb


def _count_of(qs: QuerySet, link: str) -> Coalesce:
    counted = qs.filter(**{link: OuterRef("pk")}).order_by().values(link)
    counted = counted.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def framework_get(*, public_id: uuid.UUID) -> Framework | None:
    return Framework.objects.filter(public_id=public_id).first()


def framework_index(*, query: str = "", page: int | str | None = 1) -> Page:
    """Frameworks by title, each with `competency_count` (current), `retired_count` and
    `association_count`; paginated (three queries at most)."""
    qs = Framework.objects.annotate(
        competency_count=_count_of(Competency.objects.current(), "framework"),
        retired_count=_count_of(Competency.objects.filter(retired_at__isnull=False), "framework"),
        association_count=_count_of(CompetencyAssociation.objects.all(), "framework"),
    ).order_by("title", "pk")
    query = query.strip()[:MAX_QUERY]
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(creator__icontains=query))
    return Paginator(qs, FRAMEWORKS_PER_PAGE).get_page(page)


@dataclass(frozen=True)
class BrowseEntry:
    """One competency of the level shown, with the first of its children."""

    competency: Competency  # annotated with child_count
    children: list[Competency] = field(default_factory=list)  # annotated with child_count

    @property
    def more_children(self) -> int:
        return max(self.competency.child_count - len(self.children), 0)


@dataclass(frozen=True)
class FrameworkBrowse:
    framework: Framework
    within: Competency | None  # the level shown: its children (None: the top level)
    ancestors: list[Competency]  # from the top down to `within`'s parent
    query: str  # a search instead of a level, when not empty
    page: Page
    entries: list[BrowseEntry]  # the level's entries (empty for a search)
    total: int  # current competencies in the framework


def _children_counted(qs: QuerySet) -> QuerySet:
    return qs.annotate(child_count=_count_of(Competency.objects.all(), "parent"))


def framework_browse(
    *,
    framework: Framework,
    within: uuid.UUID | None = None,
    query: str = "",
    page: int | str | None = 1,
) -> FrameworkBrowse | None:
    """One level of the framework (its top level, or the children of `within`), or the
    competencies whose code or statement contains `query`; paginated. None when
    `within` is not a competency of this framework."""
    order = ["list_order", "code", "pk"]
    query = query.strip()[:MAX_QUERY]
    total = Competency.objects.current().filter(framework=framework).count()
    level: Competency | None = None
    ancestors: list[Competency] = []
    if within is not None:
        level = (
            Competency.objects.select_related("parent").filter(
                framework=framework, public_id=within
            )
        ).first()
        if level is None:
            return None
        ancestors = _ancestors(level)
    if query:
        found = Competency.objects.filter(framework=framework).filter(
            Q(code__icontains=query) | Q(statement__icontains=query)
        )
        found = found.select_related("parent").order_by(*order)
        return FrameworkBrowse(
            framework=framework,
            within=None,
            ancestors=[],
            query=query,
            page=Paginator(found, ENTRIES_PER_PAGE).get_page(page),
            entries=[],
            total=total,
        )
    rows = _children_counted(
        Competency.objects.filter(framework=framework, parent=level).order_by(*order)
    )
    shown = Paginator(rows, ENTRIES_PER_PAGE).get_page(page)
    ids = [c.pk for c in shown.object_list]
    kids: dict[int, list[Competency]] = {pk: [] for pk in ids}
    if ids:
        first = _children_counted(
            Competency.objects.filter(parent_id__in=ids).annotate(
                rank=Window(RowNumber(), partition_by=[F("parent_id")], order_by=order)
            )
        ).filter(rank__lte=CHILDREN_SHOWN)
        for child in first.order_by("parent_id", *order):
            kids[child.parent_id].append(child)
    return FrameworkBrowse(
        framework=framework,
        within=level,
        ancestors=ancestors,
        query="",
        page=shown,
        entries=[BrowseEntry(competency=c, children=kids[c.pk]) for c in shown.object_list],
        total=total,
    )


def _ancestors(competency: Competency) -> list[Competency]:
    """Its parents from the top down (one query per level, at most MAX_DEPTH)."""
    found: list[Competency] = []
    seen = {competency.pk}
    node = competency.parent
    while node is not None and node.pk not in seen and len(found) < MAX_DEPTH:
        found.append(node)
        seen.add(node.pk)
        node = Competency.objects.filter(pk=node.parent_id).first() if node.parent_id else None
    return found[::-1]
