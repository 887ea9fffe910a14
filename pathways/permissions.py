"""Access policies for pathways and their alerts (see `core.policies`).

A pathway is built, activated, archived and its alerts resolved by the admins of its
issuer (as for the issuer's badges); active pathways are for everyone signed in to
work towards. Awarding a pathway's badge is never a person's act: the award door
(`pathways.services.assertion_award`) does it when the pathway is complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from badges.permissions import issuers, issuing_q
from core.policies import Policy

from .models import BulkAwardJob, Pathway, PathwayAlert

if TYPE_CHECKING:
    from accounts.models import User


class PathwayPolicy(Policy[Pathway]):
    model = Pathway
    rules = {
        "manage": {"issuer admin": lambda who: issuing_q(who, "issuer")},
        "view": {
            "issuer admin": lambda who: issuing_q(who, "issuer"),
            "active": lambda who: Q(status=Pathway.Status.ACTIVE),
        },
    }
    superuser_actions = frozenset({"manage", "view"})


class PathwayAlertPolicy(Policy[PathwayAlert]):
    model = PathwayAlert
    rules = {
        "resolve": {"issuer admin": lambda who: issuing_q(who, "pathway__issuer")},
    }
    superuser_actions = frozenset({"resolve"})


class BulkAwardJobPolicy(Policy[BulkAwardJob]):
    """A bulk-award job is seen, confirmed and reported on by those who may award its
    badge (the admins of its issuer), as its assertions are."""

    model = BulkAwardJob
    rules = {"manage": {"issuer admin": lambda who: issuing_q(who, "badge_class__issuer")}}
    superuser_actions = frozenset({"manage"})


pathways = PathwayPolicy()
alerts = PathwayAlertPolicy()
bulk_award_jobs = BulkAwardJobPolicy()


def can_build_pathways(user: User) -> bool:
    """Anyone who manages an issuer builds its pathways (the builder pages and menu)."""
    return issuers.exists_for(user, "manage")


def can_manage_pathway(user: User, pathway: Pathway) -> bool:
    return pathways.allows(user, "manage", pathway)


def can_resolve_alert(user: User, alert: PathwayAlert) -> bool:
    return alerts.allows(user, "resolve", alert)


def can_manage_bulk_award_job(user: User, job: BulkAwardJob) -> bool:
    return bulk_award_jobs.allows(user, "manage", job)
