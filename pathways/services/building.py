"""Building pathways: create, add and remove requirements, activate, archive.

Requirements change only while a pathway is a draft; a requirement that would make a
pathway contain itself (at any depth) is refused. Status moves go through
`pathways.workflow.PATHWAY_FLOW`.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from accounts.models import User
from badges import permissions as badge_permissions
from badges.models import BadgeClass
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from .. import selectors as sel
from ..errors import PathwayCycleError, PathwayError
from ..models import Pathway, PathwayRequirement
from ..trees import GROUPS, cycle_through
from ..trees import problems as tree_problems
from ..workflow import PATHWAY_FLOW

Kind = PathwayRequirement.Kind


def pathway_create(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    slug: str,
    name: str,
    description: str = "",
    root_kind: str = Kind.ALL,
    root_n: int | None = None,
    root_label: str = "",
) -> Pathway:
    """A draft pathway awarding `badge_class` (of the same issuer), with its root group."""
    issuer = badge_class.issuer
    if actor is not None and not badge_permissions.can_award(actor, issuer):
        raise Forbidden("You may not build pathways for this issuer.")
    name, slug = (name or "").strip(), (slug or "").strip()
    if not name or not slug:
        raise PathwayError("A pathway needs a name and a slug.")
    if root_kind not in GROUPS:
        raise PathwayError("The top of a pathway must be “all of” or “N of” group.")
    if root_kind == Kind.N_OF and (root_n is None or root_n < 1):
        raise PathwayError("An “N of” group needs N of at least 1.")
    if badge_class.status == BadgeClass.Status.ARCHIVED:
        raise PathwayError(f"“{badge_class.name}” is archived; choose a badge still awarded.")
    taken = Pathway.objects.filter(badge_class=badge_class).first()
    if taken is not None:
        raise PathwayError(f"“{badge_class.name}” is already the badge of “{taken.name}”.")
    if Pathway.objects.filter(slug=slug).exists():
        raise PathwayError(f"A pathway with the slug {slug!r} exists already.")
    try:
        with transaction.atomic():
            pathway = Pathway.objects.create(
                slug=slug,
                name=name,
                description=description,
                issuer=issuer,
                badge_class=badge_class,
                created_by=actor,
            )
            PathwayRequirement.objects.create(
                pathway=pathway,
                kind=root_kind,
                n=root_n if root_kind == Kind.N_OF else None,
                label=root_label.strip(),
            )
            audit_record(
                actor=actor,
                action=AuditAction.PATHWAY_CREATE,
                target=pathway,
                data={"slug": slug, "badge_class": str(badge_class.public_id)},
            )
    except IntegrityError as exc:
        raise PathwayError("That slug or badge was taken a moment ago; try again.") from exc
    return pathway


def _lock_draft(pathway: Pathway) -> Pathway:
    locked = Pathway.objects.select_for_update().select_related("badge_class").get(pk=pathway.pk)
    if locked.status != Pathway.Status.DRAFT:
        raise PathwayError(
            "Only a draft pathway's requirements can change: earners are working towards "
            "this one. Archive it and build a new pathway instead."
        )
    return locked


def _refuse_cycle(pathway: Pathway, child_id: int) -> None:
    graph = sel.pathway_graph()
    loop = cycle_through(graph, pathway.pk, child_id)
    if loop is None:
        return
    names = dict(Pathway.objects.filter(pk__in=loop).values_list("pk", "name"))
    chain = " → ".join(names.get(pk, "?") for pk in loop)
    if len(loop) == 2:
        raise PathwayCycleError(f"A pathway cannot contain itself ({chain}).")
    raise PathwayCycleError(
        f"“{names[child_id]}” already contains “{pathway.name}”, so it cannot be part of it: "
        f"a pathway would contain itself ({chain})."
    )


def pathway_requirement_add(
    *,
    actor: User | None,
    pathway: Pathway,
    parent: PathwayRequirement,
    kind: str,
    n: int | None = None,
    badge_class: BadgeClass | None = None,
    nested_pathway: Pathway | None = None,
    label: str = "",
) -> PathwayRequirement:
    """Add a group, a badge or a nested pathway under `parent` (a group of this draft).

    A nested pathway (or a badge that is some pathway's badge) that contains this
    pathway, at any depth, is refused with `PathwayCycleError`.
    """
    if actor is not None and not permissions.can_manage_pathway(actor, pathway):
        raise Forbidden("You may not change this pathway.")
    if kind not in Kind.values:
        raise PathwayError("Choose what to add: a group, a badge or a pathway.")
    if kind == Kind.N_OF and (n is None or n < 1):
        raise PathwayError("An “N of” group needs N of at least 1.")
    if kind == Kind.BADGE and badge_class is None:
        raise PathwayError("Choose the badge to add.")
    if kind == Kind.PATHWAY and nested_pathway is None:
        raise PathwayError("Choose the pathway to add.")
    with transaction.atomic():
        child_id = None
        if kind == Kind.PATHWAY:
            child_id = nested_pathway.pk
        elif kind == Kind.BADGE:
            child_id = (
                Pathway.objects.filter(badge_class=badge_class).values_list("pk", flat=True).first()
            )
        if child_id is not None:
            # Every edit that links pathways takes every pathway row in one order, so two
            # edits that would close a loop together are checked one after the other.
            list(Pathway.objects.select_for_update().order_by("pk").values_list("pk"))
        locked = _lock_draft(pathway)
        if parent.pathway_id != locked.pk or parent.kind not in GROUPS:
            raise PathwayError("Add requirements to a group of this pathway.")
        if kind == Kind.BADGE and badge_class.pk == locked.badge_class_id:
            raise PathwayCycleError(
                f"“{badge_class.name}” is this pathway's own badge: a pathway cannot contain "
                "itself."
            )
        if child_id is not None:
            _refuse_cycle(locked, child_id)
        siblings = PathwayRequirement.objects.filter(parent=parent)
        if kind == Kind.BADGE and siblings.filter(badge_class=badge_class).exists():
            raise PathwayError(f"“{badge_class.name}” is in this group already.")
        if kind == Kind.PATHWAY and siblings.filter(nested_pathway=nested_pathway).exists():
            raise PathwayError(f"“{nested_pathway.name}” is in this group already.")
        last = siblings.order_by("-position").values_list("position", flat=True).first()
        requirement = PathwayRequirement.objects.create(
            pathway=locked,
            parent=parent,
            kind=kind,
            n=n if kind == Kind.N_OF else None,
            badge_class=badge_class if kind == Kind.BADGE else None,
            nested_pathway=nested_pathway if kind == Kind.PATHWAY else None,
            label=label.strip() if kind in GROUPS else "",
            position=0 if last is None else last + 1,
        )
        audit_record(
            actor=actor,
            action=AuditAction.PATHWAY_REQUIREMENT_ADD,
            target=locked,
            data={"requirement": str(requirement.public_id), "kind": kind},
        )
    return requirement


def pathway_requirement_remove(*, actor: User | None, requirement: PathwayRequirement) -> None:
    """Remove a requirement (a group with everything in it) from a draft pathway."""
    pathway = requirement.pathway
    if actor is not None and not permissions.can_manage_pathway(actor, pathway):
        raise Forbidden("You may not change this pathway.")
    if requirement.parent_id is None:
        raise PathwayError("The top group cannot be removed.")
    with transaction.atomic():
        locked = _lock_draft(pathway)
        requirement.delete()
        audit_record(
            actor=actor,
            action=AuditAction.PATHWAY_REQUIREMENT_REMOVE,
            target=locked,
            data={"requirement": str(requirement.public_id), "kind": requirement.kind},
        )


def pathway_problems(pathway: Pathway) -> list[str]:
    """What keeps `pathway` from being activated (empty when it may be)."""
    tree = sel.pathway_trees(statuses=Pathway.Status.values, pathway_ids=[pathway.pk]).get(
        pathway.pk
    )
    root = tree.root if tree is not None else None
    found = tree_problems(root)
    if pathway.badge_class.status != BadgeClass.Status.ACTIVE:
        found.append(f"Its badge “{pathway.badge_class.name}” is not active yet.")
    if tree is not None:
        for req in tree.requirements.values():
            if req.kind == Kind.BADGE and req.badge_class.status == BadgeClass.Status.DRAFT:
                found.append(f"“{req.badge_class.name}” is still a draft badge.")
            if req.kind == Kind.PATHWAY and req.nested_pathway.status != Pathway.Status.ACTIVE:
                found.append(f"The pathway “{req.nested_pathway.name}” is not active.")
    return found


def _pathway_move(*, actor: User | None, pathway: Pathway, to: str, reason: str = "") -> Pathway:
    if actor is not None and not permissions.can_manage_pathway(actor, pathway):
        raise Forbidden("You may not change this pathway.")
    with transaction.atomic():
        locked = (
            Pathway.objects.select_for_update().select_related("badge_class").get(pk=pathway.pk)
        )
        before = locked.status
        PATHWAY_FLOW.check(before, to)
        if to == Pathway.Status.ACTIVE:
            found = pathway_problems(locked)
            if found:
                raise PathwayError(" ".join(found))
        PATHWAY_FLOW.apply(locked, to=to, actor=actor, reason=reason)
        audit_record(
            actor=actor,
            action=AuditAction.PATHWAY_STATUS,
            target=locked,
            data={"from": before, "to": to, "reason": reason},
        )
    return locked


def pathway_activate(*, actor: User | None, pathway: Pathway) -> Pathway:
    """Open a complete draft to earners. Those who already complete it — the people its
    activation page listed (`selectors.activation_preview`) — are awarded its badge and
    told; the returned pathway's `awarded` counts them. The page asks the admin to
    confirm first: calling this is the confirmation."""
    from .awards import pathway_award_completers

    active = _pathway_move(actor=actor, pathway=pathway, to=Pathway.Status.ACTIVE)
    awards = pathway_award_completers(pathway=active)
    active.awarded = sum(1 for a in awards if a.assertion.badge_class_id == active.badge_class_id)
    return active


def pathway_archive(*, actor: User | None, pathway: Pathway, reason: str = "") -> Pathway:
    """No new awards; badges already awarded stay valid."""
    return _pathway_move(actor=actor, pathway=pathway, to=Pathway.Status.ARCHIVED, reason=reason)
