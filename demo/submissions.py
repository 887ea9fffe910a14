"""The demo's evidence: placements, rubrics, approval policies, a moderation committee,
and submissions in every status, so that each demo person has something waiting.

Configuration rows (placements, rubrics, policies, the committee) are found by a
stable key before they are made. Every submission, artifact, review, history row,
award and moderation case is made by `evidence.services`, exactly as the web pages
would make it; a story is played only when its earner has never had a submission
for that badge (nor holds it), so a second run plays nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organization, Placement, User
from badges.models import Assertion, BadgeClass
from evidence import selectors, services
from evidence.models import (
    ApprovalPolicy,
    ModerationCase,
    Review,
    ReviewerGroup,
    ReviewerKind,
    Rubric,
    RubricCriterion,
    Submission,
)

from . import documents

# The badge a browser test starts a fresh submission for: the demo student (student@)
# neither holds it nor has any submission for it, and its policy needs the placement
# supervisor and the section teacher.
BROWSER_TEST_BADGE = "gmaw-fillet-welds"
BROWSER_TEST_EARNER = "student"

COMMITTEE_NAME = "Snake River Credential Moderation Committee"
# People who take no part in the sampled approval below, so they may moderate it.
COMMITTEE_MEMBERS = ("teacher2", "coach")

EVIDENCE_HOST = "https://files.demo.cairn.test"


# --- placements -------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementSpec:
    student: str
    title: str
    started_days_ago: int


PLACEMENTS = [
    PlacementSpec("student", "Welding intern (fabrication shop floor)", started_days_ago=75),
    PlacementSpec("student2", "Welding intern (structural fit-up)", started_days_ago=40),
]


# --- rubrics ----------------------------------------------------------------------

# (criterion, 1 beginning, 2 developing, 3 competent, 4 exemplary)
Criterion = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class RubricSpec:
    name: str
    description: str
    criteria: tuple[Criterion, ...]


WELDING_RUBRIC = "welding"
WORKPLACE_RUBRIC = "workplace"
EDUCATOR_RUBRIC = "educator"

RUBRICS: dict[str, RubricSpec] = {
    WELDING_RUBRIC: RubricSpec(
        name="CTE Welding Performance",
        description=(
            "For welding performance badges: scored by the welding teacher and the "
            "internship supervisor from the student's coupons or parts, photos and "
            "records. 3 (competent) on every criterion is needed to approve."
        ),
        criteria=(
            (
                "Safety practice",
                "Needs reminders to wear or inspect PPE; the work area is not checked for "
                "fire, fume or electrical hazards before welding or cutting.",
                "Wears the required PPE but skips parts of the inspection or the hot-work "
                "checklist; corrects hazards once they are pointed out.",
                "Inspects and wears the correct PPE (including the filter shade), completes "
                "the hot-work checklist and keeps the area safe without prompting.",
                "Does all of level 3 and looks after others: sets welding screens, checks "
                "ventilation and briefs a partner on the fire watch.",
            ),
            (
                "Setup and layout",
                "Needs step-by-step help to set up the machine or lay out parts; polarity, "
                "amperage, gas or dimensions are wrong.",
                "Sets up and lays out with some help; settings are in range but not matched "
                "to the material or position, or the layout is outside \u00b11/16 in.",
                "Independently sets polarity, amperage or voltage and wire feed, and "
                "shielding gas for the material, thickness and position, and lays out parts "
                "from the print within \u00b11/16 in.",
                "As level 3, and tunes the settings from test beads and checks the layout "
                "against the print's welding symbols before tacking, explaining each choice.",
            ),
            (
                "Weld quality",
                "Welds show cracks, lack of fusion or heavy porosity and would fail visual "
                "inspection.",
                "Most welds pass visual inspection, but some show undercut deeper than "
                "1/32 in., overlap, or a leg size more than 1/16 in. off the drawing.",
                "Every weld meets the program's visual acceptance criteria (no cracks, full "
                "fusion, undercut within 1/32 in., leg size within 1/16 in.) and the break "
                "test passes where the badge asks for one.",
                "As level 3, with an even bead profile and ripple in every position, and a "
                "break test with no visible discontinuities.",
            ),
            (
                "Technical documentation",
                "Settings, positions or results are missing; the photos do not show what "
                "was welded.",
                "Settings and positions are recorded, but photos or measurements are "
                "incomplete or unlabeled.",
                "Labeled photos of every coupon or part, the machine settings used, and an "
                "inspection record with measurements.",
                "Records complete enough for another welder to reproduce the work, with "
                "notes on what changed between attempts and why.",
            ),
        ),
    ),
    WORKPLACE_RUBRIC: RubricSpec(
        name="Work-Based Learning Readiness",
        description=(
            "For internship badges: scored by the industry mentor from the hours log, "
            "the supervisor's sign-off and the student's reflection."
        ),
        criteria=(
            (
                "Professional conduct",
                "Often late or absent without notice; needs frequent redirection on the job.",
                "Usually on time; gives notice of absences but needs reminders about "
                "workplace expectations.",
                "On time for every scheduled shift or gives notice in advance, dresses for "
                "the shop and follows workplace rules without reminders.",
                "As level 3, and takes on tasks unasked and is trusted to work with "
                "light supervision.",
            ),
            (
                "Safe work on the job",
                "Has been stopped for unsafe work or skipped the employer's safety orientation.",
                "Follows the employer's safety rules when supervised closely.",
                "Completed the safety orientation and follows the employer's lockout, hot-work "
                "and PPE rules on every shift.",
                "As level 3, and reports hazards or near misses to the supervisor.",
            ),
            (
                "Communication and teamwork",
                "Rarely asks questions; instructions often have to be repeated.",
                "Asks for help when stuck and works with a partner on assigned tasks.",
                "Confirms instructions, reports progress and problems to the lead, and works "
                "well on a crew.",
                "As level 3, and explains the work clearly to visitors or newer interns.",
            ),
            (
                "Hours and task log",
                "No log, or a log that the supervisor has not signed.",
                "A signed log that falls short of the required hours or leaves out tasks.",
                "A log signed by the supervisor showing at least 60 hours, with the tasks "
                "done on each shift.",
                "As level 3, with notes on the skills practiced and the feedback received.",
            ),
        ),
    ),
    EDUCATOR_RUBRIC: RubricSpec(
        name="Educator Practice",
        description=(
            "For educator micro-credentials: scored by an instructional coach (or a "
            "district admin) from the teacher's plan, student work and reflection."
        ),
        criteria=(
            (
                "Planning",
                "The plan lists activities with no learning goal, or the tool was chosen "
                "before the goal.",
                "Goals are stated, but every student follows the same path and the tool's "
                "fit with the goal is not explained.",
                "The plan starts from clear competency goals, chooses accessible tools that "
                "fit them and protect student data, and builds in student choice.",
                "As level 3, and the plan anticipates particular students' needs, including "
                "assistive technology, and was refined with a colleague or coach.",
            ),
            (
                "Implementation",
                "The evidence shows the lesson did not run as planned or students could not "
                "use the tools.",
                "The lesson ran, but students mostly did the same thing at the same pace and "
                "checks for understanding were rare.",
                "Student work and observation show students working on different paths, with "
                "formative checks that changed instruction during the lesson.",
                "As level 3, and students manage their own pace and help one another while "
                "the teacher confers with small groups.",
            ),
            (
                "Reflection on student data",
                "The reflection describes activities without student results.",
                "Results are reported, but not connected to the teacher's decisions.",
                "The reflection uses de-identified student data to explain what worked, for "
                "whom, and what the teacher will change next.",
                "As level 3, and a second data point shows whether the change made a difference.",
            ),
        ),
    ),
}


# --- approval policies ------------------------------------------------------------


@dataclass(frozen=True)
class PolicySpec:
    badges: tuple[str, ...]
    rubric: str
    required_kinds: tuple[str, ...] = ()
    approvals_needed: int = 1
    allow_section_teacher: bool = False
    allow_coach: bool = False
    allow_mentor: bool = False
    allow_supervisor: bool = False
    allow_admin: bool = False
    allow_teacher_on_behalf: bool = False
    moderation_rate: Decimal = Decimal(0)


POLICIES = [
    # CTE performance badges: the placement supervisor and the section teacher both approve.
    PolicySpec(
        badges=(
            "welding-safety",
            "smaw-fundamentals",
            "gmaw-fillet-welds",
            "weld-print-reading",
            "thermal-cutting",
        ),
        rubric=WELDING_RUBRIC,
        required_kinds=(ReviewerKind.SUPERVISOR, ReviewerKind.SECTION_TEACHER),
        approvals_needed=2,
        allow_section_teacher=True,
        allow_mentor=True,
        allow_supervisor=True,
        allow_teacher_on_behalf=True,
        moderation_rate=Decimal("0.25"),
    ),
    # Industry-endorsed: the student's placement mentor reviews and endorses.
    PolicySpec(
        badges=("work-ready-welding-intern",),
        rubric=WORKPLACE_RUBRIC,
        required_kinds=(ReviewerKind.MENTOR,),
        allow_mentor=True,
        moderation_rate=Decimal("0.25"),
    ),
    # Educator micro-credentials: the teacher's coach, or a district admin.
    PolicySpec(
        badges=(
            "blended-learning-designer",
            "data-driven-instruction",
            "digital-citizenship-mentor",
            "formative-assessment-with-technology",
            "cte-shop-safety-supervision",
        ),
        rubric=EDUCATOR_RUBRIC,
        allow_coach=True,
        allow_admin=True,
        moderation_rate=Decimal("0.10"),
    ),
]


# --- stories: what each submission went through -----------------------------------


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True)
class Reflection:
    text: str
    title: str = "Reflection"


@dataclass(frozen=True)
class Pdf:
    title: str
    filename: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Photo:
    title: str
    filename: str
    caption: str
    beads: int = 3


@dataclass(frozen=True)
class Submit:
    pass


@dataclass(frozen=True)
class Withdraw:
    reason: str


@dataclass(frozen=True)
class Revise:
    pass


@dataclass(frozen=True)
class Decide:
    """One review. `levels` are the scores in rubric order (one int: every criterion)."""

    reviewer: str
    decision: str
    levels: int | tuple[int, ...] = 3
    feedback: str = ""
    sampled: bool = False  # send this approval to the moderation committee


Step = Link | Reflection | Pdf | Photo | Submit | Withdraw | Revise | Decide


@dataclass(frozen=True)
class Attempt:
    """One submission, started by the earner or (`by`) a teacher on their behalf."""

    steps: tuple[Step, ...]
    by: str | None = None


@dataclass(frozen=True)
class Story:
    earner: str
    badge: str
    attempts: tuple[Attempt, ...]


APPROVE, CHANGES, DECLINE = (
    Review.Decision.APPROVE,
    Review.Decision.CHANGES,
    Review.Decision.DECLINE,
)

STORIES: list[Story] = [
    # Jordan: withdrew a first try, had changes requested, and resubmitted as version 2.
    # Waiting for the supervisor and the teacher (and visible to the mentor).
    Story(
        "student",
        "weld-print-reading",
        (
            Attempt(
                (
                    Pdf(
                        "Welding symbols worksheet",
                        "symbols-worksheet.pdf",
                        (
                            "Jordan Reyes - Welding Technology I",
                            "Print: TVF-2231 gusset bracket, rev B",
                            "",
                            "1. Fillet, arrow side, 1/4 in., all around",
                            "2. Fillet, both sides, 3/16 in., 2-4 intermittent",
                            "3. Single-V groove, 60 degree included, 1/8 in. root opening",
                        ),
                    ),
                    Submit(),
                    Withdraw(
                        "I re-measured my bracket and two hole centers are 1/8 in. off the "
                        "print. I'll rebuild it before asking for a review."
                    ),
                )
            ),
            Attempt(
                (
                    Pdf(
                        "Welding symbols worksheet",
                        "symbols-worksheet.pdf",
                        (
                            "Jordan Reyes - Welding Technology I",
                            "Print: TVF-2231 gusset bracket, rev B",
                            "",
                            "1. Fillet, arrow side, 1/4 in., all around",
                            "2. Fillet, both sides, 3/16 in., 2-4 intermittent",
                            "3. Single-V groove, 60 degree included, 1/8 in. root opening",
                            "7. Fillet, arrow side, 1/4 in.",
                            "9. Fillet, arrow side, 3/16 in., field weld",
                        ),
                    ),
                    Photo("Gusset bracket, rebuilt", "bracket.png", "Bracket TVF-2231", beads=2),
                    Reflection(
                        "I rebuilt the bracket after finding my hole centers were off. This "
                        "time I laid out from the datum edge instead of measuring hole to "
                        "hole, and every dimension is within 1/16 in. Reading the symbols "
                        "was easier than laying out; the part I still double-check is which "
                        "side of the joint the arrow points to."
                    ),
                    Submit(),
                    Decide(
                        "teacher",
                        CHANGES,
                        levels=(3, 3, 3, 2),
                        feedback=(
                            "The bracket is within tolerance now - nice recovery. On the "
                            "worksheet, callouts 7 and 9 have the fillet symbol above the "
                            "reference line, so they are other-side welds, not arrow-side. "
                            "Correct those two and add a photo of the bracket with a tape "
                            "on the 4-inch leg."
                        ),
                    ),
                    Revise(),
                    Reflection(
                        "Corrected callouts 7 and 9 to other-side fillets: the symbol above "
                        "the reference line means the far side of the joint. Added a photo "
                        "with the tape on the 4-inch leg (it reads 4 1/32 in.).",
                        title="Corrections for version 2",
                    ),
                    Photo("Bracket with tape", "bracket-tape.png", "4-inch leg: 4 1/32 in.", 1),
                    Submit(),
                )
            ),
        ),
    ),
    # Jordan's internship evidence, waiting for the industry mentor.
    Story(
        "student",
        "work-ready-welding-intern",
        (
            Attempt(
                (
                    Pdf(
                        "Internship hours and task log",
                        "internship-log.pdf",
                        (
                            "Jordan Reyes - Treasure Valley Fabrication",
                            "Supervisor: Teresa Lund    Mentor: Sam Whitfield",
                            "",
                            "Week 1  12 h  Safety orientation, shop tour, grinding and prep",
                            "Week 2  14 h  Tack-up of trailer cross members with the crew",
                            "Week 3  13 h  GMAW on 3/16 in. brackets, 2F and 3F",
                            "Week 4  12 h  Plasma cutting gussets from CAD nests",
                            "Week 5  13 h  Fit-up and welding of stair stringers",
                            "",
                            "Total: 64 hours. Signed: T. Lund, shop supervisor",
                        ),
                    ),
                    Reflection(
                        "The biggest change from school was pace: the crew expects parts "
                        "fitted and tacked before the welder is free, so I learned to read "
                        "the traveler first. Sam showed me how to check squareness with "
                        "diagonals instead of a framing square on long parts."
                    ),
                    Submit(),
                )
            ),
        ),
    ),
    # Jordan has started (not submitted) thermal cutting evidence.
    Story(
        "student",
        "thermal-cutting",
        (
            Attempt(
                (
                    Link(
                        f"{EVIDENCE_HOST}/evidence/jreyes/plasma-bevel.mp4",
                        "Video: plasma bevel on 1/2 in. plate",
                    ),
                    Reflection(
                        "Draft: I still need photos of the oxyfuel cuts. The plasma bevels "
                        "are square, but the first one had dross on the bottom edge until I "
                        "slowed the travel speed."
                    ),
                )
            ),
        ),
    ),
    # Kayla: a first try declined (wrong process), then her teacher submitted the right
    # evidence on her behalf. Waiting for the supervisor; the teacher cannot review it.
    Story(
        "student2",
        "smaw-fundamentals",
        (
            Attempt(
                (
                    Photo("Fillet coupons", "coupons.png", "Fillet coupons 1F 2F 3F"),
                    Submit(),
                    Decide(
                        "supervisor",
                        DECLINE,
                        levels=(3, 2, 2, 1),
                        feedback=(
                            "These coupons were welded with the MIG machine (GMAW), which "
                            "you already hold a badge for. SMAW Fundamentals needs stick "
                            "welds made with E6010 and E7018 electrodes and the settings "
                            "you used. Start a new submission once you have welded the "
                            "SMAW set."
                        ),
                    ),
                )
            ),
            Attempt(
                (
                    Pdf(
                        "Inspection record: six SMAW coupons",
                        "smaw-inspection.pdf",
                        (
                            "Student: Kayla Nguyen    Inspector: M. Ortega",
                            "",
                            "Coupon  Position  Electrode  Amps  Result",
                            "1       1F        E6010      95    Accept",
                            "2       1F        E7018      120   Accept",
                            "3       2F        E6010      90    Accept",
                            "4       2F        E7018      115   Accept",
                            "5       3F        E6010      85    Accept (undercut 1/64 in.)",
                            "6       3F        E7018      105   Accept",
                        ),
                    ),
                    Photo("SMAW coupons", "smaw-coupons.png", "SMAW coupons E6010/E7018", 6),
                    Submit(),
                ),
                by="teacher",
            ),
        ),
    ),
    # Kayla: approved by the supervisor and the teacher (badge awarded), and sampled for
    # moderation: the committee has a case waiting.
    Story(
        "student2",
        "weld-print-reading",
        (
            Attempt(
                (
                    Pdf(
                        "Welding symbols worksheet",
                        "symbols-worksheet.pdf",
                        (
                            "Kayla Nguyen - Welding Technology I",
                            "Print: TVF-2231 gusset bracket, rev B",
                            "",
                            "Ten of ten symbols read correctly (checked by Mr. Ortega).",
                        ),
                    ),
                    Photo("Gusset bracket", "bracket.png", "Bracket TVF-2231", beads=2),
                    Submit(),
                    Decide(
                        "supervisor",
                        APPROVE,
                        levels=(3, 4, 3, 3),
                        feedback="Built to print on the first try. You can lay out for my crew.",
                    ),
                    Decide(
                        "teacher",
                        APPROVE,
                        levels=(3, 3, 3, 4),
                        feedback="Clean worksheet and a square bracket. Well documented.",
                        sampled=True,
                    ),
                )
            ),
        ),
    ),
    # Kayla: approved by the supervisor, waiting for the section teacher (in review).
    Story(
        "student2",
        "thermal-cutting",
        (
            Attempt(
                (
                    Photo("Plasma and oxyfuel bevels", "bevels.png", "Bevels, 1/2 in. plate", 4),
                    Reflection(
                        "I cut four 30-degree bevels, two with the plasma torch and two "
                        "with oxyfuel. The oxyfuel cuts needed more grinding; I had the "
                        "preheat flames too far from the plate on the first one."
                    ),
                    Submit(),
                    Decide(
                        "supervisor",
                        APPROVE,
                        feedback="Square, dross-free edges on the plasma cuts. Good torch control.",
                    ),
                )
            ),
        ),
    ),
    # Kayla: the mentor asked for changes (version 1 review with feedback).
    Story(
        "student2",
        "work-ready-welding-intern",
        (
            Attempt(
                (
                    Pdf(
                        "Internship hours and task log",
                        "internship-log.pdf",
                        (
                            "Kayla Nguyen - Treasure Valley Fabrication",
                            "",
                            "Week 1  12 h  Safety orientation and fit-up basics",
                            "Week 2  12 h  Fit-up of handrail sections",
                            "Week 3  12 h  Tacking and grinding, structural crew",
                            "Week 4  12 h  Plasma table: loading plate, pulling parts",
                            "",
                            "Total: 48 hours",
                        ),
                    ),
                    Submit(),
                    Decide(
                        "mentor",
                        CHANGES,
                        levels=(3, 3, 3, 2),
                        feedback=(
                            "Good work on the crew - everyone says so. The log shows 48 "
                            "hours and the badge needs 60, and it has no supervisor "
                            "signature yet. Add your June shifts once Teresa has signed "
                            "them and send it back."
                        ),
                    ),
                )
            ),
        ),
    ),
    # Marcus (teacher): approved by the coach; the badge is awarded.
    Story(
        "teacher",
        "digital-citizenship-mentor",
        (
            Attempt(
                (
                    Pdf(
                        "Lesson plan: checking a product data sheet",
                        "lesson-plan.pdf",
                        (
                            "Welding Technology I - 50 minutes",
                            "Goal: students judge whether an online source about a "
                            "filler metal is accurate, current and from the manufacturer.",
                            "",
                            "1. Warm-up: three search results for 'E7018 amperage'",
                            "2. Lateral reading in pairs: who published each one?",
                            "3. Compare with the manufacturer's data sheet",
                            "4. Exit ticket: which source would you trust, and why?",
                        ),
                    ),
                    Link(
                        f"{EVIDENCE_HOST}/evidence/mortega/quiz-tool-privacy-review",
                        "Privacy review of the shop's quiz tool",
                    ),
                    Reflection(
                        "Most students trusted the first search result until they compared "
                        "it with the data sheet. 21 of 24 exit tickets named the "
                        "manufacturer; I'll repeat the routine before the SMAW unit."
                    ),
                    Submit(),
                    Decide(
                        "coach",
                        APPROVE,
                        levels=(3, 4, 3),
                        feedback=(
                            "A practical lesson that fits the shop. The privacy review is a "
                            "model for other CTE teachers."
                        ),
                    ),
                )
            ),
        ),
    ),
    # Priya (teacher2) resubmits for the badge revoked in error; waiting for the coach.
    Story(
        "teacher2",
        "data-driven-instruction",
        (
            Attempt(
                (
                    Pdf(
                        "Data cycle: argument writing, English 10",
                        "data-cycle.pdf",
                        (
                            "Starting data: claim-and-evidence rubric, 27 students",
                            "  Level 1: 6   Level 2: 11   Level 3: 8   Level 4: 2",
                            "",
                            "Groups: counterclaims (6), evidence selection (11), extension (10)",
                            "Students charted their own rubric scores and set one goal.",
                            "",
                            "Three weeks later: Level 1: 1   Level 2: 7   Level 3: 14   Level 4: 5",
                        ),
                    ),
                    Reflection(
                        "Grouping by the rubric row rather than the overall score helped "
                        "most: the evidence-selection group moved the furthest. Students "
                        "who charted their scores asked for conferences on their own."
                    ),
                    Submit(),
                )
            ),
        ),
    ),
]


# --- the seeder -------------------------------------------------------------------


def seed_evidence(
    created: Counter[str],
    *,
    district: Organization,
    employer: Organization,
    users: dict[str, User],
    badges: dict[str, BadgeClass],
) -> None:
    """Placements, rubrics, policies, the committee, then the stories. Idempotent."""
    _placements(created, employer, users)
    rubrics = {key: _rubric(created, district, spec) for key, spec in RUBRICS.items()}
    _policies(created, rubrics, badges)
    _committee(created, district, users)
    for story in STORIES:
        _play(created, story, users, badges)


def _placements(created: Counter[str], employer: Organization, users: dict[str, User]) -> None:
    today = timezone.localdate()
    for spec in PLACEMENTS:
        _, made = Placement.objects.get_or_create(
            student=users[spec.student],
            organization=employer,
            defaults={
                "supervisor": users["supervisor"],
                "mentor": users["mentor"],
                "title": spec.title,
                "starts_on": today - timedelta(days=spec.started_days_ago),
                "ends_on": None,  # ongoing, so the demo's routing never lapses
            },
        )
        created["placements"] += made


def _rubric(created: Counter[str], district: Organization, spec: RubricSpec) -> Rubric:
    rubric, made = Rubric.objects.get_or_create(
        organization=district, name=spec.name, defaults={"description": spec.description}
    )
    created["rubrics"] += made
    for position, (name, one, two, three, four) in enumerate(spec.criteria):
        _, made = RubricCriterion.objects.get_or_create(
            rubric=rubric,
            position=position,
            defaults={
                "name": name,
                "level_1": one,
                "level_2": two,
                "level_3": three,
                "level_4": four,
            },
        )
        created["rubric criteria"] += made
    return rubric


def _policies(
    created: Counter[str], rubrics: dict[str, Rubric], badges: dict[str, BadgeClass]
) -> None:
    for spec in POLICIES:
        for slug in spec.badges:
            _, made = ApprovalPolicy.objects.get_or_create(
                badge_class=badges[slug],
                defaults={
                    "rubric": rubrics[spec.rubric],
                    "required_kinds": [str(k) for k in spec.required_kinds],
                    "approvals_needed": spec.approvals_needed,
                    "allow_section_teacher": spec.allow_section_teacher,
                    "allow_coach": spec.allow_coach,
                    "allow_mentor": spec.allow_mentor,
                    "allow_supervisor": spec.allow_supervisor,
                    "allow_admin": spec.allow_admin,
                    "allow_self_submission": True,
                    "allow_teacher_on_behalf": spec.allow_teacher_on_behalf,
                    "moderation_rate": spec.moderation_rate,
                },
            )
            created["approval policies"] += made


def _committee(created: Counter[str], district: Organization, users: dict[str, User]) -> None:
    committee, made = ReviewerGroup.objects.get_or_create(
        organization=district,
        name=COMMITTEE_NAME,
        defaults={"is_moderation_committee": True},
    )
    created["reviewer groups"] += made
    committee.members.add(*(users[k] for k in COMMITTEE_MEMBERS))  # adds only what is missing


def _play(
    created: Counter[str], story: Story, users: dict[str, User], badges: dict[str, BadgeClass]
) -> None:
    earner, badge = users[story.earner], badges[story.badge]
    if Submission.objects.filter(earner=earner, badge_class=badge).exists():
        return  # played before (or the earner has since started one by hand)
    if Assertion.objects.filter(
        badge_class=badge, recipient=earner, revoked_at__isnull=True
    ).exists():
        return  # holds it already: an approval could not award it
    for attempt in story.attempts:
        actor = users[attempt.by] if attempt.by else earner
        submission = services.submission_start(actor=actor, earner=earner, badge_class=badge)
        created["submissions"] += 1
        for step in attempt.steps:
            submission = _step(created, step, submission, actor, users)


def _step(
    created: Counter[str], step: Step, submission: Submission, actor: User, users: dict[str, User]
) -> Submission:
    match step:
        case Link(url=url, title=title):
            services.artifact_add_link(actor=actor, submission=submission, url=url, title=title)
            created["artifacts"] += 1
        case Reflection(text=text, title=title):
            services.artifact_add_reflection(
                actor=actor, submission=submission, text=text, title=title
            )
            created["artifacts"] += 1
        case Pdf(title=title, filename=filename, lines=lines):
            data = documents.pdf_document(title=title, lines=lines)
            upload = SimpleUploadedFile(filename, data, content_type="application/pdf")
            services.artifact_add_file(
                actor=actor, submission=submission, upload=upload, title=title
            )
            created["artifacts"] += 1
        case Photo(title=title, filename=filename, caption=caption, beads=beads):
            data = documents.photo_png(caption=caption, beads=beads)
            upload = SimpleUploadedFile(filename, data, content_type="image/png")
            services.artifact_add_file(
                actor=actor, submission=submission, upload=upload, title=title
            )
            created["artifacts"] += 1
        case Submit():
            submission = services.submission_submit(actor=actor, submission=submission)
        case Withdraw(reason=reason):
            submission = services.submission_withdraw(
                actor=actor, submission=submission, reason=reason
            )
        case Revise():
            submission = services.submission_revise(actor=actor, submission=submission)
        case Decide():
            submission = _decide(created, step, submission, users)
        case _:  # pragma: no cover - a new kind of step without a case
            raise TypeError(f"Unknown step {step!r}")
    return submission


def _decide(
    created: Counter[str], step: Decide, submission: Submission, users: dict[str, User]
) -> Submission:
    criteria = list(submission.badge_class.approval_policy.rubric.criteria.order_by("position"))
    levels = step.levels if isinstance(step.levels, tuple) else (step.levels,) * len(criteria)
    if len(levels) != len(criteria):
        raise ValueError(f"{step.reviewer}'s review of {submission}: one level per criterion")
    sampler: Callable[[Submission, Decimal], bool] = (
        (lambda s, r: True) if step.sampled else (lambda s, r: False)
    )
    services.review_submit(
        actor=users[step.reviewer],
        submission=submission,
        decision=step.decision,
        scores={str(c.public_id): level for c, level in zip(criteria, levels, strict=True)},
        feedback=step.feedback,
        sampler=sampler,  # the demo decides which approval is sampled, not the seed's hash
    )
    created["reviews"] += 1
    submission.refresh_from_db()
    if submission.status == Submission.Status.APPROVED:
        created["evidence awards"] += 1
        created["moderation cases"] += ModerationCase.objects.filter(submission=submission).exists()
    return submission


# --- what each demo person will find -----------------------------------------------


@dataclass
class Findings:
    email: str
    lines: list[str] = field(default_factory=list)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _describe(submissions: list[Submission]) -> str:
    return "; ".join(f"{s.badge_class.name} - {s.earner.get_full_name()}" for s in submissions)


def role_findings(users: dict[str, User]) -> list[Findings]:
    """Read back, through the selectors the pages use, what each demo person has waiting."""
    out: list[Findings] = []
    for key, user in users.items():
        found = Findings(user.email)
        queue = list(selectors.review_queue(user=user))
        if queue:
            found.lines.append(
                f"{_plural(len(queue), 'submission')} to review ({_describe(queue)})"
            )
        cases = list(selectors.moderation_queue(user=user))
        if cases:
            found.lines.append(
                f"{_plural(len(cases), 'approval')} to moderate "
                f"({_describe([c.submission for c in cases])})"
            )
        flagged = selectors.moderation_flagged_for_admin(user=user).count()
        if flagged:
            found.lines.append(f"{_plural(flagged, 'flagged approval')} to resolve")
        mine = list(
            selectors.submissions_of_earner(user=user).filter(earner=user).order_by("status", "pk")
        )
        if mine:
            by_status = Counter(Submission.Status(s.status).label.lower() for s in mine)
            summary = ", ".join(f"{n} {label}" for label, n in sorted(by_status.items()))
            found.lines.append(f"own submissions: {summary}")
        for_others = (
            selectors.submissions_of_earner(user=user)
            .filter(~Q(earner=user), submitted_by=user)
            .count()
        )
        if for_others:
            found.lines.append(f"{_plural(for_others, 'submission')} made on a student's behalf")
        if key == BROWSER_TEST_EARNER:
            found.lines.append(_fresh_badge_line(user))
        out.append(found)
    return out


def _fresh_badge_line(student: User) -> str:
    badge = BadgeClass.objects.get(slug=BROWSER_TEST_BADGE)
    if Submission.objects.filter(earner=student, badge_class=badge).exists():
        return f"{badge.name}: already started (the browser-test badge is no longer fresh)"
    return (
        f"free to start: {badge.name} (no submission, not held; "
        "the supervisor and the welding teacher approve)"
    )
