"""The one door for awarding and revoking badges, and what follows from either.

`assertion_award` awards a badge (through `badges.services.assertions.assertion_issue`)
and then every pathway the award completes; `assertion_revoke` revokes one and raises
an alert on every pathway badge it was part of. Everything that awards or revokes —
the evidence workflow, module completion, the admin console, the Django admin, the
`award` and `revoke` commands, the demo seed — comes through here, so "exactly once"
is the assertion constraint's promise and no completed pathway goes unawarded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from badges import hosting
from badges.errors import AlreadyRevoked, BadgeClassNotActive
from badges.models import Assertion, BadgeClass
from badges.openbadges.ob2 import EvidenceItem
from badges.services.assertions import Award, assertion_issue, assertion_record_revocation
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from .. import selectors as sel
from ..errors import PathwayError
from ..models import Pathway, PathwayAlert, PathwayRequirement
from ..trees import evaluate, touching

Kind = PathwayRequirement.Kind
PATHWAY_ACTOR_LABEL = "pathway completion"
# Awarding one pathway badge may complete a pathway containing it, and so on; a tree
# deeper than this is not a real programme of study.
MAX_ROUNDS = 25


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
        mine = sel.earner_assertions(earner=earner)
        current = sel.current_by_badge(assertions=mine)
        last_revoked: dict[int, dt.datetime] = {}
        for a in mine:
            if a.revoked_at is not None:
                last_revoked[a.badge_class_id] = max(
                    a.revoked_at, last_revoked.get(a.badge_class_id, a.revoked_at)
                )
        trees = sel.pathway_trees()
        roots = sel.roots_of(trees=trees)
        for _ in range(MAX_ROUNDS):
            awarded_now = False
            for pid in sorted(touching(roots, current.keys())):
                pathway = trees[pid].pathway
                if pathway.badge_class_id in current:
                    continue
                progress = evaluate(roots[pid], current.keys())
                if not progress.met:
                    continue
                used = [current[leaf.badge_class_id] for leaf in progress.met_leaves()]
                revoked_at = last_revoked.get(pathway.badge_class_id)
                if revoked_at is not None and not any(a.created_at > revoked_at for a in used):
                    continue
                try:
                    award = assertion_issue(
                        actor=None,
                        badge_class=pathway.badge_class,
                        recipient=earner,
                        evidence=[
                            EvidenceItem(url=hosting.assertion_url(a), name=a.badge_class.name)
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


def assertion_award(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    recipient: User,
    evidence: Sequence[EvidenceItem] = (),
    narrative: str = "",
    issued_on: dt.datetime | None = None,
    actor_label: str = "",
    check_permission: bool = True,
) -> Award:
    """The one door for awarding a badge: award it once, then award every pathway this
    completes, in one transaction.

    If the recipient holds the badge already (not revoked, not expired) the existing
    assertion is returned with `created=False`. `check_permission=False` is for callers
    that checked already (the evidence workflow's approval, a command run by the
    operator). The pathway awards are audited like any other.
    """
    with transaction.atomic():
        award = assertion_issue(
            actor=actor,
            badge_class=badge_class,
            recipient=recipient,
            evidence=evidence,
            narrative=narrative,
            issued_on=issued_on,
            actor_label=actor_label,
            check_permission=check_permission,
        )
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
        if pathway.badge_class_id not in badges and evaluate(tree.root, badges).met
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
    mine = sel.earner_assertions(earner=assertion.recipient)
    current = sel.current_by_badge(assertions=mine)
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
            still = bool(tree and tree.root and evaluate(tree.root, current.keys()).met)
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


def assertion_revoke(
    *,
    actor: User | None,
    assertion: Assertion,
    reason: str,
    actor_label: str = "",
    check_permission: bool = True,
) -> Assertion:
    """The one door for revoking a badge: record the revocation (nothing is deleted;
    the hosted assertion answers 410), then alert the admins of every pathway whose
    badge the earner holds and this badge was part of, in one transaction."""
    with transaction.atomic():
        revoked = assertion_record_revocation(
            actor=actor,
            assertion=assertion,
            reason=reason,
            actor_label=actor_label,
            check_permission=check_permission,
        )
        pathway_constituent_revoked(assertion=revoked)
    return revoked


def pathway_alert_resolve(
    *, actor: User, alert: PathwayAlert, resolution: str, reason: str = ""
) -> PathwayAlert:
    """An admin decides: keep the pathway badge, or revoke it (with a reason verifiers
    will read). Revoking resolves the earner's other open alerts on that badge too."""
    if not permissions.can_resolve_alert(actor, alert):
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
                assertion_revoke(actor=actor, assertion=alert.pathway_assertion, reason=reason)
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
