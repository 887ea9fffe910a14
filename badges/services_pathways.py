"""Writes for pathways, credit agreements and endorsements.

Pathway badges are awarded through `badges.services.assertion_award`, so "exactly
once" is the assertion constraint's promise. Callers that award or revoke a badge use
`award_and_check` and `revoke_and_alert` here instead of the bare services, so that a
completed pathway is awarded and a revoked constituent is brought to an admin.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organization, User
from accounts.permissions import is_district_admin
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from . import hosted, pathways, permissions
from . import selectors_pathways as sel
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
from .openbadges.ob2 import EvidenceItem
from .services import (
    AlreadyRevoked,
    Award,
    BadgeClassNotActive,
    BadgeError,
    assertion_award,
    assertion_revoke,
)

Kind = PathwayRequirement.Kind
PATHWAY_ACTOR_LABEL = "pathway completion"
# Awarding one pathway badge may complete a pathway containing it, and so on; a tree
# deeper than this is not a real programme of study.
MAX_ROUNDS = 25


class PathwayError(BadgeError):
    """A pathway action that cannot be done; the message is fit to show."""


class PathwayCycleError(PathwayError):
    """Adding this would make a pathway contain itself."""


# Who may -------------------------------------------------------------------------------


def can_manage_pathway(user: User, pathway: Pathway) -> bool:
    """District admins of the pathway's issuer build it and resolve its alerts."""
    return permissions.can_award(user, pathway.issuer)


def _subject_issuer(badge_class: BadgeClass | None, pathway: Pathway | None) -> Issuer:
    if badge_class is not None:
        return badge_class.issuer
    assert pathway is not None  # noqa: S101 - callers pass one of the two
    return pathway.issuer


def can_record_agreement(
    user: User,
    *,
    institution: Organization | None,
    badge_class: BadgeClass | None = None,
    pathway: Pathway | None = None,
) -> bool:
    """The college's admins, or district admins of the badge's issuer."""
    if institution is not None and is_district_admin(user, institution):
        return True
    return permissions.can_award(user, _subject_issuer(badge_class, pathway))


def can_manage_agreement(user: User, agreement: CreditAgreement) -> bool:
    return can_record_agreement(
        user,
        institution=agreement.institution,
        badge_class=agreement.badge_class,
        pathway=agreement.pathway,
    )


def can_endorse(user: User, *, endorser: Organization, badge_class: BadgeClass) -> bool:
    """The endorsing organization's admins, or district admins of the badge's issuer
    recording an endorsement they received."""
    return is_district_admin(user, endorser) or permissions.can_award(user, badge_class.issuer)


# Building pathways -------------------------------------------------------------------


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
    if actor is not None and not permissions.can_award(actor, issuer):
        raise Forbidden("You may not build pathways for this issuer.")
    name, slug = (name or "").strip(), (slug or "").strip()
    if not name or not slug:
        raise PathwayError("A pathway needs a name and a slug.")
    if root_kind not in pathways.GROUPS:
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
    loop = pathways.cycle_through(graph, pathway.pk, child_id)
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
    if actor is not None and not can_manage_pathway(actor, pathway):
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
        if parent.pathway_id != locked.pk or parent.kind not in pathways.GROUPS:
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
            label=label.strip() if kind in pathways.GROUPS else "",
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
    if actor is not None and not can_manage_pathway(actor, pathway):
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
    found = pathways.problems(root)
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
    if actor is not None and not can_manage_pathway(actor, pathway):
        raise Forbidden("You may not change this pathway.")
    with transaction.atomic():
        locked = (
            Pathway.objects.select_for_update().select_related("badge_class").get(pk=pathway.pk)
        )
        before = locked.status
        if to not in Pathway.TRANSITIONS[before]:
            raise PathwayError(
                f"A pathway that is {Pathway.Status(before).label.lower()} cannot become "
                f"{Pathway.Status(to).label.lower()}."
            )
        if to == Pathway.Status.ACTIVE:
            found = pathway_problems(locked)
            if found:
                raise PathwayError(" ".join(found))
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.PATHWAY_STATUS,
            target=locked,
            data={"from": before, "to": to, "reason": reason},
        )
    return locked


def pathway_activate(*, actor: User | None, pathway: Pathway) -> Pathway:
    """Open a complete draft to earners. Those who already complete it are awarded."""
    active = _pathway_move(actor=actor, pathway=pathway, to=Pathway.Status.ACTIVE)
    pathway_award_completers(pathway=active)
    return active


def pathway_archive(*, actor: User | None, pathway: Pathway, reason: str = "") -> Pathway:
    """No new awards; badges already awarded stay valid."""
    return _pathway_move(actor=actor, pathway=pathway, to=Pathway.Status.ARCHIVED, reason=reason)


# Awarding ----------------------------------------------------------------------------


def pathway_check_and_award(*, earner: User) -> list[Award]:
    """Award every active pathway the earner has completed and does not hold yet.

    Evaluates the pathways touching a badge they hold (nested ones too) against their
    current assertions, and awards each completed pathway's badge through
    `assertion_award`, with the constituent assertions as evidence. A pathway badge
    may complete an outer pathway, so this repeats until nothing new is awarded.

    The earner's row is locked first: of two transactions that each award a last
    constituent at once, the second to get here sees the first's award. A pathway
    badge an admin revoked is re-awarded only when a constituent is earned after the
    revocation.
    """
    if not earner.is_active:
        return []
    awards: list[Award] = []
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=earner.pk).values_list("pk"))
        mine = sel.earner_assertions(earner)
        current = sel.current_by_badge(mine)
        last_revoked: dict[int, dt.datetime] = {}
        for a in mine:
            if a.revoked_at is not None:
                last_revoked[a.badge_class_id] = max(
                    a.revoked_at, last_revoked.get(a.badge_class_id, a.revoked_at)
                )
        trees = sel.pathway_trees()
        roots = sel.roots_of(trees)
        for _ in range(MAX_ROUNDS):
            awarded_now = False
            for pid in sorted(pathways.touching(roots, current.keys())):
                pathway = trees[pid].pathway
                if pathway.badge_class_id in current:
                    continue
                progress = pathways.evaluate(roots[pid], current.keys())
                if not progress.met:
                    continue
                used = [current[leaf.badge_class_id] for leaf in progress.met_leaves()]
                revoked_at = last_revoked.get(pathway.badge_class_id)
                if revoked_at is not None and not any(a.created_at > revoked_at for a in used):
                    continue
                try:
                    award = assertion_award(
                        actor=None,
                        badge_class=pathway.badge_class,
                        recipient=earner,
                        evidence=[
                            EvidenceItem(url=hosted.assertion_url(a), name=a.badge_class.name)
                            for a in used
                        ],
                        narrative=f"Completed the pathway “{pathway.name}”.",
                        actor_label=PATHWAY_ACTOR_LABEL,
                        check_permission=False,
                    )
                except BadgeClassNotActive:
                    continue
                award.assertion.badge_class = pathway.badge_class
                current[pathway.badge_class_id] = award.assertion
                awards.append(award)
                awarded_now = True
            if not awarded_now:
                break
    return awards


def award_and_check(
    *, actor: User | None, badge_class: BadgeClass, recipient: User, **kwargs: Any
) -> Award:
    """`assertion_award`, then award any pathway this completes (same transaction).

    Takes exactly the arguments of `assertion_award` and returns its `Award`; the
    pathway awards are audited like any other.
    """
    with transaction.atomic():
        award = assertion_award(actor=actor, badge_class=badge_class, recipient=recipient, **kwargs)
        pathway_check_and_award(earner=recipient)
    return award


def pathway_award_completers(*, pathway: Pathway) -> list[Award]:
    """Award a newly active pathway to everyone who already completes it.

    One query finds the holders of its badges; only those who complete it are
    awarded, each in their own transaction.
    """
    tree = sel.pathway_trees(pathway_ids=[pathway.pk]).get(pathway.pk)
    if tree is None or tree.root is None:
        return []
    leaf_badges = {leaf.badge_class_id for leaf in tree.root.leaves()}
    held: dict[int, set[int]] = defaultdict(set)
    now = timezone.now()
    rows = Assertion.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        badge_class_id__in=leaf_badges | {pathway.badge_class_id},
        revoked_at__isnull=True,
        superseded_at__isnull=True,
    ).values_list("recipient_id", "badge_class_id")
    for recipient_id, badge_id in rows:
        held[recipient_id].add(badge_id)
    ready = [
        rid
        for rid, badges in held.items()
        if pathway.badge_class_id not in badges and pathways.evaluate(tree.root, badges).met
    ]
    awards: list[Award] = []
    for earner in User.objects.filter(pk__in=ready, is_active=True).order_by("pk"):
        awards.extend(pathway_check_and_award(earner=earner))
    return awards


# Revoked constituents --------------------------------------------------------------


def pathway_constituent_revoked(*, assertion: Assertion) -> list[PathwayAlert]:
    """A revoked badge is part of pathways whose badge the earner holds: tell the
    pathways' admins (one alert per pathway). The pathway badge itself is untouched."""
    badge_id = assertion.badge_class_id
    containing = list(
        Pathway.objects.exclude(status=Pathway.Status.DRAFT)
        .filter(
            Q(requirements__kind=Kind.BADGE, requirements__badge_class_id=badge_id)
            | Q(
                requirements__kind=Kind.PATHWAY,
                requirements__nested_pathway__badge_class_id=badge_id,
            )
        )
        .distinct()
    )
    if not containing:
        return []
    mine = sel.earner_assertions(assertion.recipient)
    current = sel.current_by_badge(mine)
    at_stake = {p.pk: current[p.badge_class_id] for p in containing if p.badge_class_id in current}
    if not at_stake:
        return []
    trees = sel.pathway_trees(statuses=Pathway.Status.values, pathway_ids=at_stake)
    alerts = []
    with transaction.atomic():
        for pathway in containing:
            if pathway.pk not in at_stake:
                continue
            tree = trees.get(pathway.pk)
            still = bool(tree and tree.root and pathways.evaluate(tree.root, current.keys()).met)
            alert, created = PathwayAlert.objects.get_or_create(
                pathway=pathway,
                revoked_assertion=assertion,
                defaults={
                    "earner_id": assertion.recipient_id,
                    "pathway_assertion": at_stake[pathway.pk],
                    "still_complete": still,
                },
            )
            if created:
                audit_record(
                    actor=None,
                    actor_label="pathway alert",
                    action=AuditAction.PATHWAY_ALERT,
                    target=alert,
                    data={
                        "pathway": str(pathway.public_id),
                        "revoked": str(assertion.public_id),
                        "still_complete": still,
                    },
                )
            alerts.append(alert)
    return alerts


def revoke_and_alert(
    *, actor: User | None, assertion: Assertion, reason: str, **kwargs: Any
) -> Assertion:
    """`assertion_revoke`, then alert the admins of pathways the badge was part of.

    Takes the arguments of `assertion_revoke` and returns the revoked assertion.
    """
    with transaction.atomic():
        revoked = assertion_revoke(actor=actor, assertion=assertion, reason=reason, **kwargs)
        pathway_constituent_revoked(assertion=revoked)
    return revoked


def pathway_alert_resolve(
    *, actor: User, alert: PathwayAlert, resolution: str, reason: str = ""
) -> PathwayAlert:
    """An admin decides: keep the pathway badge, or revoke it (with a reason verifiers
    will read). Revoking resolves the earner's other open alerts on that badge too."""
    if not can_manage_pathway(actor, alert.pathway):
        raise Forbidden("You may not decide on this pathway's badges.")
    if resolution not in PathwayAlert.Resolution.values:
        raise PathwayError("Choose to keep or to revoke the pathway badge.")
    reason = (reason or "").strip()
    if resolution == PathwayAlert.Resolution.REVOKE and not reason:
        raise PathwayError("Revoking needs a reason; verifiers will read it.")
    now = timezone.now()
    with transaction.atomic():
        locked = PathwayAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.resolved_at is not None:
            raise PathwayError("This alert was resolved already.")
        closing = [locked]
        if resolution == PathwayAlert.Resolution.REVOKE:
            with contextlib.suppress(AlreadyRevoked):  # revoked meanwhile: still decided
                revoke_and_alert(actor=actor, assertion=alert.pathway_assertion, reason=reason)
            closing += list(
                PathwayAlert.objects.select_for_update()
                .filter(pathway_assertion_id=locked.pathway_assertion_id, resolved_at__isnull=True)
                .exclude(pk=locked.pk)
            )
        for row in closing:
            row.resolved_at = now
            row.resolved_by = actor
            row.resolution = resolution
            row.resolution_note = reason[:500]
            row.save(update_fields=["resolved_at", "resolved_by", "resolution", "resolution_note"])
            audit_record(
                actor=actor,
                action=AuditAction.PATHWAY_ALERT_RESOLVE,
                target=row,
                data={"resolution": resolution, "reason": reason},
            )
    return closing[0]


# Credit agreements -------------------------------------------------------------------


def credit_agreement_record(
    *,
    actor: User | None,
    course_code: str,
    credits: Decimal | str | int,  # noqa: A002 - the agreement's word
    effective_from: dt.date,
    signed_by_name: str,
    signed_by_title: str,
    badge_class: BadgeClass | None = None,
    pathway: Pathway | None = None,
    institution: Organization | None = None,
    program_name: str = "",
    course_title: str = "",
) -> CreditAgreement:
    """Record that a college (or a CTE program) grants credit for a badge or pathway."""
    if (badge_class is None) == (pathway is None):
        raise BadgeError("An agreement is about one badge or one pathway.")
    program_name = (program_name or "").strip()
    if institution is None and not program_name:
        raise BadgeError("Name the college or the CTE program granting the credit.")
    if institution is not None and institution.kind != Organization.Kind.COLLEGE:
        raise BadgeError(f"{institution.name} is not a college; name the CTE program instead.")
    if actor is not None and not can_record_agreement(
        actor, institution=institution, badge_class=badge_class, pathway=pathway
    ):
        raise Forbidden("You may not record agreements for this badge.")
    course_code = (course_code or "").strip()
    signed_by_name, signed_by_title = (
        (signed_by_name or "").strip(),
        (signed_by_title or "").strip(),
    )
    if not course_code:
        raise BadgeError("Give the course the credit is for.")
    if not signed_by_name or not signed_by_title:
        raise BadgeError("Name the person who signed the agreement off, and their title.")
    try:
        amount = Decimal(str(credits))
    except InvalidOperation as exc:
        raise BadgeError("Credits must be a number.") from exc
    if not (Decimal(0) < amount < Decimal(1000)) or amount != amount.quantize(Decimal("0.01")):
        raise BadgeError("Credits must be more than 0 and less than 1000, to two decimals.")
    same = CreditAgreement.objects.filter(
        badge_class=badge_class,
        pathway=pathway,
        institution=institution,
        program_name=program_name if institution is None else "",
        course_code__iexact=course_code,
        status=CreditAgreement.Status.ACTIVE,
    )
    if same.exists():
        raise BadgeError(
            f"An agreement for {course_code} on this is in place already; withdraw it first."
        )
    with transaction.atomic():
        agreement = CreditAgreement.objects.create(
            institution=institution,
            program_name=program_name if institution is None else "",
            badge_class=badge_class,
            pathway=pathway,
            course_code=course_code,
            course_title=(course_title or "").strip(),
            credits=amount,
            effective_from=effective_from,
            signed_by_name=signed_by_name,
            signed_by_title=signed_by_title,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREDIT_AGREEMENT_RECORD,
            target=agreement,
            data={"summary": agreement.summary},
        )
    return agreement


def credit_agreement_withdraw(*, actor: User | None, agreement: CreditAgreement) -> CreditAgreement:
    """Withdraw an agreement: it leaves the badge page and the JSON; the row is kept."""
    if actor is not None and not can_manage_agreement(actor, agreement):
        raise Forbidden("You may not change this agreement.")
    with transaction.atomic():
        locked = CreditAgreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.status == CreditAgreement.Status.WITHDRAWN:
            return locked
        locked.status = CreditAgreement.Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["status", "withdrawn_at"])
        audit_record(actor=actor, action=AuditAction.CREDIT_AGREEMENT_WITHDRAW, target=locked)
    return locked


# Endorsements ------------------------------------------------------------------------


def endorser_issuer(
    *, actor: User | None, organization: Organization, url: str = "", email: str = ""
) -> Issuer:
    """The endorsing organization's Open Badges profile, made the first time it endorses."""
    existing = Issuer.objects.filter(organization=organization).order_by("created_at", "pk").first()
    if existing is not None:
        return existing
    url, email = (url or organization.url).strip(), (email or organization.email).strip()
    if not url or not email:
        raise BadgeError(
            f"{organization.name} needs a web site and a contact e-mail for its Open Badges "
            "profile; give them with the endorsement."
        )
    if not url.startswith(("https://", "http://")):
        raise BadgeError("The web site must be a web address (https://…).")
    issuer = Issuer.objects.create(
        organization=organization,
        name=organization.name,
        url=url,
        email=email,
        description=f"Endorsements by {organization.name}.",
    )
    audit_record(
        actor=actor, action=AuditAction.ISSUER_CREATE, target=issuer, data={"for": "endorsements"}
    )
    return issuer


def endorsement_create(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    endorser: Organization,
    comment: str,
    endorsed_on: dt.date | None = None,
    endorser_url: str = "",
    endorser_email: str = "",
) -> Endorsement:
    """An employer or industry association endorses an active badge class."""
    if endorser.kind not in sel.ENDORSER_KINDS:
        raise BadgeError("Only employers and industry associations endorse badges.")
    if actor is not None and not can_endorse(actor, endorser=endorser, badge_class=badge_class):
        raise Forbidden("You may not endorse badges for this organization.")
    if badge_class.status != BadgeClass.Status.ACTIVE:
        raise BadgeError(f"“{badge_class.name}” is not active; only active badges are endorsed.")
    comment = (comment or "").strip()
    if not comment:
        raise BadgeError("Say what the endorsement vouches for.")
    if len(comment) > 2000:
        raise BadgeError("The comment may be at most 2,000 characters.")
    endorsed_on = endorsed_on or timezone.localdate()
    if endorsed_on > timezone.localdate():
        raise BadgeError("The endorsement date cannot be in the future.")
    try:
        with transaction.atomic():
            issuer = endorser_issuer(
                actor=actor, organization=endorser, url=endorser_url, email=endorser_email
            )
            endorsement = Endorsement.objects.create(
                badge_class=badge_class,
                endorser=endorser,
                issuer=issuer,
                comment=comment,
                endorsed_on=endorsed_on,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                action=AuditAction.ENDORSEMENT_CREATE,
                target=endorsement,
                data={"badge_class": str(badge_class.public_id), "endorser": endorser.slug},
            )
    except IntegrityError as exc:
        raise BadgeError(
            f"{endorser.name} already endorses “{badge_class.name}”; withdraw that first."
        ) from exc
    return endorsement


def endorsement_withdraw(*, actor: User | None, endorsement: Endorsement) -> Endorsement:
    """Withdraw an endorsement: its hosted JSON answers 410 and the badge stops listing it."""
    if actor is not None and not can_endorse(
        actor, endorser=endorsement.endorser, badge_class=endorsement.badge_class
    ):
        raise Forbidden("You may not change this endorsement.")
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if locked.status == Endorsement.Status.WITHDRAWN:
            return locked
        locked.status = Endorsement.Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["status", "withdrawn_at"])
        audit_record(actor=actor, action=AuditAction.ENDORSEMENT_WITHDRAW, target=locked)
    return locked
