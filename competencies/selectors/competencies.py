"""Reading one competency (its children and associations) and choosing competencies to
align a badge to. Public, like frameworks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ..models import Competency, CompetencyAssociation, Framework

CHILDREN_SHOWN = 200
ASSOCIATIONS_SHOWN = 200
CHOICES_SHOWN = 50

# How the page names each CASE association type, read from the competency shown.
OUTGOING = {
    "exactMatchOf": "Exact match of",
    "isRelatedTo": "Related to",
    "isPeerOf": "Peer of",
    "isPartOf": "Part of",
    "precedes": "Comes before",
    "exemplar": "Exemplar",
    "replacedBy": "Replaced by",
    "hasSkillLevel": "Skill level",
    "isTranslationOf": "Translation of",
    "isChildOf": "Also a child of",
}
INCOMING = {
    "exactMatchOf": "Exact match of",
    "isRelatedTo": "Related to",
    "isPeerOf": "Peer of",
    "isPartOf": "Has part",
    "precedes": "Comes after",
    "exemplar": "Exemplar of",
    "replacedBy": "Replaces",
    "hasSkillLevel": "Skill level of",
    "isTranslationOf": "Translated as",
    "isChildOf": "Also the parent of",
}


@dataclass(frozen=True)
class Related:
    """One association as the competency page shows it: its type in words and the other
    end, a competency in Cairn (`competency`) or something outside (`title`, `url`)."""

    association_type: str
    label: str
    competency: Competency | None
    title: str
    url: str  # an http(s) address to link, or ""


@dataclass(frozen=True)
class CompetencyPage:
    competency: Competency
    children: list[Competency]
    more_children: int
    related: list[Related]


def competency_get(*, public_id: uuid.UUID) -> Competency | None:
    return (
        Competency.objects.select_related("framework", "parent").filter(public_id=public_id).first()
    )


def competency_children(*, competency: Competency) -> list[Competency]:
    return list(competency.children.order_by("list_order", "code", "pk")[:CHILDREN_SHOWN])


def competency_page(*, competency: Competency) -> CompetencyPage:
    """Its children (bounded) and its associations both ways (five queries)."""
    children = competency_children(competency=competency)
    more = 0
    if len(children) == CHILDREN_SHOWN:
        more = competency.children.count() - CHILDREN_SHOWN
    outgoing = list(
        CompetencyAssociation.objects.filter(origin=competency).select_related(
            "destination__framework"
        )[:ASSOCIATIONS_SHOWN]
    )
    incoming = list(
        CompetencyAssociation.objects.filter(destination=competency).select_related(
            "origin__framework"
        )[:ASSOCIATIONS_SHOWN]
    )
    # A target outside the package may be a competency of another imported framework.
    outside = {a.destination_identifier for a in outgoing if a.destination_id is None}
    elsewhere = {
        c.case_identifier: c
        for c in Competency.objects.filter(case_identifier__in=outside - {""})
        .exclude(framework_id=competency.framework_id)
        .select_related("framework")
    }
    related = []
    for a in outgoing:
        other = a.destination or elsewhere.get(a.destination_identifier)
        related.append(_related(a, OUTGOING, other))
    related.extend(_related(a, INCOMING, a.origin) for a in incoming)
    return CompetencyPage(
        competency=competency, children=children, more_children=more, related=related
    )


def _related(
    association: CompetencyAssociation, labels: dict[str, str], other: Competency | None
) -> Related:
    uri = association.destination_uri
    return Related(
        association_type=association.association_type,
        label=labels.get(association.association_type, association.association_type),
        competency=other,
        title=association.destination_title or association.destination_identifier or uri,
        url=uri if uri.startswith(("https://", "http://")) else "",
    )


def alignment_choices(
    *, framework: Framework | None = None, query: str = "", limit: int = CHOICES_SHOWN
) -> list[Competency]:
    """Competencies a badge may be aligned to: current ones (never retired), of
    `framework` when given, whose code or statement contains `query`; bounded."""
    qs: QuerySet[Competency] = Competency.objects.current().select_related("framework")
    if framework is not None:
        qs = qs.filter(framework=framework)
    query = query.strip()[:200]
    if query:
        qs = qs.filter(Q(code__icontains=query) | Q(statement__icontains=query))
    return list(qs.order_by("framework__title", "list_order", "code", "pk")[:limit])


def exact_matches(*, competencies: list[Competency]) -> dict[int, list[Competency]]:
    """For each competency, the competencies in Cairn its `exactMatchOf` associations name
    (inside its framework or in another imported one): what an alignment to it also
    meets. Two queries."""
    found = list(
        CompetencyAssociation.objects.filter(
            origin__in=competencies, association_type="exactMatchOf"
        ).select_related("destination")
    )
    outside = {a.destination_identifier for a in found if a.destination_id is None}
    elsewhere: dict[str, list[Competency]] = {}
    for c in Competency.objects.current().filter(case_identifier__in=outside - {""}):
        elsewhere.setdefault(c.case_identifier, []).append(c)
    matches: dict[int, list[Competency]] = {c.pk: [] for c in competencies}
    for a in found:
        targets = [a.destination] if a.destination else elsewhere.get(a.destination_identifier, [])
        matches[a.origin_id].extend(t for t in targets if t.retired_at is None)
    return matches
