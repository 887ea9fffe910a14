"""Reads for pathways, scoped to who is asking.

Requirement trees are loaded in one query (every row of the pathways wanted, with
their badges) and evaluated in memory by `pathways.trees`, so a page showing any
number of pathways and badges costs the same few queries.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Membership, User
from accounts.scopes import administered_q
from badges import permissions as badge_permissions
from badges.models import Assertion, BadgeClass
from badges.selectors import badge_classes_managed_by

from . import permissions
from .models import BulkAwardJob, Pathway, PathwayAlert, PathwayRequirement
from .trees import Node, Progress, Row, build_tree, edges, evaluate, touching

# Who manages what --------------------------------------------------------------------


def pathways_managed_by(*, user: User) -> QuerySet[Pathway]:
    return (
        permissions.pathways.queryset(user, "manage")
        .select_related("issuer__organization", "badge_class")
        .order_by("name")
    )


def pathway_for_builder(*, user: User, public_id: uuid.UUID) -> Pathway | None:
    """A pathway `user` may build, or None (the page answers 404)."""
    return pathways_managed_by(user=user).filter(public_id=public_id).first()


def badge_classes_for_builder(*, user: User) -> QuerySet[BadgeClass]:
    """Badges a builder may put into a pathway: those of the issuers they manage."""
    return badge_classes_managed_by(user=user)


# Trees --------------------------------------------------------------------------------


@dataclass
class PathwayTree:
    pathway: Pathway
    root: Node | None
    requirements: dict[int, PathwayRequirement] = field(default_factory=dict)


def _row(req: PathwayRequirement) -> Row:
    if req.kind == PathwayRequirement.Kind.BADGE:
        badge_id, label = req.badge_class_id, req.badge_class.name
    elif req.kind == PathwayRequirement.Kind.PATHWAY:
        badge_id, label = req.nested_pathway.badge_class_id, req.nested_pathway.name
    else:
        badge_id, label = None, req.label
    return Row(
        id=req.pk,
        parent_id=req.parent_id,
        kind=req.kind,
        position=req.position,
        n=req.n,
        badge_class_id=badge_id,
        nested_pathway_id=req.nested_pathway_id,
        label=label,
        public_id=str(req.public_id),
    )


def pathway_trees(
    *,
    statuses: Collection[str] = (Pathway.Status.ACTIVE,),
    pathway_ids: Iterable[int] | None = None,
) -> dict[int, PathwayTree]:
    """Every requirement tree of the pathways wanted, in one query. Pathways without any
    requirement are left out (they can be met by no one)."""
    qs = PathwayRequirement.objects.filter(pathway__status__in=list(statuses)).select_related(
        "pathway__badge_class", "pathway__issuer", "badge_class", "nested_pathway"
    )
    if pathway_ids is not None:
        qs = qs.filter(pathway_id__in=list(pathway_ids))
    rows: dict[int, list[PathwayRequirement]] = defaultdict(list)
    found: dict[int, Pathway] = {}
    for req in qs.order_by("pathway_id", "position", "pk"):
        rows[req.pathway_id].append(req)
        found.setdefault(req.pathway_id, req.pathway)
    return {
        pid: PathwayTree(
            pathway=found[pid],
            root=build_tree(_row(r) for r in reqs),
            requirements={r.pk: r for r in reqs},
        )
        for pid, reqs in rows.items()
    }


def roots_of(*, trees: dict[int, PathwayTree]) -> dict[int, Node]:
    return {pid: t.root for pid, t in trees.items() if t.root is not None}


def pathway_graph() -> dict[int, set[int]]:
    """Which pathway contains which (every status), for refusing cycles."""
    trees = pathway_trees(statuses=list(Pathway.Status.values))
    of_badge = dict(Pathway.objects.values_list("badge_class_id", "pk"))
    return edges(roots_of(trees=trees), of_badge)


# An earner's pathways ----------------------------------------------------------------


def earner_assertions(*, earner: User) -> list[Assertion]:
    """The earner's assertions (revoked ones too, renewed ones not), with badge names."""
    return list(
        Assertion.objects.filter(recipient=earner, superseded_at__isnull=True)
        .select_related("badge_class")
        .order_by("issued_on", "pk")
    )


def current_by_badge(*, assertions: Iterable[Assertion]) -> dict[int, Assertion]:
    """Badge class id → the assertion the earner holds now (not revoked, not expired)."""
    now = timezone.now()
    return {
        a.badge_class_id: a
        for a in assertions
        if a.revoked_at is None and a.superseded_at is None and not a.is_expired(now)
    }


@dataclass(frozen=True)
class PathwayProgressRow:
    pathway: Pathway
    progress: Progress
    holds_badge: bool
    next_steps: list[Node]

    @property
    def complete(self) -> bool:
        return self.holds_badge or self.progress.met


def pathway_progress_for(*, user: User) -> list[PathwayProgressRow]:
    """Every active pathway `user` has started (or holds the badge of), with progress.

    Two queries whatever the number of badges and pathways: the earner's assertions,
    and the requirement rows of all active pathways.
    """
    held = current_by_badge(assertions=earner_assertions(earner=user))
    trees = pathway_trees()
    roots = roots_of(trees=trees)
    started = touching(roots, held.keys())
    rows = []
    for pid, tree in trees.items():
        if tree.root is None:
            continue
        holds = tree.pathway.badge_class_id in held
        if pid not in started and not holds:
            continue
        progress = evaluate(tree.root, held.keys(), roots, frozenset({pid}))
        rows.append(
            PathwayProgressRow(
                pathway=tree.pathway,
                progress=progress,
                holds_badge=holds,
                next_steps=[] if holds else progress.next_steps(),
            )
        )
    rows.sort(key=lambda r: (r.complete, r.pathway.name))
    return rows


# Alerts -------------------------------------------------------------------------------


def open_alerts_for(*, user: User) -> QuerySet[PathwayAlert]:
    """Open alerts of the pathways `user` manages, oldest first."""
    return (
        permissions.alerts.queryset(user, "resolve")
        .filter(resolved_at__isnull=True)
        .select_related(
            "pathway__badge_class",
            "earner",
            "pathway_assertion",
            "revoked_assertion__badge_class",
        )
        .order_by("created_at", "pk")
    )


def alert_for_admin(*, user: User, public_id: uuid.UUID) -> PathwayAlert | None:
    return (
        permissions.alerts.queryset(user, "resolve")
        .select_related("pathway__issuer__organization", "pathway_assertion__badge_class__issuer")
        .filter(public_id=public_id)
        .first()
    )


# The console: awarding and revoking -------------------------------------------------

PEOPLE_SEARCH_LIMIT = 20


def badge_classes_awardable_by(*, user: User) -> QuerySet[BadgeClass]:
    """Active badges `user` may award (asked of `badges.permissions`)."""
    return (
        badge_permissions.badge_classes.queryset(user, "award")
        .filter(status=BadgeClass.Status.ACTIVE)
        .select_related("issuer")
        .order_by("name", "pk")
    )


def people_administered_by(*, user: User) -> QuerySet[User]:
    """Active people with a membership in an organization `user` administers: those the
    console's award form may name. A superuser too sees only their organizations'
    people there (another district's are awarded by its admins, or by CSV)."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    people = User.objects.filter(is_active=True)
    in_scope = Membership.objects.filter(user=OuterRef("pk")).filter(
        administered_q(user, "organization")
    )
    return people.filter(Exists(in_scope))


def people_search(*, user: User, query: str, limit: int = PEOPLE_SEARCH_LIMIT) -> list[User]:
    """At most `limit` people `user` administers whose name or e-mail contains `query`
    (two characters at least), by name."""
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        people_administered_by(user=user)
        .filter(Q(name__icontains=query) | Q(email__icontains=query))
        .order_by("name", "email")[:limit]
    )


def bulk_jobs_for(*, user: User) -> QuerySet[BulkAwardJob]:
    """Bulk-award jobs for the badges `user` may award, newest first (the lines are
    not loaded)."""
    return (
        permissions.bulk_award_jobs.queryset(user, "manage")
        .select_related("badge_class", "actor")
        .defer("lines")
        .order_by("-created_at", "-pk")
    )


def bulk_job_for(*, user: User, public_id: uuid.UUID) -> BulkAwardJob | None:
    """One job `user` may see, with its lines, or None (the page answers 404)."""
    return (
        permissions.bulk_award_jobs.queryset(user, "manage")
        .select_related("badge_class__issuer", "actor")
        .filter(public_id=public_id)
        .first()
    )


def revocations_for(*, user: User) -> QuerySet[Assertion]:
    """Revoked badges of the issuers `user` awards for, latest first."""
    return (
        badge_permissions.assertions.queryset(user, "revoke")
        .filter(revoked_at__isnull=False)
        .select_related("badge_class", "recipient", "revoked_by")
        .order_by("-revoked_at", "-pk")
    )


def revocable_for(*, user: User, query: str, limit: int = PEOPLE_SEARCH_LIMIT) -> list[Assertion]:
    """At most `limit` badges held now (not revoked) that `user` may revoke, whose
    earner's name or e-mail or the badge's name contains `query` (two characters at
    least)."""
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        badge_permissions.assertions.queryset(user, "revoke")
        .filter(revoked_at__isnull=True, superseded_at__isnull=True)
        .filter(
            Q(recipient__name__icontains=query)
            | Q(recipient__email__icontains=query)
            | Q(recipient_email__icontains=query)  # awards to an address not claimed yet
            | Q(badge_class__name__icontains=query)
        )
        .select_related("badge_class", "recipient")
        .order_by("recipient__name", "badge_class__name", "pk")[:limit]
    )


def revocable_assertion_for(*, user: User, public_id: uuid.UUID) -> Assertion | None:
    """A badge `user` may revoke, not revoked yet, or None (the page answers 404)."""
    return (
        badge_permissions.assertions.queryset(user, "revoke")
        .filter(public_id=public_id, revoked_at__isnull=True)
        .select_related("badge_class__issuer", "recipient")
        .first()
    )


def names_of_people_administered(*, user: User, emails: Collection[str]) -> dict[str, str]:
    """Lower-cased e-mail → name, for those of `emails` whose owner `user` administers
    (a bulk preview names only them; other addresses show as given)."""
    if not emails:
        return {}
    rows = (
        people_administered_by(user=user)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=list(emails))
        .values_list("email_lower", "name")
    )
    return {email: name for email, name in rows if name}


# Activation: who would be awarded (nothing written) ---------------------------------

# Apps above pathways say when a badge is also awarded another way (evidence: its own
# approval policy), from their `ready()`; the activation page shows each warning.
AwardWarning = Callable[[BadgeClass], "str | None"]
_AWARD_WARNINGS: list[AwardWarning] = []


def register_award_warning(check: AwardWarning) -> None:
    if check not in _AWARD_WARNINGS:
        _AWARD_WARNINGS.append(check)


def pathway_completer_ids(*, pathway: Pathway) -> list[int]:
    """Active people who complete `pathway` now and do not hold its badge (two queries)."""
    tree = pathway_trees(statuses=Pathway.Status.values, pathway_ids=[pathway.pk]).get(pathway.pk)
    if tree is None or tree.root is None:
        return []
    held: dict[int, set[int]] = defaultdict(set)
    for recipient_id, badge_id in Assertion.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()),
        badge_class_id__in={leaf.badge_class_id for leaf in tree.root.leaves()}
        | {pathway.badge_class_id},
        revoked_at__isnull=True,
        superseded_at__isnull=True,
        recipient__is_active=True,
    ).values_list("recipient_id", "badge_class_id"):
        held[recipient_id].add(badge_id)
    return sorted(
        rid
        for rid, badges in held.items()
        if pathway.badge_class_id not in badges and evaluate(tree.root, badges).met
    )


@dataclass(frozen=True)
class ActivationPreview:
    pathway: Pathway
    count: int
    page: Page  # of the people awarded, by name
    warnings: list[str]


def activation_preview(*, user: User, public_id: uuid.UUID, page: int | str = 1):
    """Who activating a pathway `user` builds would award now, or None (404)."""
    pathway = pathway_for_builder(user=user, public_id=public_id)
    if pathway is None:
        return None
    ids = pathway_completer_ids(pathway=pathway)
    people = User.objects.filter(pk__in=ids).order_by("name", "email", "pk")
    paginator = Paginator(people.only("name", "email"), 50)
    paginator.count = len(ids)  # known: no COUNT query
    warnings = [w for check in _AWARD_WARNINGS if (w := check(pathway.badge_class))]
    return ActivationPreview(pathway, len(ids), paginator.get_page(page), warnings)
