"""The demo's pathways: a CTE program completer with a college credit agreement and
industry endorsements, an educator pathway, and earners part-way through each.

`seed_pathways()` runs after `seed_demo()` (it needs the district's issuer, its badge
classes, the organizations and the demo people). Everything is done through
`pathways.services` and `badges.services` (`badge_class_create` for the two pathway
badges, the credit agreement and the endorsements), in the order an admin would do it: make the pathway's badge, build
the pathway, record the college's agreement, activate it. Activation awards the
pathway to anyone who already completes it.

The demo student (student@) is left exactly one badge short of the CTE pathway, and
that badge is the one the evidence demo leaves free for them to start
(`demo.submissions.BROWSER_TEST_BADGE`, GMAW Fillet Welds): earning it through the
evidence workflow completes the pathway. If the evidence demo has not put them that
close, this awards only the skill badges still needed to get there.

Every step looks for what it would make (by slug, or by badge and endorser) first, so
a second run makes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from badges.models import BadgeClass, CreditAgreement, Endorsement, Issuer
from badges.services import badge_class_create, credit_agreement_record, endorsement_create
from pathways import selectors as sel
from pathways.models import Pathway, PathwayRequirement
from pathways.services import (
    assertion_award,
    pathway_activate,
    pathway_create,
    pathway_requirement_add,
)
from pathways.trees import Progress, evaluate

from . import images
from .seed import ACTOR_LABEL, COLLEGE, DISTRICT, EMAIL_DOMAIN, EMPLOYER
from .submissions import BROWSER_TEST_BADGE, BROWSER_TEST_EARNER

Kind = PathwayRequirement.Kind
ASSOCIATION = "gem-state-welding-association"

CTE_PATHWAY = "cte-welding-program-completer"
EDUCATOR_PATHWAY = "digital-learning-leader"

# Skill badges the seed may award the demo student, in this order, to bring them to
# one short of the CTE pathway. Never the browser test's badge (they earn that one).
TOP_UP_ORDER = ("thermal-cutting", "weld-print-reading", "work-ready-welding-intern")
TOP_UP_DAYS_AGO = 50


@dataclass(frozen=True)
class PathwaySpec:
    slug: str
    name: str
    description: str
    badge_slug: str
    badge_name: str
    badge_description: str
    badge_criteria: str
    audience: str
    art: tuple[str, str, str, str]  # monogram, caption, color, shape
    # (kind, n, label, badge slugs): the root group's children, in order.
    groups: tuple[tuple[str, int | None, str, tuple[str, ...]], ...]


CTE = PathwaySpec(
    slug=CTE_PATHWAY,
    name="CTE Welding Program Completer",
    description=(
        "Completes Snake River's Welding Technology program: shop safety plus three of the "
        "five welding skill badges, each approved by the student's internship supervisor "
        "and welding teacher."
    ),
    badge_slug="cte-welding-program-completer",
    badge_name="CTE Welding Program Completer",
    badge_description=(
        "Awarded automatically to students who hold the Welding Safety badge and three of "
        "the program's five welding skill badges."
    ),
    badge_criteria=(
        "Earn Welding Safety, and three of: SMAW Fundamentals, GMAW Fillet Welds, "
        "Oxyfuel & Plasma Cutting, Print Reading & Weld Symbols, Work-Ready Welding Intern."
    ),
    audience=BadgeClass.Audience.STUDENT,
    art=("CTE", "Completer", "#b45309", "circle"),
    groups=(
        (Kind.ALL, None, "Safety first", ("welding-safety",)),
        (
            Kind.N_OF,
            3,
            "Welding skills",
            (
                "smaw-fundamentals",
                "gmaw-fillet-welds",
                "thermal-cutting",
                "weld-print-reading",
                "work-ready-welding-intern",
            ),
        ),
    ),
)

EDUCATOR = PathwaySpec(
    slug=EDUCATOR_PATHWAY,
    name="Digital Learning Leader",
    description=(
        "For Snake River teachers who lead technology-rich learning: any two of the "
        "district's blended learning, data and digital citizenship micro-credentials."
    ),
    badge_slug="digital-learning-leader",
    badge_name="Digital Learning Leader",
    badge_description=(
        "Awarded automatically to educators who hold two of Blended Learning Designer, "
        "Data-Driven Instruction and Digital Citizenship Mentor."
    ),
    badge_criteria=(
        "Earn two of: Blended Learning Designer, Data-Driven Instruction, Digital "
        "Citizenship Mentor."
    ),
    audience=BadgeClass.Audience.EDUCATOR,
    art=("DLL", "Leader", "#0f766e", "hexagon"),
    groups=(
        (
            Kind.N_OF,
            2,
            "Two micro-credentials",
            (
                "blended-learning-designer",
                "data-driven-instruction",
                "digital-citizenship-mentor",
            ),
        ),
    ),
)

CREDIT = {
    "course_code": "WELD 110",
    "course_title": "Welding Fundamentals I",
    "credits": 6,
    "signed_by_name": "Dr. Renee Alvarez",
    "signed_by_title": "Dean of Technical Education, Owyhee Technical College",
    "days_ago": 60,
}

# (badge slug, endorser slug, comment, days ago)
ENDORSEMENTS = (
    (
        CTE.badge_slug,
        EMPLOYER,
        "Treasure Valley Fabrication interviews every holder of this credential for our "
        "welder apprenticeship: it tells us a student works safely and can run SMAW and "
        "GMAW to our shop's visual acceptance criteria.",
        30,
    ),
    (
        "gmaw-fillet-welds",
        ASSOCIATION,
        "The Gem State Welding & Fabrication Association reviewed this badge's criteria and "
        "rubric: they match the fillet-weld workmanship our member shops expect of an "
        "entry-level GMAW welder (AWS D1.1 visual acceptance).",
        45,
    ),
)


def seed_pathways(*, out: Callable[[str], None]) -> None:
    """Make the demo pathways, agreement, endorsements and top-up awards (once)."""
    orgs = {
        o.slug: o
        for o in Organization.objects.filter(slug__in=[DISTRICT, COLLEGE, EMPLOYER, ASSOCIATION])
    }
    admin = User.objects.filter(email__iexact=f"admin@{EMAIL_DOMAIN}").first()
    issuer = Issuer.objects.filter(organization__slug=DISTRICT).order_by("created_at", "pk").first()
    if len(orgs) < 4 or admin is None or issuer is None:
        out("Pathways demo data skipped: run seed_demo first (the demo district is not there).")
        return

    created: Counter[str] = Counter()
    with transaction.atomic():
        cte = _pathway(created, CTE, issuer=issuer, admin=admin)
        if not CreditAgreement.objects.filter(badge_class=cte.badge_class).exists():
            credit_agreement_record(
                actor=admin,
                badge_class=cte.badge_class,
                institution=orgs[COLLEGE],
                course_code=CREDIT["course_code"],
                course_title=CREDIT["course_title"],
                credits=CREDIT["credits"],
                effective_from=timezone.localdate() - dt.timedelta(days=CREDIT["days_ago"]),
                signed_by_name=CREDIT["signed_by_name"],
                signed_by_title=CREDIT["signed_by_title"],
            )
            created["credit agreements"] += 1
        educator = _pathway(created, EDUCATOR, issuer=issuer, admin=admin)
        for pathway in (cte, educator):
            if pathway.status == Pathway.Status.DRAFT:
                pathway_activate(actor=admin, pathway=pathway)
                created["pathways activated"] += 1
        for badge_slug, endorser_slug, comment, days_ago in ENDORSEMENTS:
            badge = BadgeClass.objects.get(slug=badge_slug)
            endorser = orgs[endorser_slug]
            if Endorsement.objects.filter(badge_class=badge, endorser=endorser).exists():
                continue
            endorsement_create(
                actor=admin,
                badge_class=badge,
                endorser=endorser,
                comment=comment,
                endorsed_on=timezone.localdate() - dt.timedelta(days=days_ago),
            )
            created["endorsements"] += 1
        student = User.objects.get(email__iexact=f"{BROWSER_TEST_EARNER}@{EMAIL_DOMAIN}")
        created["awards"] += _one_short(cte, student)

    made = ", ".join(f"{what} {n}" for what, n in created.items() if n)
    out(f"Pathways: {made}." if made else "Pathways demo data is already in place.")
    progress = pathway_progress(cte, student)
    out(
        f"  {student.email} is {progress.done} of {progress.needed} on “{cte.name}”; "
        f"the last one to earn through evidence: {BadgeClass.objects.get(slug=BROWSER_TEST_BADGE)}."
    )


def _pathway(created: Counter[str], spec: PathwaySpec, *, issuer: Issuer, admin: User) -> Pathway:
    existing = Pathway.objects.filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    badge = BadgeClass.objects.filter(slug=spec.badge_slug).first()
    if badge is None:
        monogram, caption, color, shape = spec.art
        badge = badge_class_create(
            actor=admin,
            actor_label=ACTOR_LABEL,
            issuer=issuer,
            slug=spec.badge_slug,
            name=spec.badge_name,
            description=spec.badge_description,
            criteria_narrative=spec.badge_criteria,
            audience=spec.audience,
            image=images.badge_png(monogram=monogram, caption=caption, color=color, shape=shape),
            status=BadgeClass.Status.ACTIVE,
            tags=["pathway"],
        )
        created["badge classes"] += 1
    pathway = pathway_create(
        actor=admin,
        badge_class=badge,
        slug=spec.slug,
        name=spec.name,
        description=spec.description,
    )
    root = pathway.requirements.get(parent__isnull=True)
    badges = {b.slug: b for b in BadgeClass.objects.filter(issuer=issuer)}
    for kind, n, label, slugs in spec.groups:
        group = pathway_requirement_add(
            actor=admin, pathway=pathway, parent=root, kind=kind, n=n, label=label
        )
        for slug in slugs:
            pathway_requirement_add(
                actor=admin,
                pathway=pathway,
                parent=group,
                kind=Kind.BADGE,
                badge_class=badges[slug],
            )
    created["pathways"] += 1
    return pathway


def pathway_progress(pathway: Pathway, earner: User) -> Progress:
    """The earner's progress through `pathway` now (any status)."""
    tree = sel.pathway_trees(statuses=Pathway.Status.values, pathway_ids=[pathway.pk])[pathway.pk]
    held = sel.current_by_badge(assertions=sel.earner_assertions(earner=earner)).keys()
    return evaluate(tree.root, held)


def _one_short(pathway: Pathway, student: User) -> int:
    """Award the student skill badges (in `TOP_UP_ORDER`) until only one is missing."""
    awarded = 0
    for slug in TOP_UP_ORDER:
        progress = pathway_progress(pathway, student)
        if progress.met or progress.needed - progress.done <= 1:
            break
        badge = BadgeClass.objects.get(slug=slug)
        if badge.pk in sel.current_by_badge(assertions=sel.earner_assertions(earner=student)):
            continue
        award = assertion_award(
            actor=None,
            badge_class=badge,
            recipient=student,
            narrative=(
                "Cut and beveled 1/2 in. plate with oxyfuel and plasma at the district's CTE "
                "skills day, checked by the welding teacher."
            )
            if slug == "thermal-cutting"
            else "Awarded for the demo.",
            actor_label=ACTOR_LABEL,
            check_permission=False,
            # Dated before the student's latest badge, so My badges still leads with it.
            issued_on=timezone.now() - dt.timedelta(days=TOP_UP_DAYS_AGO),
        )
        awarded += award.created
    return awarded
