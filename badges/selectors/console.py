"""Reads for the console's issuer and badge-class pages, scoped by the access policies
(`badges.permissions.issuers` and `badge_classes`, action "manage"). Lists are
paginated by the pages; searches are bounded here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts import scopes
from accounts.models import Section, User
from competencies.models import Competency, Framework

from .. import permissions
from ..models import BadgeClass, CurriculumLink, Issuer, IssuerKey

# A search shows at most this many matches; the page says to narrow it when it hits.
SEARCH_LIMIT = 50


def issuers_for_console(*, user: User) -> QuerySet[Issuer]:
    """Issuers `user` manages, each with its number of badge classes, by name."""
    return (
        permissions.issuers.queryset(user, "manage")
        .select_related("organization")
        .annotate(badge_count=Count("badge_classes"))
        .order_by("name", "pk")
    )


def issuers_awarding_for(*, user: User) -> QuerySet[Issuer]:
    """The issuers `user` may make badge classes for: those they manage, but never an
    employer's or an association's profile (they endorse; a superuser sees those too)."""
    return issuers_for_console(user=user).exclude(organization__kind__in=permissions.ENDORSER_KINDS)


def issuer_for_console(*, user: User, public_id: uuid.UUID) -> Issuer | None:
    return (
        permissions.issuers.queryset(user, "manage")
        .select_related("organization")
        .filter(public_id=public_id)
        .first()
    )


@dataclass(frozen=True)
class KeyStatus:
    """An issuer's Open Badges 3.0 signing keys: the one in use and how many retired."""

    active: IssuerKey | None
    retired: int
    may_rotate: bool


def issuer_key_status(*, user: User, issuer: Issuer) -> KeyStatus:
    keys = list(IssuerKey.objects.filter(issuer=issuer).order_by("created_at", "pk"))
    active = next((k for k in keys if k.retired_at is None), None)
    return KeyStatus(
        active=active,
        retired=sum(1 for k in keys if k.retired_at is not None),
        may_rotate=permissions.can_rotate_signing_key(user, issuer),
    )


def badge_classes_for_console(
    *,
    user: User,
    status: str = "",
    issuer: Issuer | None = None,
    query: str = "",
) -> QuerySet[BadgeClass]:
    """Badge classes `user` manages (archived ones too), narrowed by status, issuer and a
    search of name, slug and description; by name."""
    found = permissions.badge_classes.queryset(user, "manage").select_related("issuer")
    if status:
        found = found.filter(status=status)
    if issuer is not None:
        found = found.filter(issuer=issuer)
    if query:
        found = found.filter(
            Q(name__icontains=query) | Q(slug__icontains=query) | Q(description__icontains=query)
        )
    return found.order_by("name", "pk")


def badge_class_for_console(*, user: User, public_id: uuid.UUID) -> BadgeClass | None:
    return (
        permissions.badge_classes.queryset(user, "manage")
        .select_related("issuer__organization", "cte_competency")
        .filter(public_id=public_id)
        .first()
    )


def alignments_of(*, badge_class: BadgeClass) -> list[Competency]:
    return list(
        badge_class.alignments.select_related("framework").order_by(
            "framework__title", "list_order", "code", "pk"
        )
    )


def frameworks_for_alignment() -> list[Framework]:
    """Every framework (they are public), by title."""
    return list(Framework.objects.order_by("title", "pk"))


def competencies_matching(
    *, framework: Framework, query: str = ""
) -> tuple[list[Competency], bool]:
    """Up to SEARCH_LIMIT competencies of `framework` whose code or statement contains
    `query` (all of them without one), in the framework's order; and whether there
    were more."""
    found = Competency.objects.filter(framework=framework)
    if query:
        found = found.filter(Q(code__icontains=query) | Q(statement__icontains=query))
    rows = list(found.order_by("list_order", "code", "pk")[: SEARCH_LIMIT + 1])
    return rows[:SEARCH_LIMIT], len(rows) > SEARCH_LIMIT


def curriculum_of(*, badge_class: BadgeClass) -> list[CurriculumLink]:
    return list(
        CurriculumLink.objects.filter(badge_class=badge_class)
        .select_related("section__school")
        .order_by("kind", "value", "pk")
    )


def sections_for_badge(*, badge_class: BadgeClass, query: str = "") -> tuple[list[Section], bool]:
    """Sections at schools of the badge issuer's district a badge may be linked to:
    up to SEARCH_LIMIT, matching `query` by name, code, course code or subject."""
    home = scopes.organizations_in_home_of(badge_class.issuer.organization)
    found = Section.objects.filter(school__in=home).select_related("school")
    if query:
        found = found.filter(
            Q(name__icontains=query)
            | Q(code__icontains=query)
            | Q(course_code__icontains=query)
            | Q(subject__icontains=query)
        )
    rows = list(found.order_by("school__name", "name", "pk")[: SEARCH_LIMIT + 1])
    return rows[:SEARCH_LIMIT], len(rows) > SEARCH_LIMIT
