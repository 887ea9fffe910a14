"""A believable demo district: people, frameworks, badges, awards and evidence.

`seed_demo()` is idempotent. Every row is found by a stable key (slug, e-mail,
code) before it is made, badges are created through `badge_class_create`,
awarded through `assertion_award` and revoked through `assertion_revoke`, and an
award is only made when the person has never held that badge, so a second run
creates, changes and audits nothing.

The evidence workflow (placements, rubrics, approval policies, a moderation
committee and submissions in every status) is in `demo/submissions.py`; its
submissions, reviews and awards are all made through `evidence.services`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Membership, Organization, Section, User
from badges.models import Assertion, BadgeClass, Issuer
from badges.openbadges.ob2 import EvidenceItem
from badges.services import badge_class_create, badge_class_set_curriculum
from coaching.models import CoachingAssignment
from coaching.services import assignment_create
from competencies.models import Competency, Framework
from pathways.services import assertion_award, assertion_revoke

from . import images, submissions
from .submissions import Findings

DEMO_PASSWORD = "cairn-demo-2025"  # noqa: S105 - printed for people trying the demo
EMAIL_DOMAIN = "demo.cairn.test"
ACTOR_LABEL = "seed_demo"
QUIET_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

CASE_SAMPLE = Path(settings.BASE_DIR) / "competencies" / "samples" / "idaho-cte-welding.case.json"
ET_SLUG = "educator-technology"
CTE_SLUG = "cte-welding"

Role = Membership.Role
Kind = Organization.Kind


# --- organizations ---------------------------------------------------------------

DISTRICT = "snake-river-sd"
HIGH_SCHOOL = "snake-river-hs"
EMPLOYER = "treasure-valley-fabrication"
COLLEGE = "owyhee-technical-college"
COLLEGE_NAME = "Owyhee Technical College"

ORGANIZATIONS: list[dict[str, str | None]] = [
    {
        "slug": DISTRICT,
        "name": "Snake River School District",
        "kind": Kind.DISTRICT,
        "parent": None,
        "url": "https://snakeriver-sd.example.org",
        "email": "office@snakeriver-sd.example.org",
    },
    {
        "slug": HIGH_SCHOOL,
        "name": "Snake River High School",
        "kind": Kind.SCHOOL,
        "parent": DISTRICT,
        "url": "https://srhs.snakeriver-sd.example.org",
        "email": "srhs@snakeriver-sd.example.org",
    },
    {
        "slug": "canyon-ms",
        "name": "Canyon Middle School",
        "kind": Kind.SCHOOL,
        "parent": DISTRICT,
        "url": "https://cms.snakeriver-sd.example.org",
        "email": "cms@snakeriver-sd.example.org",
    },
    {
        "slug": "riverside-es",
        "name": "Riverside Elementary School",
        "kind": Kind.SCHOOL,
        "parent": DISTRICT,
        "url": "https://res.snakeriver-sd.example.org",
        "email": "res@snakeriver-sd.example.org",
    },
    {
        "slug": EMPLOYER,
        "name": "Treasure Valley Fabrication",
        "kind": Kind.EMPLOYER,
        "parent": None,
        "url": "https://treasurevalleyfab.example.com",
        "email": "apprenticeships@treasurevalleyfab.example.com",
    },
    {
        "slug": COLLEGE,
        "name": COLLEGE_NAME,
        "kind": Kind.COLLEGE,
        "parent": None,
        "url": "https://owyhee-tech.example.edu",
        "email": "dualcredit@owyhee-tech.example.edu",
    },
    {
        "slug": "gem-state-welding-association",
        "name": "Gem State Welding & Fabrication Association",
        "kind": Kind.ASSOCIATION,
        "parent": None,
        "url": "https://gemstatewelding.example.org",
        "email": "info@gemstatewelding.example.org",
    },
]


# --- people ----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    key: str
    name: str
    role: str
    organization: str
    minor: bool = False
    superuser: bool = False
    title: str = ""

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"


USERS: list[DemoUser] = [
    DemoUser(
        "admin",
        "Dana Whitaker",
        Role.ADMIN,
        DISTRICT,
        superuser=True,
        title="District admin, Snake River School District (also Django superuser)",
    ),
    DemoUser(
        "teacher",
        "Marcus Ortega",
        Role.TEACHER,
        HIGH_SCHOOL,
        title="Welding teacher, Snake River High School",
    ),
    DemoUser(
        "teacher2",
        "Priya Shah",
        Role.TEACHER,
        HIGH_SCHOOL,
        title="English & digital literacy teacher, Snake River High School",
    ),
    DemoUser(
        "coach",
        "Elena Brooks",
        Role.COACH,
        DISTRICT,
        title="Instructional coach, Snake River School District",
    ),
    DemoUser(
        "student",
        "Jordan Reyes",
        Role.STUDENT,
        HIGH_SCHOOL,
        minor=True,
        title="Student (minor), Welding Technology I",
    ),
    DemoUser(
        "student2",
        "Kayla Nguyen",
        Role.STUDENT,
        HIGH_SCHOOL,
        minor=True,
        title="Student (minor), Welding Technology I and English 10",
    ),
    DemoUser(
        "mentor",
        "Sam Whitfield",
        Role.MENTOR,
        EMPLOYER,
        title="Industry mentor, Treasure Valley Fabrication",
    ),
    DemoUser(
        "supervisor",
        "Teresa Lund",
        Role.SUPERVISOR,
        EMPLOYER,
        title="Internship supervisor, Treasure Valley Fabrication",
    ),
]

SECTIONS: list[dict[str, object]] = [
    {
        "code": "CTE-WELD-1",
        "name": "Welding Technology I",
        "course_code": "WELD-1",
        "subject": "Welding",
        "school": HIGH_SCHOOL,
        "teachers": ["teacher"],
        "students": ["student", "student2"],
    },
    {
        "code": "ENG-10-3",
        "name": "English 10, Period 3",
        "course_code": "ENG-10",
        "subject": "English Language Arts",
        "school": HIGH_SCHOOL,
        "teachers": ["teacher2"],
        "students": ["student2"],
    },
]


# --- competency frameworks -------------------------------------------------------

# (code, statement, children)
ET_FRAMEWORK = {
    "slug": ET_SLUG,
    "title": "Snake River Educator Technology Competencies",
    "creator": "Snake River School District",
    "version": "2025.1",
    "description": (
        "What a Snake River teacher shows when they use technology to personalize "
        "learning. Written by the district's instructional technology team for its "
        "educator micro-credentials."
    ),
    "items": [
        (
            "ET.1",
            "Designs learning experiences with technology.",
            [
                (
                    "ET.1.1",
                    "Designs blended lessons that combine face-to-face and online work and "
                    "give students choice in pace, place and path.",
                ),
                (
                    "ET.1.2",
                    "Selects digital tools that fit the learning goal and are accessible to "
                    "every student, including students who use assistive technology.",
                ),
                (
                    "ET.1.3",
                    "Uses technology for frequent formative checks and adjusts instruction "
                    "within the lesson from what they show.",
                ),
            ],
        ),
        (
            "ET.2",
            "Uses data to personalize learning.",
            [
                (
                    "ET.2.1",
                    "Reads competency and assessment data to group students and plan next "
                    "steps toward mastery.",
                ),
                (
                    "ET.2.2",
                    "Gives students access to their own progress data and helps them set and "
                    "track learning goals.",
                ),
            ],
        ),
        (
            "ET.3",
            "Models and teaches digital citizenship.",
            [
                (
                    "ET.3.1",
                    "Teaches students to evaluate online sources for accuracy, bias and purpose.",
                ),
                (
                    "ET.3.2",
                    "Protects student data privacy (FERPA, COPPA) when choosing and using "
                    "digital tools.",
                ),
                (
                    "ET.3.3",
                    "Teaches safe, respectful and responsible online communication.",
                ),
            ],
        ),
    ],
}

# Built directly when the CASE sample is not there to import; the same codes as the
# sample (competencies/samples/idaho-cte-welding.case.json), so badges align alike.
CTE_FRAMEWORK = {
    "slug": CTE_SLUG,
    "title": "Welding Technology (demo program standards)",
    "creator": "Cairn demo data",
    "version": "2025.1",
    "description": (
        "A small illustrative welding framework for the demo, shaped like a secondary "
        "career and technical education program's standards. It is not an official "
        "publication of any state agency."
    ),
    "items": [
        (
            "WLD.1",
            "Apply shop safety practices and the safe handling of welding and cutting equipment.",
            [
                (
                    "WLD.1.1",
                    "Select, inspect and wear personal protective equipment for arc welding, "
                    "including a helmet with the correct filter shade, flame-resistant "
                    "clothing, leather gloves and safety glasses.",
                ),
                (
                    "WLD.1.2",
                    "Store, transport and secure compressed gas cylinders, and set up "
                    "regulators, hoses and flashback arrestors.",
                ),
                (
                    "WLD.1.3",
                    "Identify fire, fume and electrical hazards in the work area and complete "
                    "a hot-work checklist, including a fire watch, before welding or cutting.",
                ),
            ],
        ),
        (
            "WLD.2",
            "Read welding prints and interpret welding symbols.",
            [
                (
                    "WLD.2.1",
                    "Interpret weld and welding symbols on a print, including weld type, "
                    "size, length, pitch and the arrow and other sides.",
                ),
                (
                    "WLD.2.2",
                    "Lay out, measure and mark parts from a print to a tolerance of "
                    "\u00b11/16 inch.",
                ),
            ],
        ),
        (
            "WLD.3",
            "Perform shielded metal arc welding (SMAW) on carbon steel.",
            [
                (
                    "WLD.3.1",
                    "Set up SMAW equipment: choose polarity and amperage for E6010 and E7018 "
                    "electrodes and store low-hydrogen electrodes correctly.",
                ),
                (
                    "WLD.3.2",
                    "Make fillet welds on carbon steel plate in the 1F, 2F and 3F positions "
                    "that meet visual acceptance criteria.",
                ),
            ],
        ),
        (
            "WLD.4",
            "Perform gas metal arc welding (GMAW) and thermal cutting.",
            [
                (
                    "WLD.4.1",
                    "Set up GMAW equipment for short-circuit transfer, selecting wire, "
                    "shielding gas, voltage and wire feed speed for the material thickness.",
                ),
                (
                    "WLD.4.2",
                    "Cut and bevel carbon steel plate with manual oxyfuel and plasma arc "
                    "cutting equipment to a print.",
                ),
            ],
        ),
    ],
}


# --- badge classes ---------------------------------------------------------------

# Competencies are named as (framework slug, code, keywords). The keywords find the
# competency in an imported CASE framework whose codes may differ from ours.
EDUCATOR = BadgeClass.Audience.EDUCATOR
STUDENT = BadgeClass.Audience.STUDENT

BADGES: list[dict[str, object]] = [
    {
        "slug": "blended-learning-designer",
        "name": "Blended Learning Designer",
        "audience": EDUCATOR,
        "art": ("BLD", "Educator", "#1d4ed8", "hexagon", "png"),
        "description": (
            "Designs and teaches a blended unit in which students choose their pace and "
            "path, and shows the effect on their learning."
        ),
        "criteria": (
            "Submit evidence of one blended unit you designed and taught:\n\n"
            "1. A unit plan showing the face-to-face and online parts and where students "
            "choose their pace, place or path.\n"
            "2. Two student work samples (names removed) from different points on the "
            "path.\n"
            "3. A 300-500 word reflection on what the data showed and what you would "
            "change.\n\n"
            "Your coach scores the evidence on the rubric; every criterion must reach "
            "3 (competent) on the 1-4 mastery scale."
        ),
        "tags": ["blended learning", "personalized learning", "educator"],
        "alignments": [(ET_SLUG, "ET.1.1", ()), (ET_SLUG, "ET.1.2", ())],
    },
    {
        "slug": "data-driven-instruction",
        "name": "Data-Driven Instruction",
        "audience": EDUCATOR,
        "art": ("DDI", "Educator", "#7c3aed", "hexagon", "png"),
        "description": (
            "Uses competency data to group students, plan next steps and help students own "
            "their progress."
        ),
        "criteria": (
            "Submit a data cycle from your own classroom:\n\n"
            "- the assessment or competency data you started from (de-identified),\n"
            "- the groups and next steps you planned from it,\n"
            "- how students saw their own progress and set a goal,\n"
            "- a reflection on the results two to four weeks later.\n\n"
            "Approved by an instructional coach at 3 (competent) or above on each "
            "criterion."
        ),
        "tags": ["data", "personalized learning", "educator"],
        "alignments": [(ET_SLUG, "ET.2.1", ()), (ET_SLUG, "ET.2.2", ())],
    },
    {
        "slug": "digital-citizenship-mentor",
        "name": "Digital Citizenship Mentor",
        "audience": EDUCATOR,
        "art": ("DC", "Educator", "#047857", "hexagon", "svg"),
        "description": (
            "Teaches students to judge online sources and communicate responsibly, and "
            "protects their data when choosing classroom tools."
        ),
        "criteria": (
            "Teach a digital citizenship lesson and submit:\n\n"
            "1. the lesson plan and materials,\n"
            "2. a short video clip or observation note from your coach,\n"
            "3. a privacy review of one digital tool you use (what student data it "
            "collects, and why it meets district policy).\n\n"
            "Scored on the district rubric; all criteria at 3 (competent) or above."
        ),
        "tags": ["digital citizenship", "privacy", "educator"],
        "alignments": [
            (ET_SLUG, "ET.3.1", ()),
            (ET_SLUG, "ET.3.2", ()),
            (ET_SLUG, "ET.3.3", ()),
        ],
    },
    {
        "slug": "formative-assessment-with-technology",
        "name": "Formative Assessment with Technology",
        "audience": EDUCATOR,
        "art": ("FA", "Educator", "#b45309", "hexagon", "png"),
        "description": (
            "Checks for understanding with digital tools during a lesson and adjusts "
            "instruction from the results. Carries graduate credit at the partner college."
        ),
        "criteria": (
            "Submit evidence from three lessons in which you used a digital formative "
            "check:\n\n"
            "- the check itself and the results (de-identified),\n"
            "- what you changed in the lesson because of them,\n"
            "- a reflection connecting the three lessons.\n\n"
            f"{COLLEGE_NAME} accepts this badge as 1 credit of EDU 597 (Professional "
            "Development) when it is approved at 3 (competent) or above."
        ),
        "tags": ["assessment", "educator", "credit"],
        "alignments": [(ET_SLUG, "ET.1.3", ()), (ET_SLUG, "ET.2.1", ())],
        "extra": {
            "credit_institution": COLLEGE_NAME,
            "credit_hours": Decimal(1),
            "credit_course_code": "EDU 597",
        },
    },
    {
        "slug": "cte-shop-safety-supervision",
        "name": "CTE Lab & Shop Safety Supervision",
        "audience": EDUCATOR,
        "art": ("LSS", "Renew yearly", "#b91c1c", "hexagon", "png"),
        "description": (
            "Supervises a CTE lab or shop safely: equipment, hot work, ventilation and "
            "student PPE. Renewed every year."
        ),
        "criteria": (
            "Every school year, submit:\n\n"
            "1. your completed shop safety inspection checklist,\n"
            "2. your student safety-test roster showing 100% before anyone runs equipment,\n"
            "3. the emergency and fire-watch plan posted in your lab.\n\n"
            "Reviewed by the district CTE coordinator. The badge expires after 365 days."
        ),
        "tags": ["CTE", "safety", "educator", "annual"],
        "alignments": [
            (CTE_SLUG, "WLD.1.3", ("hot-work", "fume")),
            (CTE_SLUG, "WLD.1.2", ("cylinder", "compressed gas")),
        ],
        "extra": {"valid_for_days": 365},
    },
    {
        "slug": "welding-safety",
        "taught_in": ["CTE-WELD-1"],
        "name": "Welding Safety",
        "audience": STUDENT,
        "art": ("WS", "Welding Safety", "#c2410c", "circle", "png"),
        "description": (
            "Works safely in a welding shop: protective equipment, fire prevention, fumes "
            "and compressed gases."
        ),
        "criteria": (
            "The student:\n\n"
            "- scores 100% on the shop safety test (retakes allowed),\n"
            "- passes a PPE and work-area check observed by the teacher,\n"
            "- demonstrates a cylinder and regulator inspection,\n"
            "- explains the fire-watch procedure for hot work.\n\n"
            "Approved by the welding teacher. Required before running any welding or "
            "cutting equipment."
        ),
        "tags": ["CTE", "welding", "safety", "student"],
        "alignments": [
            (CTE_SLUG, "WLD.1.1", ("protective equipment",)),
            (CTE_SLUG, "WLD.1.2", ("cylinder", "compressed gas")),
            (CTE_SLUG, "WLD.1.3", ("hot-work", "fume")),
        ],
        "cte_competency": (CTE_SLUG, "WLD.1", ("shop safety",)),
    },
    {
        "slug": "smaw-fundamentals",
        "taught_in": ["CTE-WELD-1"],
        "name": "SMAW Fundamentals",
        "audience": STUDENT,
        "art": ("SMAW", "Stick welding", "#0f766e", "circle", "png"),
        "description": (
            "Sets up shielded metal arc welding equipment and makes sound fillet welds in "
            f"the flat, horizontal and vertical positions. Equals 3 credits of WELD 101 at {COLLEGE_NAME}."
        ),
        "criteria": (
            "The student submits photos of six fillet-weld coupons (1F, 2F and 3F) with the "
            "machine settings used, and the teacher's visual inspection record shows each "
            "coupon meets the program's acceptance criteria: no cracks, full fusion, "
            "undercut no deeper than 1/32 in., and leg size within 1/16 in. of the drawing."
            "\n\n"
            f"{COLLEGE_NAME} awards 3 credits of WELD 101 (Introduction to Welding) to "
            "holders who enroll in its welding program."
        ),
        "tags": ["CTE", "welding", "SMAW", "dual credit", "student"],
        "alignments": [
            (CTE_SLUG, "WLD.3.1", ("SMAW equipment", "electrode")),
            (CTE_SLUG, "WLD.3.2", ("fillet", "1F")),
        ],
        "extra": {
            "credit_institution": COLLEGE_NAME,
            "credit_hours": Decimal(3),
            "credit_course_code": "WELD 101",
        },
    },
    {
        "slug": "gmaw-fillet-welds",
        "taught_in": ["CTE-WELD-1"],
        "name": "GMAW Fillet Welds",
        "audience": STUDENT,
        "art": ("GMAW", "MIG welding", "#1e40af", "circle", "png"),
        "description": (
            "Sets up gas metal arc welding equipment and makes fillet welds that pass visual "
            "inspection and a break test."
        ),
        "criteria": (
            "The student sets up a GMAW machine (wire, gas, voltage, wire feed speed) and "
            "welds 1F and 2F fillet coupons that pass visual inspection and a fillet break "
            "test, witnessed by the teacher or an industry mentor."
        ),
        "tags": ["CTE", "welding", "GMAW", "student"],
        "alignments": [
            (CTE_SLUG, "WLD.4.1", ("GMAW equipment", "wire feed")),
        ],
        "cte_competency": (CTE_SLUG, "WLD.4.1", ("GMAW equipment", "wire feed")),
    },
    {
        "slug": "weld-print-reading",
        "taught_in": ["CTE-WELD-1"],
        "name": "Print Reading & Weld Symbols",
        "audience": STUDENT,
        "art": ("PR", "Print reading", "#334155", "hexagon", "svg"),
        "description": (
            "Reads fabrication drawings and welding symbols well enough to build a part "
            "from a print."
        ),
        "criteria": (
            "The student interprets ten welding symbols on a fabrication drawing with no "
            "more than one error, and builds a small bracket from the print within the "
            "drawing's tolerances."
        ),
        "tags": ["CTE", "welding", "blueprints", "student"],
        "alignments": [
            (CTE_SLUG, "WLD.2.1", ("welding symbols",)),
            (CTE_SLUG, "WLD.2.2", ("lay out", "tolerance")),
        ],
        "cte_competency": (CTE_SLUG, "WLD.2", ("prints",)),
    },
    {
        "slug": "thermal-cutting",
        "taught_in": ["CTE-WELD-1"],
        "name": "Oxyfuel & Plasma Cutting",
        "audience": STUDENT,
        "art": ("CUT", "Thermal cutting", "#9a3412", "circle", "png"),
        "description": (
            "Cuts and bevels carbon steel plate to a print with manual oxyfuel and plasma "
            "arc equipment, leaving square, dross-free edges."
        ),
        "criteria": (
            "The student sets up and safely operates oxyfuel and plasma arc cutting "
            "equipment, and cuts and bevels four 1/2 in. plates to a print: edges square "
            "within 1/16 in., bevel angles within 2.5 degrees, and no dross left on the "
            "bottom edge. Photos of the cuts and a short reflection are submitted; the "
            "internship supervisor and the welding teacher both approve."
        ),
        "tags": ["CTE", "welding", "cutting", "student"],
        "alignments": [(CTE_SLUG, "WLD.4.2", ("oxyfuel", "plasma"))],
        "cte_competency": (CTE_SLUG, "WLD.4.2", ("oxyfuel", "plasma")),
    },
    {
        "slug": "work-ready-welding-intern",
        "taught_in": ["CTE-WELD-1"],
        "name": "Work-Ready Welding Intern",
        "audience": STUDENT,
        "art": ("WRI", "Industry ready", "#4d7c0f", "circle", "png"),
        "description": (
            "Completes a 60-hour welding internship with professional conduct, certified by "
            "the internship supervisor and endorsed by an industry mentor."
        ),
        "criteria": (
            "The student completes at least 60 hours in a work-based learning placement and "
            "submits a log of hours and tasks, signed by the internship supervisor, and a "
            "reflection. The industry mentor reviews the evidence for professional conduct, "
            "safe work and teamwork, and endorses the badge for the employer."
        ),
        "tags": ["CTE", "work-based learning", "internship", "student"],
        "alignments": [(CTE_SLUG, "WLD.1.3", ("hot-work", "fume"))],
    },
]


# --- awards ----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAward:
    badge: str
    recipient: str
    days_ago: int
    narrative: str = ""
    evidence: tuple[EvidenceItem, ...] = ()
    revoke_reason: str = ""


EVIDENCE_HOST = f"https://files.{EMAIL_DOMAIN}"

AWARDS: list[DemoAward] = [
    DemoAward(
        "welding-safety",
        "student",
        days_ago=120,
        narrative="Scored 100% on the shop safety test and passed the observed PPE check.",
        evidence=(
            EvidenceItem(
                url=f"{EVIDENCE_HOST}/evidence/jreyes/shop-safety-test.pdf",
                name="Shop safety test (100%)",
            ),
            EvidenceItem(
                url=f"{EVIDENCE_HOST}/evidence/jreyes/cylinder-inspection.mp4",
                name="Cylinder and regulator inspection (video)",
                narrative="Jordan talks through the leak check and cylinder storage rules.",
            ),
        ),
    ),
    DemoAward(
        "smaw-fundamentals",
        "student",
        days_ago=30,
        narrative="Six 1F/2F/3F coupons met the visual acceptance criteria on the first attempt.",
        evidence=(
            EvidenceItem(
                url=f"{EVIDENCE_HOST}/evidence/jreyes/smaw-coupons.jpg",
                name="SMAW 1F, 2F and 3F coupons",
            ),
            EvidenceItem(
                narrative="Inspection record signed by Mr. Ortega: no cracks, full fusion, "
                "undercut within limits.",
                name="Teacher inspection record",
            ),
        ),
    ),
    DemoAward(
        "welding-safety",
        "student2",
        days_ago=118,
        narrative="Passed the safety test and the observed PPE check.",
        evidence=(
            EvidenceItem(
                url=f"{EVIDENCE_HOST}/evidence/knguyen/shop-safety-test.pdf",
                name="Shop safety test (100%)",
            ),
        ),
    ),
    DemoAward(
        "gmaw-fillet-welds",
        "student2",
        days_ago=12,
        narrative="Coupons passed the break test, witnessed by the industry mentor.",
        evidence=(
            EvidenceItem(
                url=f"{EVIDENCE_HOST}/evidence/knguyen/gmaw-break-test.jpg",
                name="Fillet break test",
            ),
        ),
    ),
    DemoAward(
        "blended-learning-designer",
        "teacher",
        days_ago=200,
        narrative="A blended unit on joint design with self-paced video stations.",
        evidence=(
            EvidenceItem(
                url=f"{EVIDENCE_HOST}/evidence/mortega/joint-design-unit.pdf",
                name="Unit plan: joint design",
            ),
        ),
    ),
    DemoAward(
        "formative-assessment-with-technology",
        "teacher",
        days_ago=60,
        narrative="Exit tickets on weld defects changed the next day's demonstrations.",
    ),
    # Last year's safety supervision badge: valid for 365 days, so it has expired.
    DemoAward(
        "cte-shop-safety-supervision",
        "teacher",
        days_ago=400,
        narrative="Shop inspection, student safety roster and fire-watch plan for last year.",
    ),
    DemoAward(
        "digital-citizenship-mentor",
        "teacher2",
        days_ago=90,
        narrative="A lesson on lateral reading with a privacy review of the class's quiz tool.",
        evidence=(
            EvidenceItem(
                url=f"{EVIDENCE_HOST}/evidence/pshah/lateral-reading-lesson.pdf",
                name="Lesson plan: lateral reading",
            ),
        ),
    ),
    DemoAward(
        "data-driven-instruction",
        "teacher2",
        days_ago=45,
        revoke_reason=(
            "Awarded in error: the evidence was submitted for Blended Learning Designer. "
            "Please resubmit for this badge through your coach."
        ),
    ),
    DemoAward(
        "data-driven-instruction",
        "coach",
        days_ago=300,
        narrative="Led the district's data-cycle pilot with four teachers.",
    ),
    DemoAward(
        "digital-citizenship-mentor",
        "coach",
        days_ago=280,
    ),
]


# --- the seeder ------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    email: str
    role: str
    name: str
    title: str


@dataclass
class SeedReport:
    created: Counter[str] = field(default_factory=Counter)
    sign_ins: list[SignIn] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    cte_source: str = ""  # "imported CASE package" or "built in"
    student_assertion_url: str = ""
    revoked_assertion_url: str = ""
    findings: list[Findings] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def seed_demo() -> SeedReport:
    """Build (or complete) the demo district. Safe to run any number of times."""
    report = SeedReport()
    # The workflow e-mails every notice it records; the demo's made-up history should
    # not (the in-app notices are kept). The backend is swapped until after the commit,
    # when the notices' e-mail tasks run.
    with override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND), transaction.atomic():
        orgs = _organizations(report)
        users = _users(report, orgs)
        sections = _sections(report, orgs, users)
        frameworks = {
            ET_SLUG: _framework_built(report, ET_FRAMEWORK),
            CTE_SLUG: _cte_framework(report),
        }
        issuer = _issuer(report, orgs[DISTRICT])
        badges = _badge_classes(report, issuer, frameworks, users["admin"])
        _curriculum(report, badges, sections, users["admin"])
        assertions = _awards(report, badges, users)
        _caseloads(report, orgs, users)
        submissions.seed_evidence(
            report.created,
            district=orgs[DISTRICT],
            employer=orgs[EMPLOYER],
            users=users,
            badges=badges,
        )
    student = assertions.get(("welding-safety", "student"))
    revoked = next((a for a in assertions.values() if a.revoked_at is not None), None)
    report.student_assertion_url = student.get_absolute_url() if student else ""
    report.revoked_assertion_url = revoked.get_absolute_url() if revoked else ""
    report.sign_ins = [SignIn(u.email, u.role, u.name, u.title) for u in USERS]
    report.findings = submissions.role_findings(users)
    return report


def _organizations(report: SeedReport) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for spec in ORGANIZATIONS:
        parent = orgs[spec["parent"]] if spec["parent"] else None
        org, created = Organization.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "parent": parent,
                "url": spec["url"],
                "email": spec["email"],
            },
        )
        report.created["organizations"] += created
        orgs[org.slug] = org
    return orgs


def _users(report: SeedReport, orgs: dict[str, Organization]) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in USERS:
        user = User.objects.filter(email__iexact=spec.email).first()
        if user is None:
            make = User.objects.create_superuser if spec.superuser else User.objects.create_user
            user = make(
                email=spec.email, password=DEMO_PASSWORD, name=spec.name, is_minor=spec.minor
            )
            report.created["users"] += 1
        _, created = EmailAddress.objects.get_or_create(
            user=user,
            email=user.email,
            defaults={"verified": True, "primary": True},
        )
        report.created["verified e-mail addresses"] += created
        _, created = Membership.objects.get_or_create(
            user=user, organization=orgs[spec.organization], role=spec.role
        )
        report.created["memberships"] += created
        users[spec.key] = user
    return users


def _school_year() -> str:
    today = timezone.localdate()
    start = today.year if today.month >= 7 else today.year - 1
    return f"{start}-{start + 1}"


def _sections(
    report: SeedReport, orgs: dict[str, Organization], users: dict[str, User]
) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for spec in SECTIONS:
        section, created = Section.objects.get_or_create(
            school=orgs[spec["school"]],
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "school_year": _school_year(),
                "course_code": spec["course_code"],
                "subject": spec["subject"],
            },
        )
        report.created["sections"] += created
        # .add() inserts only the missing links.
        section.teachers.add(*(users[k] for k in spec["teachers"]))
        section.students.add(*(users[k] for k in spec["students"]))
        sections[section.code] = section
    return sections


def _framework_built(report: SeedReport, spec: dict) -> Framework:
    framework, created = Framework.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "title": spec["title"],
            "creator": spec["creator"],
            "version": spec["version"],
            "description": spec["description"],
        },
    )
    report.created["frameworks"] += created
    order = 0
    for code, statement, children in spec["items"]:
        order += 1
        parent = _competency_built(report, framework, code, statement, None, order)
        for child_code, child_statement in children:
            order += 1
            _competency_built(report, framework, child_code, child_statement, parent, order)
    return framework


def _competency_built(
    report: SeedReport,
    framework: Framework,
    code: str,
    statement: str,
    parent: Competency | None,
    order: int,
) -> Competency:
    competency, created = Competency.objects.get_or_create(
        framework=framework,
        code=code,
        defaults={
            "statement": statement,
            "parent": parent,
            "list_order": order,
            "item_type": "Competency",
        },
    )
    report.created["competencies"] += created
    return competency


def _cte_framework(report: SeedReport) -> Framework:
    """Import the CTE welding framework from its CASE sample if it is there, else build it.

    Either way the framework ends up with the slug `cte-welding`; an import is skipped
    when that framework (or the package's CFDocument) is already present.
    """
    existing = Framework.objects.filter(slug=CTE_SLUG).first()
    if existing is not None:
        report.cte_source = (
            "imported CASE package" if existing.case_identifier else "built in (no CASE sample)"
        )
        return existing
    imported = _cte_framework_imported(report)
    if imported is not None:
        report.cte_source = "imported CASE package"
        return imported
    report.cte_source = "built in (no CASE sample)"
    return _framework_built(report, CTE_FRAMEWORK)


def _cte_framework_imported(report: SeedReport) -> Framework | None:
    if not CASE_SAMPLE.is_file():
        return None
    try:
        from competencies.case import parse_case_package
        from competencies.services import framework_import_case
    except ImportError:
        return None
    package = parse_case_package(CASE_SAMPLE.read_bytes())
    already = Framework.objects.filter(case_identifier=package.document.identifier).first()
    if already is not None:  # imported before under another slug (e.g. by import_case)
        return already
    before = Competency.objects.count()
    result = framework_import_case(
        actor=None, package=package, slug=CTE_SLUG, actor_label=ACTOR_LABEL
    )
    report.created["frameworks"] += result.framework_created
    report.created["competencies"] += Competency.objects.count() - before
    return result.framework


def _competency(
    frameworks: dict[str, Framework], ref: tuple[str, str, tuple[str, ...]]
) -> Competency | None:
    """A competency by code, or (in an imported framework) by keywords in its statement."""
    slug, code, keywords = ref
    qs = Competency.objects.filter(framework=frameworks[slug])
    found = qs.filter(code=code).first()
    if found is not None or not keywords:
        return found
    match = Q()
    for word in keywords:
        match |= Q(statement__icontains=word)
    candidates = list(qs.filter(match).order_by("list_order", "pk"))
    if not candidates:
        return None

    # The statement that names the most keywords wins; the earliest in the outline on a tie.
    def score(c: Competency) -> int:
        return sum(word.lower() in c.statement.lower() for word in keywords)

    return max(candidates, key=score)


def _issuer(report: SeedReport, district: Organization) -> Issuer:
    issuer, created = Issuer.objects.get_or_create(
        organization=district,
        name="Snake River School District",
        defaults={
            "url": "https://snakeriver-sd.example.org",
            "email": "credentials@snakeriver-sd.example.org",
            "description": (
                "Micro-credentials for Snake River educators and students: professional "
                "learning, CTE pathways and work-based learning, approved by coaches, "
                "teachers and industry partners."
            ),
        },
    )
    report.created["issuers"] += created
    return issuer


def _artwork(art: tuple[str, str, str, str, str]) -> bytes:
    monogram, caption, color, shape, kind = art
    if kind == "svg":
        return images.badge_svg(monogram=monogram, caption=caption, color=color)
    return images.badge_png(monogram=monogram, caption=caption, color=color, shape=shape)


def _badge_classes(
    report: SeedReport, issuer: Issuer, frameworks: dict[str, Framework], admin: User
) -> dict[str, BadgeClass]:
    badges: dict[str, BadgeClass] = {}
    for spec in BADGES:
        badge = BadgeClass.objects.filter(slug=spec["slug"]).first()
        if badge is None:
            alignments = [
                c for ref in spec["alignments"] if (c := _competency(frameworks, ref)) is not None
            ]
            extra = dict(spec.get("extra", {}))
            if "cte_competency" in spec:
                extra["cte_competency"] = _competency(frameworks, spec["cte_competency"])
            badge = badge_class_create(
                actor=admin,
                actor_label=ACTOR_LABEL,
                issuer=issuer,
                slug=spec["slug"],
                name=spec["name"],
                description=spec["description"],
                criteria_narrative=spec["criteria"],
                audience=spec["audience"],
                image=_artwork(spec["art"]),
                status=BadgeClass.Status.ACTIVE,
                tags=spec["tags"],
                alignments=alignments,
                **extra,
            )
            report.created["badge classes"] += 1
        badges[badge.slug] = badge
    return badges


def _caseloads(report: SeedReport, orgs: dict[str, Organization], users: dict[str, User]) -> None:
    """Marcus and Priya are on Elena's (coach@) caseload from the start of the term, as
    the coaching demo has it: she reviews their evidence because they are."""
    from demo.coaching_seed import TERM_DAYS, school_day

    starts_on = school_day(timezone.localdate() - timedelta(days=TERM_DAYS))
    for key in ("teacher", "teacher2"):
        if CoachingAssignment.objects.filter(teacher=users[key], ends_on__isnull=True).exists():
            continue
        assignment_create(
            actor=users["admin"],
            coach=users["coach"],
            teacher=users[key],
            school=orgs[HIGH_SCHOOL],
            starts_on=starts_on,
        )
        report.created["coaching assignments"] += 1


def _curriculum(
    report: SeedReport,
    badges: dict[str, BadgeClass],
    sections: dict[str, Section],
    admin: User,
) -> None:
    """Link the welding badges to Welding Technology I: its teacher (not the English
    teacher, though Kayla sits in both classes) reviews their students' evidence."""
    for spec in BADGES:
        badge = badges[spec["slug"]]
        taught_in = spec.get("taught_in", ())
        if not taught_in or badge.curriculum_links.exists():
            continue
        badge_class_set_curriculum(
            actor=admin,
            actor_label=ACTOR_LABEL,
            badge_class=badge,
            sections=[sections[code] for code in taught_in],
        )
        report.created["curriculum links"] += len(taught_in)


def _awards(
    report: SeedReport, badges: dict[str, BadgeClass], users: dict[str, User]
) -> dict[tuple[str, str], Assertion]:
    admin = users["admin"]
    now = timezone.now()
    assertions: dict[tuple[str, str], Assertion] = {}
    for spec in AWARDS:
        badge, recipient = badges[spec.badge], users[spec.recipient]
        # Award only if this person never held the badge: a revoked or expired award
        # would otherwise be replaced on the next run.
        assertion = (
            Assertion.objects.filter(badge_class=badge, recipient=recipient)
            .order_by("-issued_on", "-pk")
            .first()
        )
        if assertion is None:
            award = assertion_award(
                actor=admin,
                actor_label=ACTOR_LABEL,
                badge_class=badge,
                recipient=recipient,
                evidence=spec.evidence,
                narrative=spec.narrative,
                issued_on=now - timedelta(days=spec.days_ago),
            )
            assertion = award.assertion
            report.created["assertions"] += award.created
        if spec.revoke_reason and assertion.revoked_at is None:
            assertion = assertion_revoke(
                actor=admin,
                actor_label=ACTOR_LABEL,
                assertion=assertion,
                reason=spec.revoke_reason,
            )
            report.created["revocations"] += 1
        assertions[(spec.badge, spec.recipient)] = assertion
    return assertions
