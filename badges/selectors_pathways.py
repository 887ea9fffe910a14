"""Reads for pathways, credit agreements and endorsements, scoped to who is asking.

Requirement trees are loaded in one query (every row of the pathways wanted, with
their badges) and evaluated in memory by `badges.pathways`, so a page showing any
number of pathways and badges costs the same few queries.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Membership, Organization, User

from . import pathways
from .models import (
    Assertion,
    BadgeClass,
    CreditAgreement,
    Endorsement,
    Issuer,
    Pathway,
    PathwayAlert,
    PathwayRequirement,
)

# Organizations that endorse badges (and get an Open Badges profile to do it).
ENDORSER_KINDS = (Organization.Kind.EMPLOYER, Organization.Kind.ASSOCIATION)

# Who manages what --------------------------------------------------------------------


def admin_org_ids(user: User) -> set[int]:
    """Organizations where `user` is an admin (a district, college, employer…)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values_list(
            "organization_id", flat=True
        )
    )


def _org_managed_q(user: User, prefix: str, org_ids: set[int] | None = None) -> Q:
    """Rows whose organization (at `prefix`) `user` administers as a district admin:
    the organization itself, or a school of their district (as `is_district_admin`)."""
    if user.is_superuser and user.is_active:
        return Q()
    ids = admin_org_ids(user) if org_ids is None else org_ids
    return Q(**{f"{prefix}_id__in": ids}) | Q(
        **{f"{prefix}__kind": Organization.Kind.SCHOOL, f"{prefix}__parent_id__in": ids}
    )


def issuers_managed_by(user: User) -> QuerySet[Issuer]:
    """Issuers whose badges and pathways `user` manages (district admins)."""
    if not user.is_authenticated or not user.is_active:
        return Issuer.objects.none()
    return (
        Issuer.objects.filter(_org_managed_q(user, "organization"))
        .exclude(organization__kind__in=ENDORSER_KINDS)
        .select_related("organization")
        .order_by("name")
    )


def pathways_managed_by(user: User) -> QuerySet[Pathway]:
    if not user.is_authenticated or not user.is_active:
        return Pathway.objects.none()
    return (
        Pathway.objects.filter(_org_managed_q(user, "issuer__organization"))
        .select_related("issuer__organization", "badge_class")
        .order_by("name")
    )


def pathway_for_builder(user: User, public_id: uuid.UUID) -> Pathway | None:
    """A pathway `user` may build, or None (the page answers 404)."""
    return pathways_managed_by(user).filter(public_id=public_id).first()


def badge_classes_for_builder(user: User) -> QuerySet[BadgeClass]:
    """Badges a builder may put into a pathway: those of the issuers they manage."""
    return (
        BadgeClass.objects.filter(issuer__in=issuers_managed_by(user))
        .exclude(status=BadgeClass.Status.ARCHIVED)
        .select_related("issuer")
        .order_by("name")
    )


# Trees --------------------------------------------------------------------------------


@dataclass
class PathwayTree:
    pathway: Pathway
    root: pathways.Node | None
    requirements: dict[int, PathwayRequirement] = field(default_factory=dict)


def _row(req: PathwayRequirement) -> pathways.Row:
    if req.kind == PathwayRequirement.Kind.BADGE:
        badge_id, label = req.badge_class_id, req.badge_class.name
    elif req.kind == PathwayRequirement.Kind.PATHWAY:
        badge_id, label = req.nested_pathway.badge_class_id, req.nested_pathway.name
    else:
        badge_id, label = None, req.label
    return pathways.Row(
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
            root=pathways.build_tree(_row(r) for r in reqs),
            requirements={r.pk: r for r in reqs},
        )
        for pid, reqs in rows.items()
    }


def roots_of(trees: dict[int, PathwayTree]) -> dict[int, pathways.Node]:
    return {pid: t.root for pid, t in trees.items() if t.root is not None}


def pathway_graph() -> dict[int, set[int]]:
    """Which pathway contains which (every status), for refusing cycles."""
    trees = pathway_trees(statuses=list(Pathway.Status.values))
    of_badge = dict(Pathway.objects.values_list("badge_class_id", "pk"))
    return pathways.edges(roots_of(trees), of_badge)


# An earner's pathways ----------------------------------------------------------------


def earner_assertions(earner: User) -> list[Assertion]:
    """The earner's assertions (revoked ones too, renewed ones not), with badge names."""
    return list(
        Assertion.objects.filter(recipient=earner, superseded_at__isnull=True)
        .select_related("badge_class")
        .order_by("issued_on", "pk")
    )


def current_by_badge(assertions: Iterable[Assertion]) -> dict[int, Assertion]:
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
    progress: pathways.Progress
    holds_badge: bool
    next_steps: list[pathways.Node]

    @property
    def complete(self) -> bool:
        return self.holds_badge or self.progress.met


def pathway_progress_for(user: User) -> list[PathwayProgressRow]:
    """Every active pathway `user` has started (or holds the badge of), with progress.

    Two queries whatever the number of badges and pathways: the earner's assertions,
    and the requirement rows of all active pathways.
    """
    held = current_by_badge(earner_assertions(user))
    trees = pathway_trees()
    roots = roots_of(trees)
    started = pathways.touching(roots, held.keys())
    rows = []
    for pid, tree in trees.items():
        if tree.root is None:
            continue
        holds = tree.pathway.badge_class_id in held
        if pid not in started and not holds:
            continue
        progress = pathways.evaluate(tree.root, held.keys(), roots, frozenset({pid}))
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


def open_alerts_for(user: User) -> QuerySet[PathwayAlert]:
    """Open alerts of the pathways `user` manages, oldest first."""
    return (
        PathwayAlert.objects.filter(
            resolved_at__isnull=True, pathway__in=pathways_managed_by(user).values("pk")
        )
        .select_related(
            "pathway__badge_class",
            "earner",
            "pathway_assertion",
            "revoked_assertion__badge_class",
        )
        .order_by("created_at", "pk")
    )


def alert_for_admin(user: User, public_id: uuid.UUID) -> PathwayAlert | None:
    return (
        PathwayAlert.objects.filter(pathway__in=pathways_managed_by(user).values("pk"))
        .select_related("pathway__issuer__organization", "pathway_assertion__badge_class__issuer")
        .filter(public_id=public_id)
        .first()
    )


# Credit agreements and endorsements ------------------------------------------------


def credit_agreements_in_effect(badge_class: BadgeClass) -> list[CreditAgreement]:
    """Agreements on this badge, or on the pathway it is the badge of, that apply today."""
    return list(
        CreditAgreement.objects.filter(
            Q(badge_class=badge_class) | Q(pathway__badge_class=badge_class),
            status=CreditAgreement.Status.ACTIVE,
            effective_from__lte=timezone.localdate(),
        )
        .select_related("institution")
        .order_by("effective_from", "pk")
    )


def endorsements_of(badge_class: BadgeClass) -> list[Endorsement]:
    return list(
        Endorsement.objects.filter(badge_class=badge_class, status=Endorsement.Status.ACTIVE)
        .select_related("endorser", "issuer")
        .order_by("endorsed_on", "pk")
    )


def endorsement_for_hosting(public_id: uuid.UUID) -> Endorsement | None:
    """A published endorsement (withdrawn ones too: they answer 410). Drafts' are not."""
    return (
        Endorsement.objects.select_related("badge_class", "issuer", "endorser")
        .exclude(badge_class__status=BadgeClass.Status.DRAFT)
        .filter(public_id=public_id)
        .first()
    )


def agreements_managed_by(user: User) -> QuerySet[CreditAgreement]:
    """Agreements of colleges `user` administers, or on badges of issuers they manage."""
    if not user.is_authenticated or not user.is_active:
        return CreditAgreement.objects.none()
    qs = CreditAgreement.objects.select_related("institution", "badge_class", "pathway")
    if user.is_superuser:
        return qs
    ids = admin_org_ids(user)
    return qs.filter(
        Q(institution_id__in=ids)
        | _org_managed_q(user, "badge_class__issuer__organization", ids)
        | _org_managed_q(user, "pathway__issuer__organization", ids)
    )


def endorsements_managed_by(user: User) -> QuerySet[Endorsement]:
    if not user.is_authenticated or not user.is_active:
        return Endorsement.objects.none()
    qs = Endorsement.objects.select_related("endorser", "badge_class")
    if user.is_superuser:
        return qs
    ids = admin_org_ids(user)
    return qs.filter(
        Q(endorser_id__in=ids) | _org_managed_q(user, "badge_class__issuer__organization", ids)
    )


def colleges_for(user: User) -> QuerySet[Organization]:
    """Colleges `user` may record an agreement for: their own, or any if they are a
    district admin (recording what a college signed)."""
    colleges = Organization.objects.filter(kind=Organization.Kind.COLLEGE).order_by("name")
    if user.is_superuser or issuers_managed_by(user).exists():
        return colleges
    return colleges.filter(pk__in=admin_org_ids(user))


def endorsers_for(user: User) -> QuerySet[Organization]:
    """Employers and associations `user` may record an endorsement for (as for colleges)."""
    orgs = Organization.objects.filter(kind__in=ENDORSER_KINDS).order_by("name")
    if user.is_superuser or issuers_managed_by(user).exists():
        return orgs
    return orgs.filter(pk__in=admin_org_ids(user))
