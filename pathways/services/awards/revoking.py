"""Revoking: `assertion_revoke` revokes a badge (through
`badges.services.assertions.assertion_record_revocation`) and raises an alert on every
pathway badge it was part of; an admin resolves each alert."""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from badges.errors import AlreadyRevoked
from badges.models import Assertion
from badges.services.assertions import assertion_record_revocation
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from ... import permissions
from ... import selectors as sel
from ...errors import PathwayError
from ...models import Pathway, PathwayAlert, PathwayRequirement
from ...trees import evaluate

Kind = PathwayRequirement.Kind


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
