"""Awarding to an account: `assertion_award` awards a badge (through
`badges.services.assertions.assertion_issue`) and then every pathway the award
completes; `pathway_check_and_award` and `pathway_award_completers` award completed
pathways."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse

from accounts.models import User
from badges import hosting
from badges.errors import BadgeClassNotActive
from badges.models import BadgeClass
from badges.openbadges.ob2 import EvidenceItem
from badges.services.assertions import Award, assertion_issue
from core import notices

from ... import selectors as sel
from ...models import Pathway
from ...trees import evaluate, touching

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
                notices.notify(
                    user=earner,
                    message=f"You completed the pathway “{pathway.name}” and earned "
                    f"“{pathway.badge_class.name}”.",
                    link=reverse("pathways:pathway-mine"),
                )
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
    """Award a newly active pathway to everyone who already completes it: the people
    its activation page listed (`selectors.pathway_completer_ids`), each in their own
    transaction (and told, as every pathway completer is)."""
    ready = sel.pathway_completer_ids(pathway=pathway)
    awards: list[Award] = []
    for earner in User.objects.filter(pk__in=ready, is_active=True).order_by("pk"):
        awards.extend(pathway_check_and_award(earner=earner))
    return awards
