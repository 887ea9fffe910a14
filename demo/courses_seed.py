"""The demo's professional-learning library: modules, exemplars, a cohort and learners.

`seed_courses()` runs after `seed_demo()`: it needs the district, its people, the two
competency frameworks and the educator badge classes. Everything is made through
`courses.services` (and one participation badge through `badges.services`), exactly
as the authoring, learning and assignment pages would make it: the coach writes and
publishes the modules, one of them is revised into a second version while a teacher
is still on the first, teachers start, fail and retry checks, finish, and apply for a
micro-credential; the admin makes a cohort and assigns modules with due dates.

The library is made in one transaction, so it is either all there or not at all:
when the first demo module's slug exists, a run does nothing.

The keys below repeat ones defined in `demo/seed.py` (district slug, e-mail domain,
framework slugs) instead of importing them, so that `demo.seed` can import this
module without an import cycle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Organization, User
from badges.models import BadgeClass, Issuer
from badges.services import badge_class_create
from competencies.models import Competency
from courses import services
from courses.models import Enrollment, Exemplar, GradeBand, Module, Step, Subject
from evidence.models import ApprovalPolicy, Submission

from . import images

EMAIL_DOMAIN = "demo.cairn.test"  # demo.seed.EMAIL_DOMAIN
DISTRICT = "snake-river-sd"  # demo.seed.DISTRICT
HIGH_SCHOOL = "snake-river-hs"  # demo.seed.HIGH_SCHOOL
ET = "educator-technology"  # demo.seed.ET_SLUG
CTE = "cte-welding"  # demo.seed.CTE_SLUG
QUIET_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

VIDEO_HOST = "https://video.snakeriver.k12.example"
FILES_HOST = "https://files.snakeriver.k12.example"

COHORT_NAME = "Teacher Leader Network"
PARTICIPATION_BADGE = "accessible-documents-participation"
ASSIGNMENT_DUE_IN_DAYS = (21, 35)  # the cohort's module, then the school's

G = GradeBand
S = Subject
F = Module.Format


# --- content types ------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    title: str
    body: str


@dataclass(frozen=True)
class Watch:
    title: str
    video: str  # path under VIDEO_HOST
    transcript: str
    body: str = ""


@dataclass(frozen=True)
class Try:
    title: str
    body: str


@dataclass(frozen=True)
class Reflect:
    title: str
    prompt: str
    body: str = ""


@dataclass(frozen=True)
class Question:
    prompt: str
    # (text, correct, feedback); exactly one is correct.
    choices: tuple[tuple[str, bool, str], ...]


@dataclass(frozen=True)
class Check:
    title: str
    questions: tuple[Question, ...]
    pass_mark: int = 80
    body: str = ""


StepSpec = Read | Watch | Try | Reflect | Check


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    title: str
    summary: str
    minutes: int
    format: str
    grade_bands: tuple[str, ...]
    subjects: tuple[str, ...]
    competencies: tuple[tuple[str, str], ...]  # (framework slug, code)
    steps: tuple[StepSpec, ...]
    leads_to: str = ""  # an educator badge class slug
    participation: bool = False  # award PARTICIPATION_BADGE on finishing
    author: str = "coach"


# --- modules --------------------------------------------------------------------------

EXIT_TICKETS = "exit-tickets-that-drive-tomorrow"
STATION_ROTATION = "station-rotation-in-20-minutes"
WHITEBOARDS = "mini-whiteboards-checking-for-understanding"
LMS_FEEDBACK = "lms-feedback-that-students-use"
SAFETY_TALK = "welding-shop-safety-talk"
FAMILY_GRADING = "competency-based-grading-with-families"
CO_TEACHING = "co-teaching-models"
ACCESSIBLE_DOCS = "accessible-documents-in-15-minutes"
PLC_PROTOCOLS = "formative-data-protocols-for-plcs"
STUDENT_LED = "student-led-conferences"
CR_QUESTIONING = "culturally-responsive-questioning"
PBL_LAUNCH = "project-based-learning-launch"
LATERAL_READING = "lateral-reading-in-ten-minutes"
PRIVACY_VETTING = "vetting-a-classroom-app-for-privacy"
PRINT_WALK = "teaching-weld-symbols-with-a-print-walk"
PEER_INSPECTION = "student-run-coupon-inspection"

SENTINEL = EXIT_TICKETS  # exists once the library has been made

MODULES: list[ModuleSpec] = [
    ModuleSpec(
        slug=EXIT_TICKETS,
        title="Exit tickets that drive tomorrow's lesson",
        summary=(
            "Write a two-question exit ticket for today's learning goal, sort the answers "
            "into three piles in five minutes, and plan what each group does first thing "
            "tomorrow."
        ),
        minutes=15,
        format=F.MICRO,
        grade_bands=(G.ALL,),
        subjects=(S.GENERAL,),
        competencies=((ET, "ET.1.3"), (ET, "ET.2.1")),
        leads_to="formative-assessment-with-technology",
        steps=(
            Read(
                "What makes an exit ticket worth two minutes",
                "An exit ticket earns its two minutes only if it changes what you do "
                "tomorrow. Three design rules:\n\n"
                "1. **One goal, one or two questions.** Ask about today's learning goal, "
                "not everything the lesson touched.\n"
                '2. **Ask for thinking, not a feeling.** "Which of these is the best '
                'evidence, and why?" tells you far more than "Did you understand today?"\n'
                "3. **Plan the sort before you write the question.** If you cannot sort "
                "30 answers in five minutes, the question is too open.\n\n"
                "### Sort into three piles\n\n"
                "| Pile | What it looks like | Tomorrow's first ten minutes |\n"
                "| --- | --- | --- |\n"
                "| Got it | Correct, with reasoning | An extension task, or a peer-coach role |\n"
                "| Almost | The right idea with a slip or a gap | A short targeted warm-up |\n"
                "| Not yet | A misconception, or blank | A small group with you |\n\n"
                "A digital form (your LMS quiz tool or a district-approved form) can sort "
                "the multiple-choice part for you. Read the written reasons yourself: "
                "that is where the misconceptions are.",
            ),
            Watch(
                "A five-minute sort",
                "/pd/exit-tickets/five-minute-sort",
                "[0:00] Coach Elena Brooks: It's 3:10, the kids are gone, and I have "
                "twenty-eight exit tickets from a seventh-grade ratio lesson.\n"
                "[0:20] The question was: 'A recipe uses 2 cups of flour for 3 cups of "
                "milk. Is 4 to 5 the same ratio? Explain.' I'm sorting by the "
                "explanation, not the yes or no.\n"
                "[1:05] This one says 'no, because 2 times 2 is 4 but 3 times 2 is 6' - "
                "that's 'got it'. This one says 'yes, you add 2 to both' - that's the "
                "additive misconception, so 'not yet'.\n"
                "[2:30] Nine 'got it', twelve 'almost', seven 'not yet'. The 'almost' "
                "pile mostly had the right answer with no reason, so tomorrow's warm-up "
                "asks them to write the 'because'.\n"
                "[3:40] The seven 'not yet' students meet with me at the back table with "
                "a double number line while the others start the extension.\n"
                "[4:30] Total time: under five minutes. The ticket paid for itself.",
                body="Watch how the coach sorts by the reasoning students give, not by "
                "whether the final answer is right.",
            ),
            Try(
                "Write and sort one exit ticket",
                "In your next lesson:\n\n"
                "- Write one question that would show you whether a student met today's "
                'goal, plus a "because" line.\n'
                "- Give it in the last three minutes (paper or digital).\n"
                "- Sort the answers into *got it*, *almost* and *not yet*, and time "
                "yourself.\n"
                "- Write one sentence for what each pile does first tomorrow.",
            ),
            Reflect(
                "Plan tomorrow",
                "Paste or describe your exit ticket. How many students landed in each "
                "pile, and what will each group do in tomorrow's first ten minutes?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "Which exit ticket question will tell you the most about "
                        "tomorrow's lesson?",
                        (
                            (
                                "Rate your understanding from 1 to 5.",
                                False,
                                "Self-ratings tell you about confidence, not about "
                                "understanding; students often rate themselves high.",
                            ),
                            (
                                "Which of these two claims has better evidence, and why?",
                                True,
                                "Yes: the reason shows you the thinking you need to plan from.",
                            ),
                            (
                                "List everything you learned today.",
                                False,
                                "Too open to sort in five minutes, and it is not tied to one goal.",
                            ),
                        ),
                    ),
                    Question(
                        "Most students gave the right answer but no reason. Which pile "
                        "are they in?",
                        (
                            (
                                "Got it",
                                False,
                                "Without a reason you cannot tell understanding from a "
                                "lucky guess.",
                            ),
                            (
                                "Almost",
                                True,
                                "Right: a short warm-up asking for the 'because' is the next step.",
                            ),
                            (
                                "Not yet",
                                False,
                                "They have the right idea; re-teaching the whole lesson "
                                "would waste their time.",
                            ),
                        ),
                    ),
                    Question(
                        "What is the main purpose of exit ticket data?",
                        (
                            (
                                "A daily grade in the gradebook",
                                False,
                                "Grading exit tickets makes students play it safe; they "
                                "are formative.",
                            ),
                            (
                                "Deciding what to do in the next lesson",
                                True,
                                "Exactly: the ticket is for your planning.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=STATION_ROTATION,
        title="Station rotation in 20 minutes",
        summary=(
            "Set up a three-station rotation (teacher-led, collaborative, online practice) "
            "that gives you ten uninterrupted minutes with a small group."
        ),
        minutes=20,
        format=F.MICRO,
        grade_bands=(G.PREK_2, G.G3_5, G.G6_8),
        subjects=(S.MATH, S.ELA, S.GENERAL),
        competencies=((ET, "ET.1.1"), (ET, "ET.2.1")),
        leads_to="blended-learning-designer",
        steps=(
            Read(
                "Three stations, one purpose",
                "A station rotation exists to buy you focused time with a small group. "
                "Everything else serves that.\n\n"
                "- **Teacher-led station:** 4-6 students grouped by yesterday's data, a "
                "10-12 minute targeted lesson.\n"
                "- **Collaborative station:** a task pairs can finish without you, with "
                "the directions on a card (picture directions for PreK-2).\n"
                "- **Online practice:** adaptive practice or a short video and quiz, "
                "with headphones and a 'stuck' routine.\n\n"
                "### The routines that make it work\n\n"
                "1. A visible timer and one signal for 'rotate'.\n"
                "2. An 'ask three before me' rule for the independent stations.\n"
                "3. A 'must do / may do' list for anyone who finishes early.\n\n"
                "Practice the transitions *without content* the first day: a rotation "
                "that takes three minutes to change over loses a third of your small-"
                "group time.",
            ),
            Watch(
                "Transitions in a second-grade room",
                "/pd/station-rotation/second-grade-transitions",
                "[0:00] Ms. Alvarez's second graders are about to rotate for the first "
                "time with content.\n"
                "[0:25] She rings a chime once. Students stop, point to their next "
                "station on the chart, and wait.\n"
                "[0:50] Second chime: they walk. The whole change takes 40 seconds "
                "because they practiced it twice on Monday with no work at all.\n"
                "[1:40] At the online station a student raises a red cup: that is the "
                "'stuck' signal. A classmate checks in before Ms. Alvarez does.\n"
                "[2:30] Ms. Alvarez: 'My small group is the kids who reversed b and d "
                "on yesterday's check. I get eleven minutes with them, every day.'",
            ),
            Try(
                "Plan one rotation",
                "Sketch one rotation for a lesson this week:\n\n"
                "1. Name the data you will group from (an exit ticket, a quick check).\n"
                "2. Write the teacher-led station's goal in one sentence.\n"
                "3. Write the collaborative task's directions on a card a student could "
                "follow alone.\n"
                "4. Choose the online practice and check it works on student devices "
                "and with a screen reader.\n"
                "5. Decide your rotate signal and practice the transition once without "
                "content.",
            ),
            Reflect(
                "After the first rotation",
                "How long did each transition take, and what did you do with the "
                "small-group time you gained? What will you change before the next "
                "rotation?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "What should decide who is in the teacher-led group?",
                        (
                            (
                                "Recent formative data on today's goal",
                                True,
                                "Yes: the group changes as the data changes.",
                            ),
                            (
                                "The reading level from the fall benchmark",
                                False,
                                "Fixed groups from old data become tracking; regroup "
                                "from recent evidence.",
                            ),
                            (
                                "Who asks for help most often",
                                False,
                                "That favours confident students; use evidence from everyone.",
                            ),
                        ),
                    ),
                    Question(
                        "Transitions take three minutes each. What is the best first fix?",
                        (
                            (
                                "Drop to two stations",
                                False,
                                "That may help, but the routine is the problem, not the "
                                "number of stations.",
                            ),
                            (
                                "Practice the transition without content, with a timer",
                                True,
                                "Right: rehearse the routine until it takes under a minute.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=WHITEBOARDS,
        title="Checking for understanding with mini whiteboards",
        summary=(
            "Use 'show me' boards so every student answers at once, read the room in ten "
            "seconds, and decide on the spot whether to move on, re-teach or pair up."
        ),
        minutes=10,
        format=F.VIDEO,
        grade_bands=(G.ALL,),
        subjects=(S.GENERAL, S.MATH, S.SCIENCE),
        competencies=((ET, "ET.1.3"),),
        leads_to="formative-assessment-with-technology",
        steps=(
            Watch(
                "Show me: a hinge-point question in 6th-grade science",
                "/pd/mini-whiteboards/hinge-point-question",
                "[0:00] Mr. Okafor asks: 'Which one has more thermal energy - a cup of "
                "boiling water or a bathtub of warm water? Write A or B and one word "
                "why.'\n"
                "[0:15] Thirty seconds of thinking time, then 'Three, two, one, show me.' "
                "Every board goes up at once.\n"
                "[0:30] He scans: about half wrote A, 'hotter'. That is the "
                "temperature-versus-energy misconception he planned for.\n"
                "[0:55] Instead of moving on, he pairs an A with a B: 'Convince each "
                "other in one minute.'\n"
                "[2:10] Second show-me: most boards now say B, 'more water'. He moves "
                "on, and notes the four students who still wrote A for tomorrow.",
                body="Notice how the teacher planned the question around one "
                "misconception and decided in advance what he would do with each "
                "answer.",
            ),
            Read(
                "Making boards work",
                "- **Everyone answers, at the same time.** The countdown and 'show me' "
                "stop students copying a neighbour.\n"
                "- **Short answers.** A letter, a number, a word or a quick sketch; "
                "boards are not for paragraphs.\n"
                "- **Decide before you ask.** Know what you will do if 80%, 50% or 20% "
                "get it: move on, pair up to convince, or re-teach.\n"
                "- **No boards?** A digital poll or a one-question quiz in the LMS works "
                "the same way; make sure it reads well with a screen reader and does not "
                "show names to the class.",
            ),
            Try(
                "One hinge-point question",
                "Write one multiple-choice question for the middle of your next lesson, "
                "where each wrong answer matches a misconception you expect. Decide "
                "what you will do at each result before you ask it.",
            ),
            Reflect(
                "What the boards told you",
                "What share of boards showed the misconception you planned for, and "
                "what did you do next?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "Why does everyone show their board at the same moment?",
                        (
                            (
                                "It is faster to collect",
                                False,
                                "Speed helps, but the main reason is honest answers.",
                            ),
                            (
                                "So students cannot copy and you see everyone's thinking",
                                True,
                                "Yes: simultaneous answers are what make the data trustworthy.",
                            ),
                        ),
                    ),
                    Question(
                        "About half the boards show the same wrong answer. What is a "
                        "good next move?",
                        (
                            (
                                "Move on and revisit it in the review",
                                False,
                                "Half the class would build on a misconception.",
                            ),
                            (
                                "Pair a right and a wrong answer to convince each other, "
                                "then ask again",
                                True,
                                "Peer explanation fixes many misconceptions quickly; "
                                "re-check to be sure.",
                            ),
                            (
                                "Tell the class the right answer",
                                False,
                                "Telling rarely changes a misconception; students need to "
                                "reason it out.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=LMS_FEEDBACK,
        title="Using a learning management system for feedback",
        summary=(
            "Give feedback in the LMS that students read and act on: rubric comments "
            "tied to the next step, a revision window, and a quick check that they used it."
        ),
        minutes=20,
        format=F.SELF_PACED,
        grade_bands=(G.G6_8, G.G9_12),
        subjects=(S.GENERAL, S.ELA),
        competencies=((ET, "ET.1.2"), (ET, "ET.2.2")),
        leads_to="data-driven-instruction",
        steps=(
            Read(
                "Feedback students act on",
                "Students skip feedback that arrives with a grade and no chance to use "
                "it. Three changes make LMS feedback work:\n\n"
                "1. **Comment on the rubric row, not the whole paper.** 'Your evidence "
                "supports the claim, but explain *how* in one more sentence' is a next "
                "step; 'good job' is not.\n"
                "2. **Release the comment before the grade**, or hold the grade until "
                "the student has replied to the comment.\n"
                "3. **Build a revision window into the assignment** (for example, two "
                "school days) so there is a reason to read it.\n\n"
                "Check the tool's accessibility: rubric comments should be readable by a "
                "screen reader, and audio comments need a text version.",
            ),
            Watch(
                "Rubric comments in ten minutes a class",
                "/pd/lms-feedback/rubric-comments",
                "[0:00] Ms. Shah opens the assignment's rubric view for 27 argument "
                "paragraphs.\n"
                "[0:30] She uses a comment bank she wrote last year, one comment per "
                "rubric level, each ending with a question the student answers.\n"
                "[1:45] She edits the bank comment for each student: 'Your second piece "
                "of evidence is strong. Which sentence tells me why it matters?'\n"
                "[3:00] Grades are hidden until the student replies to the comment.\n"
                "[4:10] The next day, the LMS shows 24 of 27 students replied; she "
                "conferences with the three who did not.",
            ),
            Try(
                "One assignment with a revision window",
                "Pick one assignment due this week. Write a comment for each rubric "
                "level that ends in a question or a next step, hide grades until "
                "students reply, and give two school days to revise.",
            ),
            Reflect(
                "Did they use it?",
                "How many students replied to or used your feedback, and what changed "
                "in the revised work?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "Which comment is most likely to be acted on?",
                        (
                            (
                                "Great work, 8/10.",
                                False,
                                "Praise with a score gives no next step.",
                            ),
                            (
                                "Your claim is clear. Add one sentence explaining how "
                                "your second quote proves it.",
                                True,
                                "Specific, tied to the rubric, and doable.",
                            ),
                            (
                                "See me.",
                                False,
                                "Students rarely follow up on this without a time and a reason.",
                            ),
                        ),
                    ),
                    Question(
                        "Why hold the grade until the student replies to the comment?",
                        (
                            (
                                "Students look at the grade and skip the comment",
                                True,
                                "Yes: the grade ends the conversation if it comes first.",
                            ),
                            (
                                "It gives the teacher more time to grade",
                                False,
                                "The point is the student reading the feedback.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=SAFETY_TALK,
        title="Welding shop safety talk for CTE teachers",
        summary=(
            "A five-minute start-of-class safety talk routine for the welding shop: PPE, "
            "cylinders, hot work and fire watch, with a checklist you renew every year."
        ),
        minutes=15,
        format=F.MICRO,
        grade_bands=(G.G9_12,),
        subjects=(S.CTE,),
        competencies=((CTE, "WLD.1.1"), (CTE, "WLD.1.2"), (CTE, "WLD.1.3")),
        leads_to="cte-shop-safety-supervision",
        steps=(
            Read(
                "The five-minute safety talk",
                "Students stop hearing 'be safe' by the second week. A short talk on "
                "**one hazard a day**, with a student doing the demonstration, keeps "
                "safety specific.\n\n"
                "### A week of talks\n\n"
                "| Day | Hazard | Student shows |\n"
                "| --- | --- | --- |\n"
                "| Mon | PPE and filter shade | Inspecting a helmet lens and choosing "
                "the shade for the amperage |\n"
                "| Tue | Cylinders | Chained, capped, valve checked, oxygen 20 ft from "
                "fuel gas |\n"
                "| Wed | Hot work | The hot-work checklist and a 35-ft sweep for "
                "combustibles |\n"
                "| Thu | Fumes | Positioning the fume extractor and their head out of the "
                "plume |\n"
                "| Fri | Fire watch | Where the extinguisher is, and the 30 minutes after "
                "cutting |\n\n"
                "Keep a roster: no student runs equipment until they have passed the "
                "safety test at 100% and the observed PPE check.",
            ),
            Watch(
                "A Tuesday cylinder talk",
                "/pd/welding-safety/cylinder-talk",
                "[0:00] Mr. Ortega: 'Jordan, you're up. Show us the oxygen cylinder.'\n"
                "[0:15] Jordan checks the chain, the cap on the spare cylinder, and "
                "that the valve is closed.\n"
                "[0:50] 'Why is oxygen 20 feet from the acetylene, or behind a 5-foot "
                "wall?' A student: 'So a fire at one doesn't feed the other.'\n"
                "[1:30] Jordan cracks the regulator and does a leak check with "
                "solution. Bubbles at the fitting: he tightens it and checks again.\n"
                "[2:40] Mr. Ortega initials Jordan's line on the safety roster. Total: "
                "four minutes.",
            ),
            Try(
                "Run a week of talks",
                "Use the table above (or your own hazards) for one week. Each day, pick "
                "a student who has passed the safety test to demonstrate, ask one "
                "'why' question, and initial the roster. Post the fire-watch plan where "
                "students can see it.",
            ),
            Reflect(
                "Your shop's hazards",
                "Which hazard in your shop do students underestimate most, and how did "
                "this week's talks address it? What is on your inspection checklist "
                "this year that was not last year?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "When may a student first run welding equipment?",
                        (
                            (
                                "After watching the safety video",
                                False,
                                "Watching is not showing: the test and the observed "
                                "check come first.",
                            ),
                            (
                                "After 100% on the safety test and an observed PPE check",
                                True,
                                "Yes, and it is recorded on your roster.",
                            ),
                            (
                                "Once a parent signs the permission form",
                                False,
                                "The form is needed too, but it does not show the "
                                "student can work safely.",
                            ),
                        ),
                    ),
                    Question(
                        "How long does a fire watch continue after cutting stops?",
                        (
                            (
                                "Until the metal is cool to the touch",
                                False,
                                "Smouldering fires start after that; the usual rule is "
                                "at least 30 minutes.",
                            ),
                            (
                                "At least 30 minutes",
                                True,
                                "Right, per the usual hot-work rule (NFPA 51B).",
                            ),
                        ),
                    ),
                    Question(
                        "Oxygen and fuel-gas cylinders in storage should be:",
                        (
                            (
                                "Side by side, chained together",
                                False,
                                "Chained, yes, but they must be separated.",
                            ),
                            (
                                "At least 20 ft apart or separated by a 5-ft, fire-resistant wall",
                                True,
                                "Correct.",
                            ),
                            (
                                "Laid flat so they cannot fall",
                                False,
                                "Cylinders are stored upright and secured.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=FAMILY_GRADING,
        title="Competency-based grading conversations with families",
        summary=(
            "Explain a 1-4 mastery report to a family in plain language, answer 'but "
            "what's her grade?', and leave them with one way to help at home."
        ),
        minutes=20,
        format=F.WORKSHOP,
        grade_bands=(G.ALL,),
        subjects=(S.GENERAL,),
        competencies=((ET, "ET.2.2"),),
        author="admin",
        steps=(
            Read(
                "Say it in plain language",
                "Families grew up with percentages and letters. Start from what they "
                "want to know: *is my child on track, and how can I help?*\n\n"
                "- **The scale:** 1 beginning, 2 developing, 3 competent (on track), 4 "
                "exemplary. A 3 is the goal, not a B.\n"
                "- **Growth:** show two pieces of work from different dates on the same "
                "competency.\n"
                "- **The question behind the question:** 'What's her grade?' usually "
                "means 'is she OK?' Answer that first, then show how the report "
                "translates to the transcript.\n\n"
                "Offer an interpreter and a translated summary for families who need "
                "one; avoid jargon like 'proficiency scale' and 'reassessment window'.",
            ),
            Try(
                "A three-sentence script",
                "Write three sentences for a real student's conference: where they are "
                "on one competency, the evidence that shows it, and one thing the family "
                "can do at home. Read it aloud to a colleague who does not teach your "
                "subject.",
            ),
            Reflect(
                "The hardest question",
                "What question from a family about mastery grading is hardest for you to "
                "answer, and how will you answer it now?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "A parent asks, 'Is a 3 like a C?' The best answer starts with:",
                        (
                            (
                                "'Roughly, yes.'",
                                False,
                                "This undersells competence: 3 means on track.",
                            ),
                            (
                                "'A 3 means she has met the standard - that's the goal.'",
                                True,
                                "Yes: lead with what the score means for the child.",
                            ),
                        ),
                    ),
                    Question(
                        "What best shows a family their child's growth?",
                        (
                            (
                                "The average of all scores this term",
                                False,
                                "Averages hide growth; early low scores pull it down.",
                            ),
                            (
                                "Two work samples on the same competency from different dates",
                                True,
                                "Families can see the change for themselves.",
                            ),
                            (
                                "The class average",
                                False,
                                "Comparison with others is not what the report measures.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=CO_TEACHING,
        title="Co-teaching models: choosing the right one for the lesson",
        summary=(
            "Six co-teaching models and when each one fits, so a general educator and a "
            "special education or EL teacher both teach, not one teaches and one helps."
        ),
        minutes=25,
        format=F.WORKSHOP,
        grade_bands=(G.ALL,),
        subjects=(S.SPED, S.ELL, S.GENERAL),
        competencies=((ET, "ET.2.1"),),
        steps=(
            Read(
                "Six models",
                "| Model | What it looks like | Use it when |\n"
                "| --- | --- | --- |\n"
                "| One teach, one observe | One leads; the other collects data on "
                "specific students | You need evidence for grouping or an IEP goal |\n"
                "| Station teaching | Each teacher runs a station; students rotate | The "
                "content splits into parts |\n"
                "| Parallel teaching | The class is split in half; both teach the same "
                "lesson | You want more discussion per student |\n"
                "| Alternative teaching | One teaches most; the other pre-teaches or "
                "re-teaches a small group | Data show a group needs it |\n"
                "| Teaming | Both lead together, trading off | You plan closely and model "
                "discussion |\n"
                "| One teach, one assist | One leads; the other circulates | Rarely - it "
                "makes one teacher an aide |\n\n"
                "**Rotate roles.** If the specialist always assists, students learn who "
                "the 'real' teacher is.",
            ),
            Watch(
                "Parallel teaching in 8th-grade science",
                "/pd/co-teaching/parallel-teaching",
                "[0:00] Two teachers, one room, two halves of the class, the same lab "
                "question: what affects how fast sugar dissolves?\n"
                "[0:40] Ms. Park, the special education teacher, uses a visual "
                "vocabulary card; Mr. Diaz uses sentence frames for his EL students. "
                "Both groups design the same test.\n"
                "[1:55] Every student speaks in the group discussion - twice as many "
                "turns as a whole-class discussion would give.\n"
                "[3:10] They swap groups for the conclusion so each hears the other's "
                "students.",
            ),
            Try(
                "Pick the model for one lesson",
                "With your co-teacher, choose one lesson next week and name the model, "
                "who leads each part, and what data the observing teacher collects.",
            ),
            Reflect(
                "Roles",
                "In your last co-taught lesson, who led and who assisted? Which model "
                "will you try next, and why?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "Yesterday's check shows five students are missing a "
                        "prerequisite. Which model fits?",
                        (
                            (
                                "Alternative teaching",
                                True,
                                "Yes: one teacher re-teaches the small group while the "
                                "other continues.",
                            ),
                            (
                                "One teach, one assist",
                                False,
                                "Circulating will not close a prerequisite gap.",
                            ),
                            (
                                "Teaming",
                                False,
                                "Teaming is whole-class; the five students need targeted time.",
                            ),
                        ),
                    ),
                    Question(
                        "What is the main risk of always using one teach, one assist?",
                        (
                            (
                                "It takes too long to plan",
                                False,
                                "It is actually the least planning - that is why it is overused.",
                            ),
                            (
                                "The second teacher becomes an aide in students' eyes",
                                True,
                                "Right: rotate roles so both are seen as teachers.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=ACCESSIBLE_DOCS,
        title="Accessible documents in 15 minutes",
        summary=(
            "Five fixes that make a handout or slide deck work with a screen reader: "
            "real headings, alt text, link text, contrast and table headers."
        ),
        minutes=15,
        format=F.MICRO,
        grade_bands=(G.ALL,),
        subjects=(S.GENERAL, S.SPED),
        competencies=((ET, "ET.1.2"),),
        participation=True,
        author="admin",
        steps=(
            Read(
                "Five fixes",
                "1. **Use the built-in heading styles** (Heading 1, Heading 2) instead "
                "of bold, bigger text. Screen-reader users jump between headings.\n"
                "2. **Write alt text that says why the image is there**: 'Bar graph: "
                "reading minutes doubled from September to January', not 'graph'. Mark "
                "decorative images as decorative.\n"
                "3. **Make link text say where it goes**: 'the lab safety contract', "
                "not 'click here'.\n"
                "4. **Check contrast**: dark text on a light background, at least "
                "4.5:1. Never use colour alone to show meaning.\n"
                "5. **Give tables a header row** and do not use tables for layout.\n\n"
                "Then run the built-in accessibility checker in your word processor or "
                "slide tool before you share.",
            ),
            Try(
                "Fix one handout",
                "Open a handout you will use this week. Apply the five fixes, run the "
                "accessibility checker, and fix what it reports. Time yourself.",
            ),
            Reflect(
                "What you found",
                "Which of the five problems did your handout have, and how long did the "
                "fixes take?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "Which alt text is best for a chart on a reading-growth handout?",
                        (
                            ("'chart.png'", False, "A file name tells the listener nothing."),
                            (
                                "'Bar graph: reading minutes doubled from September to January'",
                                True,
                                "Yes: it gives the point of the chart.",
                            ),
                            (
                                "'A colourful bar graph'",
                                False,
                                "Describes how it looks, not what it means.",
                            ),
                        ),
                    ),
                    Question(
                        "Why use heading styles instead of bold text?",
                        (
                            (
                                "Screen readers can list and jump between real headings",
                                True,
                                "Correct: bold text is invisible as structure.",
                            ),
                            (
                                "Heading styles print better",
                                False,
                                "Printing is not the reason; navigation is.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=PLC_PROTOCOLS,
        title="Formative data protocols for PLCs",
        summary=(
            "Run a 30-minute PLC data protocol on one common formative assessment: look "
            "at student work, name the misconception, and leave with re-engagement groups."
        ),
        minutes=30,
        format=F.WORKSHOP,
        grade_bands=(G.G3_5, G.G6_8, G.G9_12),
        subjects=(S.MATH, S.ELA, S.SCIENCE, S.GENERAL),
        competencies=((ET, "ET.2.1"), (ET, "ET.2.2")),
        leads_to="data-driven-instruction",
        steps=(
            Read(
                "A 30-minute protocol",
                "Bring one common formative assessment, scored the same way by everyone, "
                "and a sample of student work.\n\n"
                "| Minutes | Step | Norm |\n"
                "| --- | --- | --- |\n"
                "| 5 | Look at the results by item, not by teacher | No rankings of "
                "teachers |\n"
                "| 10 | Read student work on the weakest item: what did they think? | "
                "Describe before you judge |\n"
                "| 5 | Name the misconception in one sentence | Specific enough to "
                "re-teach |\n"
                "| 10 | Plan re-engagement: who, what, when | Each teacher leaves with "
                "names |\n\n"
                "Keep the results de-identified in shared notes. Share with students "
                "their own results and the goal, not the class ranking.",
            ),
            Watch(
                "A fourth-grade team's protocol",
                "/pd/plc-protocols/fourth-grade-fractions",
                "[0:00] Four fourth-grade teachers, one fractions check, 96 students.\n"
                "[1:10] Item 4, comparing 3/8 and 3/5, is the weakest: 41% correct.\n"
                "[2:30] Reading the work, they see students chose 3/8 'because 8 is "
                "bigger'. They write the misconception: 'bigger denominator means bigger "
                "fraction'.\n"
                "[4:00] Re-engagement: fraction strips for the 39 students who missed "
                "it, mixed across classrooms on Thursday's intervention block.\n"
                "[5:20] Students get their own item results and set a goal on a sticky "
                "note.",
            ),
            Try(
                "Bring one assessment",
                "Pick a common formative assessment your team gave this month. Score it "
                "the same way, bring five samples of work on the weakest item, and run "
                "the protocol at your next PLC meeting.",
            ),
            Reflect(
                "What your team decided",
                "What misconception did your team name, and which students will get "
                "what re-engagement, when?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "Why look at results by item rather than by teacher?",
                        (
                            (
                                "It keeps the focus on student thinking, not on ranking teachers",
                                True,
                                "Yes: the item tells you what to re-teach.",
                            ),
                            (
                                "It is quicker to calculate",
                                False,
                                "Speed is not the reason.",
                            ),
                        ),
                    ),
                    Question(
                        "Which misconception statement is specific enough to re-teach?",
                        (
                            (
                                "'They don't get fractions.'",
                                False,
                                "Too broad to plan from.",
                            ),
                            (
                                "'They think a bigger denominator means a bigger fraction.'",
                                True,
                                "Specific: you can design a task that confronts it.",
                            ),
                            (
                                "'They were rushing.'",
                                False,
                                "Maybe, but it does not tell you what to teach.",
                            ),
                        ),
                    ),
                    Question(
                        "What should students see of the results?",
                        (
                            (
                                "Their own results and a goal",
                                True,
                                "Right: ownership without comparison.",
                            ),
                            (
                                "The class ranking",
                                False,
                                "Rankings discourage the students who most need to "
                                "grow, and expose others' data.",
                            ),
                        ),
                    ),
                    Question(
                        "What should each teacher leave the meeting with?",
                        (
                            (
                                "A summary of the average score",
                                False,
                                "An average does not tell you who needs what.",
                            ),
                            (
                                "Names of students and a re-engagement plan with a date",
                                True,
                                "Yes: the protocol ends in action.",
                            ),
                        ),
                    ),
                ),
                pass_mark=75,
            ),
        ),
    ),
    ModuleSpec(
        slug=STUDENT_LED,
        title="Student-led conferences",
        summary=(
            "Prepare students to lead their own family conference from a portfolio: "
            "choosing evidence, explaining their progress on each competency, and "
            "setting a goal."
        ),
        minutes=25,
        format=F.SELF_PACED,
        grade_bands=(G.G3_5, G.G6_8, G.G9_12),
        subjects=(S.GENERAL,),
        competencies=((ET, "ET.2.2"),),
        leads_to="data-driven-instruction",
        steps=(
            Read(
                "Why students lead",
                "When students explain their own progress, families hear it in their "
                "child's words and students own the goal. Preparation is most of the "
                "work:\n\n"
                "1. **Students pick evidence**: one piece they are proud of and one that "
                "shows a struggle, for each of two or three competencies.\n"
                "2. **They write a script** with sentence starters: 'This shows I can "
                "...', 'I'm still working on ...', 'My goal is ...'.\n"
                "3. **They rehearse** with a partner, twice.\n"
                "4. **You host** three or four conferences at once and visit each one "
                "for a few minutes.",
            ),
            Try(
                "A script template",
                "Make a one-page script with sentence starters for your grade level, "
                "and a portfolio checklist. Have two students try it and revise the "
                "starters they found hard.",
            ),
            Reflect(
                "Planning your conferences",
                "Which students will need the most support to lead their conference, "
                "and what support will you give them?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "What evidence should a student bring for each competency?",
                        (
                            (
                                "Their best piece only",
                                False,
                                "Showing a struggle too makes the goal meaningful.",
                            ),
                            (
                                "One piece they are proud of and one that shows a struggle",
                                True,
                                "Yes: growth and a goal both need evidence.",
                            ),
                        ),
                    ),
                    Question(
                        "What is the teacher's role during the conferences?",
                        (
                            (
                                "Leading the conversation",
                                False,
                                "Then it is not student-led.",
                            ),
                            (
                                "Hosting several at once and visiting each briefly",
                                True,
                                "Right: the student leads; you support.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=CR_QUESTIONING,
        title="Culturally responsive questioning",
        summary=(
            "Ask questions that draw on students' lives and languages, widen who talks "
            "with wait time and structured turns, and check who you call on."
        ),
        minutes=15,
        format=F.VIDEO,
        grade_bands=(G.ALL,),
        subjects=(S.ELA, S.SOCIAL, S.ELL, S.GENERAL),
        competencies=((ET, "ET.1.3"), (ET, "ET.3.3")),
        steps=(
            Read(
                "Who gets to think?",
                "The questions we ask and who we ask them to shape who learns. Three "
                "habits:\n\n"
                "- **Connect to students' experience**: 'Where have you seen a rule "
                "that was fair for some people and not others?' before the textbook "
                "case.\n"
                "- **Wait time**: three to five seconds after the question, and again "
                "after the answer. More students answer, and the answers are longer.\n"
                "- **Structured turns**: turn-and-talk, then call on a pair, so the "
                "quick hands do not decide who speaks. Welcome answers in a home "
                "language, and let a partner help translate.\n\n"
                "Track your own pattern: have a colleague (or a seating chart and tally "
                "marks) record who you call on for one lesson.",
            ),
            Watch(
                "Wait time in a 10th-grade history discussion",
                "/pd/cr-questioning/wait-time",
                "[0:00] Ms. Begay asks: 'Who decided where the reservation boundaries "
                "were drawn, and who should have?'\n"
                "[0:10] She waits. Five seconds. Then: 'Turn and talk to your partner.'\n"
                "[1:30] She calls on a pair who had not spoken yet this week. A student "
                "answers partly in Navajo; his partner adds the English.\n"
                "[2:40] She waits again after the answer; another student builds on "
                "it.\n"
                "[3:30] Her tally from last week showed she had called on the same eight "
                "students most; this week it is 22 of 28.",
            ),
            Reflect(
                "Your tally",
                "Tally who you call on for one lesson. Who spoke, who did not, and what "
                "will you change in your questioning?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "What does longer wait time after a question usually do?",
                        (
                            (
                                "Wastes class time",
                                False,
                                "A few seconds buys more and better answers.",
                            ),
                            (
                                "More students answer, with longer answers",
                                True,
                                "Yes: that is the consistent research finding.",
                            ),
                            (
                                "Makes students anxious",
                                False,
                                "Pairing wait time with turn-and-talk lowers anxiety.",
                            ),
                        ),
                    ),
                    Question(
                        "A student answers partly in their home language. A responsive move is to:",
                        (
                            (
                                "Ask them to answer again in English",
                                False,
                                "That tells them their language is not welcome.",
                            ),
                            (
                                "Value the answer and invite a partner to help bridge it",
                                True,
                                "Right: the thinking counts, in any language.",
                            ),
                        ),
                    ),
                    Question(
                        "How can you find out who you really call on?",
                        (
                            (
                                "Tally marks on a seating chart for one lesson",
                                True,
                                "Simple data beats impressions.",
                            ),
                            (
                                "Ask students at the end of the term",
                                False,
                                "Too late, and too vague to act on.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=PBL_LAUNCH,
        title="Project-based learning launch",
        summary=(
            "Plan the first two days of a project: an entry event, a driving question, "
            "a need-to-know list, and a calendar with checkpoints students can see online."
        ),
        minutes=45,
        format=F.WORKSHOP,
        grade_bands=(G.G6_8, G.G9_12),
        subjects=(S.SCIENCE, S.SOCIAL, S.CTE),
        competencies=((ET, "ET.1.1"), (ET, "ET.1.2")),
        leads_to="blended-learning-designer",
        steps=(
            Read(
                "The launch",
                "A project succeeds or stalls in its first two days.\n\n"
                "1. **Entry event**: something real - a visitor, a site, an artifact, a "
                "local problem. Our CTE welding program's launch is a local fabricator "
                "asking for a trailer-hitch design.\n"
                "2. **Driving question**: open, and about a real audience: 'How can we "
                "design a bike rack our school would actually use?'\n"
                "3. **Need-to-know list**: students list what they must learn; it "
                "becomes your lesson plan.\n"
                "4. **Visible calendar** in the LMS with checkpoints (a sketch, a "
                "prototype, a critique) and the competencies each one shows.",
            ),
            Watch(
                "Entry event: the bike rack",
                "/pd/pbl-launch/bike-rack-entry-event",
                "[0:00] The principal walks into 8th-grade science: 'Forty bikes, twelve "
                "spots. Can you fix it?'\n"
                "[1:00] Students walk out to the rack and measure.\n"
                "[2:20] Back inside, the need-to-know list fills the board: load, "
                "materials, cost, who decides.\n"
                "[3:45] The teacher posts the calendar with three checkpoints and the "
                "public presentation to the site council.",
            ),
            Try(
                "Plan your launch",
                "Draft an entry event, a driving question, and a calendar with at least "
                "three checkpoints aligned to your competencies. Choose where students "
                "track their progress online.",
            ),
            Reflect(
                "Your driving question",
                "Write your driving question. Who is the real audience, and what will "
                "students make for them?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "Which is the strongest driving question?",
                        (
                            (
                                "What are the properties of steel?",
                                False,
                                "A research question with one answer, and no audience.",
                            ),
                            (
                                "How can we design a bike rack our school would actually use?",
                                True,
                                "Open, real and with an audience.",
                            ),
                        ),
                    ),
                    Question(
                        "What is the need-to-know list for?",
                        (
                            (
                                "It becomes the plan for the lessons students need",
                                True,
                                "Yes: students' questions drive the teaching.",
                            ),
                            (
                                "Grading participation",
                                False,
                                "It is a planning tool, not a grade.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=LATERAL_READING,
        title="Lateral reading: checking a source in 10 minutes",
        summary=(
            "Teach students to leave a site to find out who is behind it - the habit "
            "professional fact-checkers use - in a ten-minute routine."
        ),
        minutes=10,
        format=F.MICRO,
        grade_bands=(G.G6_8, G.G9_12),
        subjects=(S.ELA, S.SOCIAL, S.CTE),
        competencies=((ET, "ET.3.1"),),
        leads_to="digital-citizenship-mentor",
        steps=(
            Read(
                "Read across, not down",
                "Students judge a site by how it looks - a logo, a .org, a polished "
                "design. Fact-checkers do the opposite: they **open new tabs** and "
                "search for who runs the site before reading it.\n\n"
                "The routine:\n\n"
                "1. Before reading, ask: *who is behind this, and what do they want?*\n"
                "2. Open a new tab and search the organization's name (add 'funding' or "
                "'who runs').\n"
                "3. Check what other sources say about it.\n"
                "4. Decide: trust, trust with caution, or find a better source.\n\n"
                "In CTE, try it with product claims: a welding forum post vs. the "
                "manufacturer's data sheet.",
            ),
            Try(
                "Three search results",
                "Give students three search results on a topic in your course, one from "
                "an advocacy group with a neutral-sounding name. In pairs, they read "
                "laterally for five minutes and rank the sources.",
            ),
            Reflect(
                "What students trusted",
                "Which source did students trust before and after reading laterally, and "
                "what surprised them?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "What is the first move in lateral reading?",
                        (
                            (
                                "Read the About page carefully",
                                False,
                                "Sites describe themselves favourably; check elsewhere.",
                            ),
                            (
                                "Open a new tab and search for who runs the site",
                                True,
                                "Yes: leave the site to learn about it.",
                            ),
                            (
                                "Check whether the URL ends in .org",
                                False,
                                "Anyone can register a .org.",
                            ),
                        ),
                    ),
                    Question(
                        "A polished site cites studies but is funded by a company selling "
                        "the product. Students should:",
                        (
                            (
                                "Trust it: it cites studies",
                                False,
                                "Citations can be selective; the funder matters.",
                            ),
                            (
                                "Trust with caution and find an independent source",
                                True,
                                "Right.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=PRIVACY_VETTING,
        title="Vetting a classroom app for student data privacy",
        summary=(
            "Before you sign students up: what data the app collects, who it shares it "
            "with, and whether it is on the district's approved list - in 15 minutes."
        ),
        minutes=15,
        format=F.MICRO,
        grade_bands=(G.ALL,),
        subjects=(S.GENERAL,),
        competencies=((ET, "ET.3.2"),),
        leads_to="digital-citizenship-mentor",
        author="admin",
        steps=(
            Read(
                "Five questions before sign-up",
                "1. **Is it on the district's approved list?** If yes, use the district "
                "account and you are done. If not, request a review - do not just sign "
                "students up.\n"
                "2. **What does it collect?** Names, e-mail, voice, location, photos?\n"
                "3. **Who does it share with, and does it sell or advertise?** Look for "
                "'third parties' and 'advertising' in the privacy policy.\n"
                "4. **Is it for children under 13?** COPPA applies; the district, not "
                "the teacher, gives consent under its agreements.\n"
                "5. **Can data be deleted** at the end of the year?\n\n"
                "FERPA protects education records; a free app that collects them needs a "
                "district agreement.",
            ),
            Try(
                "Vet one app",
                "Choose an app you use or want to use. Answer the five questions from "
                "its privacy policy and the district's approved list, and write a "
                "one-paragraph recommendation.",
            ),
            Reflect(
                "Your recommendation",
                "What did you find in the app's privacy policy, and would you keep using it? Why?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "A great free quiz app is not on the approved list. What should you do?",
                        (
                            (
                                "Use it with student first names only",
                                False,
                                "Names are still personal data; the district must review it first.",
                            ),
                            (
                                "Request a district privacy review before using it",
                                True,
                                "Yes.",
                            ),
                            (
                                "Have parents sign a permission slip",
                                False,
                                "A slip does not replace the district's agreement.",
                            ),
                        ),
                    ),
                    Question(
                        "Which phrase in a privacy policy is a red flag?",
                        (
                            (
                                "'We may share data with advertising partners'",
                                True,
                                "Student data must not be used for advertising.",
                            ),
                            (
                                "'Data is encrypted in transit'",
                                False,
                                "That is a good sign.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=PRINT_WALK,
        title="Teaching weld symbols with a print walk",
        summary=(
            "A gallery walk of real fabrication prints that gets students reading the "
            "arrow side, other side and weld size before they lay out a part."
        ),
        minutes=20,
        format=F.MICRO,
        grade_bands=(G.G9_12,),
        subjects=(S.CTE,),
        competencies=((CTE, "WLD.2.1"), (CTE, "WLD.2.2")),
        steps=(
            Read(
                "The print walk",
                "Post six prints around the shop, each with two welding symbols "
                "circled. Pairs rotate every three minutes and write, for each symbol: "
                "**weld type, which side, size, and length or pitch.**\n\n"
                "The mistake to plan for: a symbol *above* the reference line means the "
                "**other side** of the joint. Put at least two other-side symbols on "
                "the walk.\n\n"
                "End with a layout task from one print, measured to \u00b11/16 in.",
            ),
            Watch(
                "Debriefing the walk",
                "/pd/print-walk/debrief",
                "[0:00] Mr. Ortega puts print 4 on the projector: a fillet symbol above "
                "the line.\n"
                "[0:20] 'Half of you wrote arrow side. Who wrote other side? Convince "
                "us.'\n"
                "[1:10] A student: 'Below the line is the arrow side, above is the other "
                "side - the arrow points at the near side.'\n"
                "[2:00] Students correct their sheets in a different colour, so he can "
                "see who changed their answer.",
            ),
            Try(
                "Set up your walk",
                "Choose six prints from your program or an industry partner, circle two "
                "symbols on each (two of them other-side), and run the walk with one "
                "class.",
            ),
            Reflect(
                "Symbols students misread",
                "Which symbols did students misread most, and what will you re-teach "
                "before they lay out parts?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "A fillet weld symbol is drawn above the reference line. Where is "
                        "the weld?",
                        (
                            ("On the arrow side", False, "Below the line is the arrow side."),
                            ("On the other side", True, "Correct."),
                            ("Both sides", False, "That needs symbols on both sides."),
                        ),
                    ),
                    Question(
                        "Why end the walk with a layout task?",
                        (
                            (
                                "Reading a symbol is only useful if students build to it",
                                True,
                                "Yes: the layout shows they can use the print.",
                            ),
                            (
                                "To fill the rest of the period",
                                False,
                                "It is the payoff of the walk, not filler.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ModuleSpec(
        slug=PEER_INSPECTION,
        title="Student-run coupon inspection",
        summary=(
            "Teach students to inspect each other's fillet-weld coupons against the "
            "program's visual acceptance criteria, with a gauge and a shared record."
        ),
        minutes=15,
        format=F.MICRO,
        grade_bands=(G.G9_12,),
        subjects=(S.CTE,),
        competencies=((CTE, "WLD.3.2"), (CTE, "WLD.4.1")),
        steps=(
            Read(
                "Inspecting like an inspector",
                "Students who inspect learn what a good weld looks like faster than "
                "students who are only inspected.\n\n"
                "- **Criteria card** at each booth: no cracks, full fusion, undercut no "
                "deeper than 1/32 in., leg size within 1/16 in. of the drawing.\n"
                "- **A fillet gauge** for every pair.\n"
                "- **A shared record** (a form or a spreadsheet on the shop tablet): "
                "coupon, position, settings, result, inspector.\n\n"
                "You inspect a sample of coupons after the students; where you disagree "
                "is what you teach next.",
            ),
            Try(
                "One round of peer inspection",
                "After the next coupon day, have pairs swap coupons, inspect them "
                "against the card with a gauge, and enter the results. Inspect every "
                "fourth coupon yourself.",
            ),
            Reflect(
                "Where you disagreed",
                "Where did your inspection differ from the students', and what does that "
                "tell you to teach next?",
            ),
            Check(
                "Check your understanding",
                (
                    Question(
                        "A coupon has undercut 1/16 in. deep. Under the criteria card it:",
                        (
                            ("Passes", False, "The limit is 1/32 in."),
                            ("Fails", True, "Right: 1/16 in. is twice the allowed depth."),
                        ),
                    ),
                    Question(
                        "Why does the teacher still inspect a sample?",
                        (
                            (
                                "To catch students grading friends leniently",
                                False,
                                "Possible, but the main reason is to find what to teach.",
                            ),
                            (
                                "Disagreements show which criteria students misjudge",
                                True,
                                "Yes: they drive the next lesson.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
]


# The version-2 edit of the LMS module: what changed, and the step it adds.
LMS_V2_CHANGES = {
    "summary": (
        "Give feedback in the LMS that students read and act on: rubric comments tied to "
        "the next step, a revision window, norms for peer comments, and a quick check "
        "that students used it."
    ),
    "minutes": 25,
}
LMS_V2_EXTRA_COMPETENCY = (ET, "ET.3.3")
LMS_V2_STEP = Read(
    "Norms for peer comments (new in version 2)",
    "Peer feedback in the LMS helps only when students know how to give it. Teach three "
    "norms before the first peer review:\n\n"
    "1. **Be kind, specific and helpful** - one strength, one question, one suggestion.\n"
    "2. **Comment on the work, not the person**: 'this paragraph' rather than 'you'.\n"
    "3. **Flag, don't fight**: if a comment feels hurtful, use the report button and "
    "tell the teacher instead of replying.\n\n"
    "Model a comment on an anonymous sample first, and check the first round of peer "
    "comments yourself before students see them.",
)


# --- who learns what ------------------------------------------------------------------


@dataclass(frozen=True)
class Learning:
    """One demo learner's progress through a module.

    `through` is how many steps (from the start) they worked on; None means all.
    A check step in that range gets a failing attempt first if `fail_first`, then a
    passing one if `pass_checks`.
    """

    learner: str
    module: str
    answers: tuple[str, ...]  # written answers to the reflect steps, in order
    through: int | None = None
    fail_first: bool = False
    pass_checks: bool = True
    finish: bool = False
    apply: bool = False  # apply for the module's micro-credential (with reflections)


# Before the LMS module gets its second version.
LEARNING_V1: list[Learning] = [
    # Marcus renews his expired shop-safety badge: finished, then applied.
    Learning(
        "teacher",
        SAFETY_TALK,
        answers=(
            "Students underestimate fumes most: they lean into the plume to see the "
            "puddle. Thursday's talk had Kayla reposition the extractor and show where "
            "her helmet should be. This year's checklist adds a monthly check of the "
            "extractor's airflow and the new plasma table's water level.",
        ),
        finish=True,
        apply=True,
    ),
    # Marcus is part-way through version 1 of the LMS module when it is revised.
    Learning(
        "teacher",
        LMS_FEEDBACK,
        answers=(),
        through=2,
    ),
    # Marcus took the cohort's module: failed the check once, passed on the retry.
    Learning(
        "teacher",
        PLC_PROTOCOLS,
        answers=(
            "Our CTE team looked at the welding-symbols quiz: item 6 (other-side fillet) "
            "was weakest at 38%. The misconception: 'the arrow points at the weld, so "
            "the symbol is always arrow side.' Eleven students get a print-walk re-teach "
            "on Wednesday's lab block.",
        ),
        fail_first=True,
        finish=True,
    ),
    # Priya finished the school's assigned module and earned its participation badge.
    Learning(
        "teacher2",
        ACCESSIBLE_DOCS,
        answers=(
            "My argument-writing handout used bold text for headings and had a chart "
            "with no alt text. The fixes and the checker took 12 minutes.",
        ),
        finish=True,
    ),
    # Priya is working through questioning: reflected, but has not passed the check yet.
    Learning(
        "teacher2",
        CR_QUESTIONING,
        answers=(
            "I called on 11 of 27 students, and 7 of those were in the front two rows. "
            "Three of my EL students did not speak at all. Next week: turn-and-talk "
            "before every discussion question, and I'll call on pairs from the back.",
        ),
        fail_first=True,
        pass_checks=False,
    ),
    # Priya finished co-teaching models (no micro-credential attached).
    Learning(
        "teacher2",
        CO_TEACHING,
        answers=(
            "Mr. Lee and I defaulted to one teach, one assist - I led and he "
            "circulated. We'll try alternative teaching on Tuesday: he pre-teaches "
            "the vocabulary for the novel's chapter 4 to his five students.",
        ),
        finish=True,
    ),
]

# After the LMS module's version 2 is published.
LEARNING_V2: list[Learning] = [
    Learning(
        "teacher2",
        LMS_FEEDBACK,
        answers=(
            "24 of 27 students replied to the rubric comment before the grade "
            "appeared, and 19 revised their second paragraph. The peer-comment norms "
            "cut the 'good job' comments to almost none.",
        ),
        finish=True,
    ),
]


# --- exemplars ----------------------------------------------------------------------


@dataclass(frozen=True)
class ArtifactSpec:
    kind: str  # ExemplarArtifact.Kind value
    title: str
    url: str
    annotation: str = ""


@dataclass(frozen=True)
class ExemplarSpec:
    slug: str
    title: str
    grade_band: str
    subject: str
    standards: tuple[tuple[str, str], ...]
    lesson_flow: str
    pedagogical_value: str
    reflection: str
    artifacts: tuple[ArtifactSpec, ...]
    author: str = "coach"
    publisher: str = "admin"


EXEMPLARS: list[ExemplarSpec] = [
    ExemplarSpec(
        slug="exit-tickets-that-reshape-the-welding-demo",
        title="Exit tickets that reshape the next day's welding demo",
        grade_band=G.G9_12,
        subject=S.CTE,
        standards=((ET, "ET.1.3"), (CTE, "WLD.3.2")),
        lesson_flow=(
            "Welding Technology I, 55 minutes, after the first week of 2F fillet welds.\n\n"
            "1. **Demo (10 min):** the teacher runs a 2F bead under the camera, naming "
            "travel angle and speed.\n"
            "2. **Booth practice (30 min):** students run three beads each.\n"
            "3. **Exit ticket (5 min):** a photo of a bead with undercut; 'What went "
            "wrong, and what would you change?' on the shop tablet.\n"
            "4. **Sort (after class, 5 min):** angle, speed or amperage.\n"
            "5. **Next day:** three mini-demos, one per cause, and students go to the "
            "one that matches their answer."
        ),
        pedagogical_value=(
            "The exit ticket turns a general demo into three targeted ones. Students "
            "see a defect that is not their own, so they diagnose without defending "
            "their weld, and the sort tells the teacher which cause to demonstrate to "
            "whom. It is formative assessment with technology in a shop setting: the "
            "tablet form sorts the choices; the teacher reads the reasons."
        ),
        reflection=(
            "I used to re-demo everything when the beads were bad. The tickets showed "
            "me most of the class had the angle right and the speed wrong, so the "
            "re-demo took five minutes instead of twenty. Next time I'll add a second "
            "photo with porosity."
        ),
        artifacts=(
            ArtifactSpec(
                "video",
                "Annotated video: exit ticket and next-day mini-demos",
                f"{VIDEO_HOST}/exemplars/welding-exit-tickets/lesson",
                "0:45 the undercut photo on the exit ticket\n"
                "3:10 sorting 24 answers into angle, speed and amperage\n"
                "6:30 next day: students choose their mini-demo\n"
                "9:05 a student explains travel speed to a partner",
            ),
            ArtifactSpec(
                "slides",
                "Slides: 2F fillet demo and exit ticket",
                f"{FILES_HOST}/exemplars/welding-exit-tickets/slides.pdf",
            ),
            ArtifactSpec(
                "document",
                "Sample exit ticket with three sorted answers",
                f"{FILES_HOST}/exemplars/welding-exit-tickets/sample-tickets.pdf",
                "Names removed; one answer from each pile.",
            ),
        ),
    ),
    ExemplarSpec(
        slug="second-grade-reading-station-rotation",
        title="Station rotation in a second-grade reading block",
        grade_band=G.PREK_2,
        subject=S.ELA,
        standards=((ET, "ET.1.1"), (ET, "ET.2.1")),
        lesson_flow=(
            "Riverside Elementary, grade 2, a 60-minute reading block.\n\n"
            "1. **Mini-lesson (10 min):** the b/d/p pattern on an anchor chart.\n"
            "2. **Three 15-minute stations:** guided reading with the teacher, "
            "partner reading with picture direction cards, and adaptive phonics "
            "practice on tablets with headphones.\n"
            "3. **Rotations** on a chime, in under a minute.\n"
            "4. **Closing (5 min):** each student circles a face on their goal card."
        ),
        pedagogical_value=(
            "Groups come from the previous day's one-minute phonics check, so the "
            "teacher-led station targets exactly the students who need it. Picture "
            "directions let non-readers work independently, and the 'red cup' stuck "
            "signal keeps interruptions away from the guided group."
        ),
        reflection=(
            "The first week the transitions took three minutes. Practising them twice "
            "with no work at all fixed it. My guided group now gets 15 real minutes."
        ),
        artifacts=(
            ArtifactSpec(
                "video",
                "Annotated video: one full rotation",
                f"{VIDEO_HOST}/exemplars/grade2-rotation/rotation",
                "0:25 the chime routine\n"
                "1:40 the red-cup stuck signal at the tablet station\n"
                "4:15 guided reading with the b/d group\n"
                "12:50 closing: goal cards",
            ),
            ArtifactSpec(
                "document",
                "Picture direction cards",
                f"{FILES_HOST}/exemplars/grade2-rotation/direction-cards.pdf",
            ),
            ArtifactSpec(
                "slides",
                "Rotation chart and schedule",
                f"{FILES_HOST}/exemplars/grade2-rotation/rotation-chart.pdf",
            ),
        ),
    ),
    ExemplarSpec(
        slug="ratio-number-talk-with-whiteboards",
        title="A ratio number talk with mini whiteboards",
        grade_band=G.G6_8,
        subject=S.MATH,
        standards=((ET, "ET.1.3"),),
        lesson_flow=(
            "Canyon Middle School, grade 6, the first 15 minutes of a ratio lesson.\n\n"
            "1. **Hinge question:** 'Is 4:5 the same ratio as 2:3? Show me yes or no "
            "and one reason.'\n"
            "2. **Show me:** boards up on 'three, two, one'.\n"
            "3. **Pair and convince:** a 'yes' paired with a 'no' for one minute.\n"
            "4. **Second show-me**, then the lesson continues or a small group stays "
            "with the teacher for a double number line."
        ),
        pedagogical_value=(
            "The hinge question was written so that the wrong answer exposes additive "
            "thinking ('add 2 to both'). Seeing every board at once lets the teacher "
            "decide in ten seconds, and the pair-and-convince move fixes most of the "
            "misconception without re-teaching."
        ),
        reflection=(
            "Fourteen of 29 boards said 'yes' the first time; after pairing, five did. "
            "Those five were my small group, and four of them had it by the exit ticket."
        ),
        artifacts=(
            ArtifactSpec(
                "video",
                "Annotated video: the hinge question",
                f"{VIDEO_HOST}/exemplars/ratio-whiteboards/number-talk",
                "0:15 the question and thinking time\n"
                "0:55 boards up: reading the room\n"
                "2:05 pair and convince\n"
                "4:30 second show-me and the decision",
            ),
            ArtifactSpec(
                "document",
                "Hinge questions for the ratio unit",
                f"{FILES_HOST}/exemplars/ratio-whiteboards/hinge-questions.pdf",
            ),
        ),
        author="admin",
        publisher="coach",
    ),
    ExemplarSpec(
        slug="fifth-grade-student-led-conferences",
        title="Fifth graders lead their own conferences",
        grade_band=G.G3_5,
        subject=S.GENERAL,
        standards=((ET, "ET.2.2"),),
        lesson_flow=(
            "Riverside Elementary, grade 5, spring conferences.\n\n"
            "1. **Two weeks before:** students choose a proud piece and a struggle "
            "piece for reading, math and science from their digital portfolio.\n"
            "2. **Script writing:** sentence starters on a one-page template.\n"
            "3. **Rehearsal:** twice with a partner, once with a 3rd-grade buddy.\n"
            "4. **Conference night:** four families at a time; the teacher visits each "
            "table for three minutes.\n"
            "5. **Goal follow-up:** goals go on the portfolio's front page."
        ),
        pedagogical_value=(
            "Students own their progress data: they explain their mastery levels with "
            "evidence, not the teacher. Families hear growth in their child's words, "
            "and attendance rose from 61% to 93% when students invited their families "
            "themselves."
        ),
        reflection=(
            "The struggle piece was the hardest part for students to choose, and the "
            "most valuable part for families. Next year I will model a struggle piece "
            "of my own."
        ),
        artifacts=(
            ArtifactSpec(
                "video",
                "Annotated video: one student's conference",
                f"{VIDEO_HOST}/exemplars/student-led-conferences/conference",
                "0:30 the student explains her math mastery level\n"
                "2:10 the struggle piece\n"
                "3:45 setting a goal with her family\n"
                "5:00 the teacher's three-minute visit",
            ),
            ArtifactSpec(
                "document",
                "Conference script template",
                f"{FILES_HOST}/exemplars/student-led-conferences/script-template.pdf",
            ),
            ArtifactSpec(
                "slides",
                "Family invitation and evening agenda",
                f"{FILES_HOST}/exemplars/student-led-conferences/agenda.pdf",
            ),
        ),
    ),
    ExemplarSpec(
        slug="lateral-reading-in-argument-writing",
        title="Lateral reading in a 10th-grade argument unit",
        grade_band=G.G9_12,
        subject=S.ELA,
        standards=((ET, "ET.3.1"), (ET, "ET.3.3")),
        lesson_flow=(
            "Snake River High School, English 10, 50 minutes.\n\n"
            "1. **Warm-up (5 min):** three search results on school start times; "
            "students rank them by trust.\n"
            "2. **Model (10 min):** the teacher reads one source laterally, thinking "
            "aloud.\n"
            "3. **Pairs (20 min):** lateral reading on the other two, with a "
            "'who/what do they want/what do others say' organizer.\n"
            "4. **Re-rank and discuss (10 min).**\n"
            "5. **Exit ticket (5 min):** which source goes in your argument, and why?"
        ),
        pedagogical_value=(
            "Students practise the fact-checker's habit on sources they will actually "
            "cite. The before-and-after ranking makes the change in their judgment "
            "visible to them, and the discussion norms keep disagreement respectful."
        ),
        reflection=(
            "Nineteen of 27 students ranked the advocacy group's site first before "
            "reading laterally; four did after. Their argument essays cited more "
            "primary sources than last year's."
        ),
        artifacts=(
            ArtifactSpec(
                "video",
                "Annotated video: modelling lateral reading",
                f"{VIDEO_HOST}/exemplars/lateral-reading-eng10/model",
                "1:20 opening a new tab before reading\n"
                "3:40 finding the funder\n"
                "6:15 pairs disagree about a source\n"
                "8:30 re-ranking",
            ),
            ArtifactSpec(
                "document",
                "Lateral reading organizer",
                f"{FILES_HOST}/exemplars/lateral-reading-eng10/organizer.pdf",
            ),
            ArtifactSpec(
                "slides",
                "Slides: three sources on school start times",
                f"{FILES_HOST}/exemplars/lateral-reading-eng10/slides.pdf",
            ),
        ),
    ),
    ExemplarSpec(
        slug="plc-data-protocol-lab-reports",
        title="A PLC data protocol on 8th-grade lab reports",
        grade_band=G.G6_8,
        subject=S.SCIENCE,
        standards=((ET, "ET.2.1"), (ET, "ET.2.2")),
        lesson_flow=(
            "Canyon Middle School science PLC, 30 minutes.\n\n"
            "1. **Results by rubric row (5 min):** 'claim', 'evidence', 'reasoning' "
            "across 112 lab reports.\n"
            "2. **Student work (10 min):** six reports at level 2 on reasoning.\n"
            "3. **Name the misconception (5 min):** 'students restate the data "
            "instead of explaining why it supports the claim'.\n"
            "4. **Plan (10 min):** a 'because' sentence frame, a re-engagement group "
            "in each class, and students chart their own rubric rows."
        ),
        pedagogical_value=(
            "Looking by rubric row instead of by overall score pointed the team at "
            "reasoning, not at 'weak students'. Each teacher left with names and a "
            "date, and students saw their own data rather than a class ranking."
        ),
        reflection=(
            "The next lab report, reasoning at level 3 or above went from 34% to 61%. "
            "We now run this protocol after every lab."
        ),
        artifacts=(
            ArtifactSpec(
                "video",
                "Annotated video: the protocol, condensed",
                f"{VIDEO_HOST}/exemplars/plc-lab-reports/protocol",
                "0:40 results by rubric row\n"
                "4:00 reading student work without judging\n"
                "9:20 naming the misconception\n"
                "12:45 re-engagement plan with names",
            ),
            ArtifactSpec(
                "document",
                "Protocol notes (de-identified)",
                f"{FILES_HOST}/exemplars/plc-lab-reports/notes.pdf",
            ),
            ArtifactSpec(
                "document",
                "'Because' sentence frames for reasoning",
                f"{FILES_HOST}/exemplars/plc-lab-reports/sentence-frames.pdf",
            ),
        ),
        author="coach",
        publisher="coach",
    ),
]


@dataclass(frozen=True)
class ProposalSpec:
    slug: str
    title: str
    grade_band: str
    subject: str
    standards: tuple[tuple[str, str], ...]
    lesson_flow: str
    pedagogical_value: str
    reflection: str


# A demo teacher proposes an exemplar from approved educator evidence, by badge slug.
PROPOSALS: dict[str, ProposalSpec] = {
    "digital-citizenship-mentor": ProposalSpec(
        slug="lateral-reading-with-filler-metal-data-sheets",
        title="Lateral reading with filler-metal data sheets",
        grade_band=G.G9_12,
        subject=S.CTE,
        standards=((ET, "ET.3.1"), (ET, "ET.3.2")),
        lesson_flow=(
            "Welding Technology I, 50 minutes.\n\n"
            "1. **Warm-up:** three search results for 'E7018 amperage'.\n"
            "2. **Lateral reading in pairs:** who published each one?\n"
            "3. **Compare** with the manufacturer's data sheet.\n"
            "4. **Exit ticket:** which source would you trust, and why?"
        ),
        pedagogical_value=(
            "Digital citizenship taught on the sources welders really use: students "
            "learn that a forum post and a manufacturer's data sheet are not equal, "
            "and the privacy review of the shop's quiz tool shows them the teacher "
            "checks their data too."
        ),
        reflection=(
            "Most students trusted the first search result until they compared it with "
            "the data sheet. 21 of 24 exit tickets named the manufacturer."
        ),
    ),
}


# --- the seeder -----------------------------------------------------------------------


@dataclass
class Context:
    district: Organization
    school: Organization
    users: dict[str, User]
    competencies: dict[tuple[str, str], Competency]
    badges: dict[str, BadgeClass]
    created: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


DEMO_KEYS = ("admin", "coach", "teacher", "teacher2")


def seed_courses(*, out: Callable[[str], None]) -> None:
    """Make the demo library, its cohort and its learners. Does nothing a second time."""
    if Module.objects.filter(slug=SENTINEL).exists():
        out(f"Courses demo data is already in place (module “{SENTINEL}” exists); nothing to do.")
        return
    users = {
        key: User.objects.filter(email__iexact=f"{key}@{EMAIL_DOMAIN}").first() for key in DEMO_KEYS
    }
    district = Organization.objects.filter(slug=DISTRICT).first()
    school = Organization.objects.filter(slug=HIGH_SCHOOL).first()
    missing = [k for k, u in users.items() if u is None]
    if missing or district is None or school is None:
        out("Courses demo data skipped: run seed_demo first (the demo district is not there).")
        return

    with override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND), transaction.atomic():
        ctx = Context(
            district=district,
            school=school,
            users=users,
            competencies=_competencies(),
            badges={
                b.slug: b
                for b in BadgeClass.objects.filter(
                    slug__in={m.leads_to for m in MODULES} | {PARTICIPATION_BADGE}
                )
            },
        )
        modules = {spec.slug: _module(ctx, spec) for spec in MODULES}
        _cohort_and_assignments(ctx, modules)
        for plan in LEARNING_V1:
            _learn(ctx, plan)
        _revise_lms_module(ctx, modules[LMS_FEEDBACK])
        for plan in LEARNING_V2:
            _learn(ctx, plan)
        for spec in EXEMPLARS:
            _exemplar(ctx, spec)
        _proposal(ctx)

    c = ctx.created
    out(
        "Courses demo data created - "
        f"{c['modules']} modules ({c['new versions']} revised to version 2, its version 1 "
        f"retired with a learner still on it), {c['steps']} steps, "
        f"{c['exemplars published']} published exemplars"
        + (f" and {c['exemplars proposed']} proposed" if c["exemplars proposed"] else "")
        + f", cohort “{COHORT_NAME}” with {c['assignments']} assignments, "
        f"{c['enrollments']} enrollments ({c['finished']} finished, "
        f"{c['enrollments'] - c['finished']} in progress), "
        f"{_plural(c['applications'], 'application')} for a micro-credential, "
        f"{_plural(c['participation badges'], 'participation badge class', 'participation badge classes')} made."
    )
    for note in ctx.notes:
        out(f"  note: {note}")


def _plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _competencies() -> dict[tuple[str, str], Competency]:
    return {
        (c.framework.slug, c.code): c
        for c in Competency.objects.filter(framework__slug__in=[ET, CTE]).select_related(
            "framework"
        )
    }


def _aligned(ctx: Context, refs: tuple[tuple[str, str], ...], what: str) -> list[Competency]:
    found = []
    for ref in refs:
        competency = ctx.competencies.get(ref)
        if competency is None:
            ctx.notes.append(f"{what}: competency {ref[1]} is not in the {ref[0]} framework.")
        else:
            found.append(competency)
    return found


def _educator_badge(ctx: Context, slug: str, what: str) -> BadgeClass | None:
    if not slug:
        return None
    badge = ctx.badges.get(slug)
    if badge is None or badge.audience != BadgeClass.Audience.EDUCATOR:
        ctx.notes.append(f"{what}: no educator badge “{slug}”, so it leads to none.")
        return None
    return badge


def _participation_badge(ctx: Context) -> BadgeClass | None:
    """A badge awarded on finishing a module. None of the demo's badges is one (they are
    earned with evidence), so one is made, as an admin would make it."""
    badge = ctx.badges.get(PARTICIPATION_BADGE)
    if badge is not None:
        return badge
    issuer = Issuer.objects.filter(organization=ctx.district).order_by("pk").first()
    if issuer is None:
        ctx.notes.append("the district has no issuer, so no module awards a participation badge")
        return None
    badge = badge_class_create(
        actor=ctx.users["admin"],
        actor_label="seed_courses",
        issuer=issuer,
        slug=PARTICIPATION_BADGE,
        name="Accessible Documents: Module Completed",
        description=(
            "Completed the 15-minute module “Accessible documents in 15 minutes”: real "
            "headings, alt text, link text, contrast and table headers. A participation "
            "badge, not a micro-credential: it is awarded on finishing the module."
        ),
        criteria_narrative=(
            "Finish every step of the module “Accessible documents in 15 minutes”, "
            "including fixing one of your own handouts and passing the check."
        ),
        audience=BadgeClass.Audience.EDUCATOR,
        image=images.badge_png(
            monogram="A11Y", caption="Participation", color="#0e7490", shape="hexagon"
        ),
        status=BadgeClass.Status.ACTIVE,
        tags=["accessibility", "participation", "educator"],
        alignments=_aligned(ctx, ((ET, "ET.1.2"),), "participation badge"),
    )
    ctx.badges[badge.slug] = badge
    ctx.created["participation badges"] += 1
    return badge


def _module(ctx: Context, spec: ModuleSpec) -> Module:
    author = ctx.users[spec.author]
    module = services.module_create(
        actor=author,
        organization=ctx.district,
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        minutes=spec.minutes,
        format=spec.format,
        grade_bands=list(spec.grade_bands),
        subjects=list(spec.subjects),
        competencies=_aligned(ctx, spec.competencies, spec.slug),
        leads_to=_educator_badge(ctx, spec.leads_to, spec.slug),
        participation_badge=_participation_badge(ctx) if spec.participation else None,
    )
    for step in spec.steps:
        _step(ctx, author, module, step)
    ctx.created["modules"] += 1
    return services.module_publish(actor=author, module=module)


def _step(ctx: Context, author: User, module: Module, spec: StepSpec) -> Step:
    common = {"actor": author, "module": module, "title": spec.title}
    if isinstance(spec, Read):
        step = services.step_add(**common, kind=Step.Kind.READ, body=spec.body)
    elif isinstance(spec, Watch):
        step = services.step_add(
            **common,
            kind=Step.Kind.WATCH,
            body=spec.body,
            video_url=VIDEO_HOST + spec.video,
            transcript=spec.transcript,
        )
    elif isinstance(spec, Try):
        step = services.step_add(**common, kind=Step.Kind.TRY, body=spec.body)
    elif isinstance(spec, Reflect):
        step = services.step_add(
            **common, kind=Step.Kind.REFLECT, body=spec.body, prompt=spec.prompt
        )
    else:
        step = services.step_add(
            **common,
            kind=Step.Kind.CHECK,
            body=spec.body,
            pass_mark=spec.pass_mark,
            questions=[
                {
                    "prompt": q.prompt,
                    "choices": [
                        {"text": text, "correct": correct, "feedback": feedback}
                        for text, correct, feedback in q.choices
                    ],
                }
                for q in spec.questions
            ],
        )
    ctx.created["steps"] += 1
    return step


def _published(slug: str) -> Module:
    return Module.objects.get(slug=slug, status=Module.Status.PUBLISHED)


def _cohort_and_assignments(ctx: Context, modules: dict[str, Module]) -> None:
    """The Teacher Leader Network gets the PLC module; the high school gets the
    accessibility module. Each has one teacher who has not started it."""
    admin = ctx.users["admin"]
    cohort = services.cohort_create(
        actor=admin,
        organization=ctx.district,
        name=COHORT_NAME,
        members=[ctx.users["teacher"], ctx.users["teacher2"]],
    )
    today = timezone.localdate()
    services.assignment_create(
        actor=admin,
        module=modules[PLC_PROTOCOLS],
        cohort=cohort,
        due_on=today + timedelta(days=ASSIGNMENT_DUE_IN_DAYS[0]),
    )
    services.assignment_create(
        actor=admin,
        module=modules[ACCESSIBLE_DOCS],
        school=ctx.school,
        due_on=today + timedelta(days=ASSIGNMENT_DUE_IN_DAYS[1]),
    )
    ctx.created["assignments"] += 2


def _answers(step: Step, *, correct: bool) -> dict[str, int]:
    """All-correct answers, or answers wrong on half the questions (rounded up)."""
    questions = sorted(step.questions.all(), key=lambda q: q.position)
    wrong = 0 if correct else (len(questions) + 1) // 2
    answers = {}
    for i, q in enumerate(questions):
        want = i >= wrong
        answers[str(q.public_id)] = next(
            n for n, c in enumerate(q.choices) if bool(c.get("correct")) == want
        )
    return answers


def _learn(ctx: Context, plan: Learning) -> Enrollment:
    learner = ctx.users[plan.learner]
    module = _published(plan.module)
    enrollment = services.enrollment_start(learner=learner, module=module)
    ctx.created["enrollments"] += 1
    steps = list(module.steps.prefetch_related("questions").order_by("position"))
    answers = iter(plan.answers)
    for step in steps[: plan.through]:
        if step.kind == Step.Kind.CHECK:
            if plan.fail_first:
                result = services.check_submit(
                    learner=learner,
                    enrollment=enrollment,
                    step=step,
                    answers=_answers(step, correct=False),
                )
                if result.passed:
                    raise RuntimeError(f"{module.slug}: the demo's failing attempt passed.")
            if plan.pass_checks:
                services.check_submit(
                    learner=learner,
                    enrollment=enrollment,
                    step=step,
                    answers=_answers(step, correct=True),
                )
        elif step.kind == Step.Kind.REFLECT:
            services.step_complete(
                learner=learner,
                enrollment=enrollment,
                step=step,
                answer=next(answers, "I will try this in my next unit and bring notes to PLC."),
            )
        else:
            services.step_complete(learner=learner, enrollment=enrollment, step=step)
    if plan.finish:
        enrollment = services.enrollment_finish(learner=learner, enrollment=enrollment)
        ctx.created["finished"] += 1
    if plan.apply:
        _apply(ctx, learner, enrollment)
    return enrollment


def _apply(ctx: Context, learner: User, enrollment: Enrollment) -> None:
    """Apply for the module's micro-credential, if its badge takes evidence from earners."""
    badge = enrollment.module.leads_to
    policy = ApprovalPolicy.objects.filter(badge_class=badge).first() if badge else None
    if (
        badge is None
        or badge.status != BadgeClass.Status.ACTIVE
        or policy is None
        or not policy.allow_self_submission
    ):
        ctx.notes.append(
            f"{learner.email} did not apply from “{enrollment.module.title}”: its badge "
            "has no approval policy taking the earner's own evidence."
        )
        return
    services.enrollment_apply_for_credential(
        learner=learner, enrollment=enrollment, attach_reflections=True
    )
    ctx.created["applications"] += 1


def _revise_lms_module(ctx: Context, v1: Module) -> None:
    """The coach revises the LMS module: version 2 adds peer-comment norms and retires
    version 1, whose learner keeps it."""
    coach = ctx.users["coach"]
    draft = services.module_new_version(actor=coach, module=v1)
    competencies = [*draft.competencies.all()]
    competencies += _aligned(ctx, (LMS_V2_EXTRA_COMPETENCY,), v1.slug)
    draft = services.module_update(
        actor=coach, module=draft, **LMS_V2_CHANGES, competencies=competencies
    )
    step = _step(ctx, coach, draft, LMS_V2_STEP)
    # The new reading comes right before the "try it" step, not after the check.
    steps = list(draft.steps.order_by("position", "pk"))
    try_position = next(s.position for s in steps if s.kind == Step.Kind.TRY)
    for _ in range(step.position - try_position):
        services.step_move(actor=coach, step=step, up=True)
    services.module_publish(actor=coach, module=draft)
    ctx.created["new versions"] += 1


def _exemplar(ctx: Context, spec: ExemplarSpec) -> Exemplar:
    exemplar = services.exemplar_create(
        actor=ctx.users[spec.author],
        organization=ctx.district,
        slug=spec.slug,
        title=spec.title,
        grade_band=spec.grade_band,
        subject=spec.subject,
        lesson_flow=spec.lesson_flow,
        pedagogical_value=spec.pedagogical_value,
        reflection=spec.reflection,
        standards=_aligned(ctx, spec.standards, spec.slug),
        artifacts=[
            {"kind": a.kind, "title": a.title, "url": a.url, "annotation": a.annotation}
            for a in spec.artifacts
        ],
    )
    exemplar = services.exemplar_publish(actor=ctx.users[spec.publisher], exemplar=exemplar)
    ctx.created["exemplars published"] += 1
    return exemplar


def _proposal(ctx: Context) -> None:
    """A demo teacher proposes an exemplar from approved educator evidence, with consent;
    it waits for the coach or an admin to publish it."""
    teachers = [ctx.users["teacher"], ctx.users["teacher2"]]
    approved = list(
        Submission.objects.filter(
            earner__in=teachers,
            status=Submission.Status.APPROVED,
            badge_class__audience=BadgeClass.Audience.EDUCATOR,
            badge_class__slug__in=list(PROPOSALS),
        )
        .select_related("badge_class", "earner")
        .order_by("pk")
    )
    if not approved:
        ctx.notes.append("no demo teacher has approved educator evidence to propose as an exemplar")
        return
    submission = approved[0]
    spec = PROPOSALS[submission.badge_class.slug]
    if Exemplar.objects.filter(slug=spec.slug).exists():
        return
    services.exemplar_propose(
        actor=submission.earner,
        submission=submission,
        consent=True,
        slug=spec.slug,
        title=spec.title,
        grade_band=spec.grade_band,
        subject=spec.subject,
        lesson_flow=spec.lesson_flow,
        pedagogical_value=spec.pedagogical_value,
        reflection=spec.reflection,
        standards=_aligned(ctx, spec.standards, spec.slug),
    )
    ctx.created["exemplars proposed"] += 1
