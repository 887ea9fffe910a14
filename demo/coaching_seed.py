"""The demo's coaching: two coaches, their caseloads, a term of sessions, goals and
recommendations.

`seed_coaching()` runs after `seed_demo()` (it needs the district, its schools, the
admin, the coach, the two teachers, the educator framework and the educator badge
classes) and, for its recommendations and the modules linked to goals, after the
courses demo. It adds a second coach and six teachers, then does everything through
`coaching.services`, in the order it would have happened: the admin puts teachers on
caseloads at the start of the term, the coaches log sessions and write goals with
their teachers, one teacher is moved from the second coach to the first half-way
through the term (after the second coach's sessions with him), goals move through
their statuses, action steps are done, and modules are recommended.

Sessions are dated back from today, so the caseload dashboards always show a term's
history, overdue follow-ups and upcoming ones.

The main data is made in one transaction: when the second coach has logged sessions,
it is in place and is not made again. Module links and recommendations are checked
on every run and only the missing ones are made, so running this again after the
courses demo adds them; a recommendation the teacher dismissed is not made again.

The keys below repeat ones defined in `demo/seed.py` (school slugs, e-mail domain,
framework slugs) rather than importing them, so that `demo.seed` can import this
module without an import cycle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organization, User
from badges.models import BadgeClass
from coaching import permissions, selectors, services
from coaching.models import CoachingAssignment, CoachingSession, Goal, Recommendation
from competencies.models import Competency
from courses.models import Module

EMAIL_DOMAIN = "demo.cairn.test"  # demo.seed.EMAIL_DOMAIN
DISTRICT = "snake-river-sd"  # demo.seed.DISTRICT
HIGH_SCHOOL = "snake-river-hs"  # demo.seed.HIGH_SCHOOL
MIDDLE_SCHOOL = "canyon-ms"
ELEMENTARY = "riverside-es"
FRAMEWORKS = ("educator-technology", "cte-welding")  # demo.seed.ET_SLUG, CTE_SLUG

TERM_DAYS = 84  # twelve weeks of sessions, back from today
HANDOVER_DAYS_AGO = 42  # when Ben Hollister moves from coach2 to coach

Role = Membership.Role
K = CoachingSession.Kind
S = Goal.Status

# Module slugs from demo/courses_seed.py. Each reference also names a competency, so a
# published module aligned to it is used if the courses demo has no module by that slug.
EXIT_TICKETS = "exit-tickets-that-drive-tomorrow"
STATION_ROTATION = "station-rotation-in-20-minutes"
WHITEBOARDS = "mini-whiteboards-checking-for-understanding"
SAFETY_TALK = "welding-shop-safety-talk"
ACCESSIBLE_DOCS = "accessible-documents-in-15-minutes"
PLC_PROTOCOLS = "formative-data-protocols-for-plcs"
STUDENT_LED = "student-led-conferences"
LATERAL_READING = "lateral-reading-in-ten-minutes"
PRIVACY_VETTING = "vetting-a-classroom-app-for-privacy"
PRINT_WALK = "teaching-weld-symbols-with-a-print-walk"


# --- people --------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    role: str
    schools: tuple[str, ...]
    title: str

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"


COACH2 = "coach2"

# The people this module adds; the lead's sign-in list can print them.
COACHING_USERS: list[Person] = [
    Person(
        COACH2,
        "Hannah Kessler",
        Role.COACH,
        (MIDDLE_SCHOOL, ELEMENTARY),
        "Instructional coach, Canyon Middle School and Riverside Elementary School",
    ),
    Person(
        "teacher3",
        "Luis Calderon",
        Role.TEACHER,
        (HIGH_SCHOOL,),
        "Algebra I teacher, Snake River High School",
    ),
    Person(
        "teacher4",
        "Amy Takahashi",
        Role.TEACHER,
        (MIDDLE_SCHOOL,),
        "7th-grade science teacher, Canyon Middle School",
    ),
    Person(
        "teacher5",
        "Ben Hollister",
        Role.TEACHER,
        (MIDDLE_SCHOOL,),
        "8th-grade U.S. history teacher, Canyon Middle School (moved to a new coach mid-term)",
    ),
    Person(
        "teacher6",
        "Rachel Morgan",
        Role.TEACHER,
        (ELEMENTARY,),
        "4th-grade teacher, Riverside Elementary School",
    ),
    Person(
        "teacher7",
        "Omar Haddad",
        Role.TEACHER,
        (ELEMENTARY,),
        "2nd-grade teacher (first year), Riverside Elementary School",
    ),
    Person(
        "teacher8",
        "Jenna Whitcomb",
        Role.TEACHER,
        (MIDDLE_SCHOOL,),
        "6th-grade English language arts teacher, Canyon Middle School",
    ),
]

EXISTING_KEYS = ("admin", "coach", "teacher", "teacher2")  # made by demo/seed.py


# --- what happened this term ---------------------------------------------------------


@dataclass(frozen=True)
class SessionSpec:
    days_ago: int
    kind: str
    minutes: int
    focus: tuple[str, ...]  # competency codes
    shared: str
    next_steps: str = ""
    private: str = ""
    follow_up_after: int | None = None  # days after the session


@dataclass(frozen=True)
class StepSpec:
    description: str
    owner: str  # "teacher" or "coach" (the goal's coach)
    due_in: int  # days from today; negative is in the past
    done: bool = False


@dataclass(frozen=True)
class ModuleRef:
    slug: str
    competency: str  # used to find another published module if the slug is not there


@dataclass(frozen=True)
class GoalSpec:
    statement: str
    competency: str
    target_in: int  # days from today
    path: tuple[str, ...] = ()  # statuses it moves through, in order
    badges: tuple[str, ...] = ()
    modules: tuple[ModuleRef, ...] = ()
    steps: tuple[StepSpec, ...] = ()
    with_first_coach: bool = False  # written before the teacher changed coach


@dataclass(frozen=True)
class RecommendationSpec:
    module: ModuleRef
    note: str
    goal: int | None = None  # index into the caseload's goals
    session_kind: str = ""  # from the latest session of this kind


@dataclass(frozen=True)
class Caseload:
    teacher: str
    school: str
    coach: str
    sessions: tuple[SessionSpec, ...]
    goals: tuple[GoalSpec, ...] = ()
    recommendations: tuple[RecommendationSpec, ...] = ()
    first_coach: str = ""  # the coach before a reassignment at HANDOVER_DAYS_AGO


CASELOADS: list[Caseload] = [
    # --- Elena Brooks (coach@) -------------------------------------------------------
    Caseload(
        teacher="teacher",
        school=HIGH_SCHOOL,
        coach="coach",
        sessions=(
            SessionSpec(
                80,
                K.OBSERVATION,
                50,
                ("WLD.1.1", "WLD.1.3"),
                "Observed 3rd-period Welding Technology I during the GMAW lab. The PPE check "
                "at the door took 9 minutes and was mostly you calling names; two students "
                "reached the booths without safety glasses under their helmets. Students who "
                "finished their coupons early waited at the booths without a task.",
                next_steps="Marcus: sketch a five-minute safety talk that students could "
                "eventually run. Elena: bring two exit-ticket formats for the weld-defects unit.",
                private="Asked not to be observed on Mondays - new students from the transfer "
                "list start then and the shop is chaotic.",
                follow_up_after=7,
            ),
            SessionSpec(
                73,
                K.CO_PLANNING,
                45,
                ("ET.1.3", "WLD.3.2"),
                "Planned exit tickets for the weld-defects unit: three photos of fillet welds, "
                "students name the defect and its likely cause. You'll sort them into 'got it "
                "/ close / not yet' piles and open the next lab with the biggest pile.",
                next_steps="Try the tickets on Tuesday and Thursday; bring the sorted piles to "
                "our debrief.",
                follow_up_after=5,
            ),
            SessionSpec(
                66,
                K.MODELING,
                55,
                ("WLD.1.1", "WLD.1.3"),
                "Elena modeled the start-of-lab safety talk with 1st period: one hazard of the "
                "day, a student demonstrates the control, everyone checks a partner's PPE. It "
                "ran 6 minutes the first time. Students asked to pick next week's hazards.",
                next_steps="Run the talk yourself Wednesday to Friday; hand one day to a "
                "student volunteer.",
                private="Marcus is skeptical that students will take it seriously. Show him "
                "what the students said rather than arguing the point.",
                follow_up_after=7,
            ),
            SessionSpec(
                52,
                K.DEBRIEF,
                30,
                ("ET.1.3", "ET.2.1"),
                "Sorted 48 exit tickets together: most students confused porosity with "
                "undercut, and almost nobody linked undercut to travel angle. You rebuilt "
                "Thursday's demonstration around travel angle, and 41 of 48 retake tickets were "
                "right. That meets the exit-ticket goal.",
                next_steps="Keep two exit tickets a week through the end of the unit. Elena: "
                "share the ticket photos with the CTE team.",
                follow_up_after=10,
            ),
            SessionSpec(
                38,
                K.CO_TEACHING,
                90,
                ("WLD.2.1", "WLD.2.2"),
                "Co-taught the print-reading block as two stations: you ran layout and "
                "measuring at the benches, Elena ran a symbol-matching station. The other-side "
                "fillet symbol tripped up the same students your PLC quiz flagged.",
                next_steps="Reteach arrow side and other side before the next print-reading lab.",
                follow_up_after=10,
            ),
            SessionSpec(
                24,
                K.FEEDBACK,
                25,
                ("WLD.1.3",),
                "Feedback on the student-led safety talks: Jordan and Kayla ran three of the "
                "five this week without prompts. The hot-work checklist step still gets "
                "skipped when the talk runs long, so move it to the top.",
                next_steps="Put the fire-watch check at the top of the checklist card; Jordan "
                "trains two more student leaders.",
                follow_up_after=10,
            ),
            SessionSpec(
                9,
                K.OBSERVATION,
                40,
                ("WLD.1.1", "WLD.1.3"),
                "Observed the safety talk on a cutting day: a student led it, named the plasma "
                "table's water level as the hazard of the day, and every pair finished the PPE "
                "check in under 4 minutes. Early finishers now move to a print-reading station.",
                next_steps="Decide with Jordan's group how the talk runs when you are out, and "
                "write it into the sub plans.",
                private="Sub coverage in the shop is thin and the fire watch is where it would "
                "break. Raise it with the principal, not with Marcus.",
                follow_up_after=14,
            ),
        ),
        goals=(
            GoalSpec(
                "Use a weekly exit ticket in welding labs to decide the next day's demonstration.",
                "ET.1.3",
                target_in=-45,
                path=(S.IN_PROGRESS, S.MET),
                badges=("formative-assessment-with-technology",),
                modules=(ModuleRef(EXIT_TICKETS, "ET.1.3"),),
                steps=(
                    StepSpec(
                        "Write three exit tickets for the weld-defects unit", "teacher", -70, True
                    ),
                    StepSpec(
                        "Sort a week of tickets and bring them to the debrief", "teacher", -55, True
                    ),
                    StepSpec("Share the ticket photos with the CTE team", "coach", -45, True),
                ),
            ),
            GoalSpec(
                "By the end of the semester, students lead the start-of-lab safety talk every "
                "day, including the fire watch on cutting days.",
                "WLD.1.3",
                target_in=40,
                path=(S.IN_PROGRESS,),
                badges=("cte-shop-safety-supervision",),
                modules=(ModuleRef(SAFETY_TALK, "WLD.1.1"),),
                steps=(
                    StepSpec(
                        "Draft the talk routine and a hazard-of-the-day list", "teacher", -60, True
                    ),
                    StepSpec("Train two more student leaders", "teacher", 10),
                    StepSpec("Write the safety-talk routine into the sub plans", "teacher", 14),
                    StepSpec("Ask the principal about sub coverage on shop days", "coach", 7),
                ),
            ),
        ),
        recommendations=(
            RecommendationSpec(
                ModuleRef(PRINT_WALK, "WLD.2.1"),
                "The other-side fillet symbol came up again when we co-taught - this print "
                "walk is built for exactly that.",
                session_kind=K.CO_TEACHING,
            ),
        ),
    ),
    Caseload(
        teacher="teacher2",
        school=HIGH_SCHOOL,
        coach="coach",
        sessions=(
            SessionSpec(
                78,
                K.CO_PLANNING,
                40,
                ("ET.2.1",),
                "Mapped the argument-writing rubric onto three skill groups from the September "
                "essays: claims, evidence and reasoning. Planned a three-week cycle: group, "
                "reteach, reassess with a short argument.",
                next_steps="Priya: group students from the rubric scores. Elena: find a short "
                "reassessment prompt.",
                follow_up_after=7,
            ),
            SessionSpec(
                70,
                K.OBSERVATION,
                45,
                ("ET.1.3", "ET.3.1"),
                "Observed the lateral-reading mini-lesson in English 10. Students opened new "
                "tabs to check a source before reading it, most without reminders. The "
                "turn-and-talk questions went to the same few voices.",
                next_steps="Try numbered pairs for the next whole-class discussion.",
                follow_up_after=5,
            ),
            SessionSpec(
                63,
                K.CO_TEACHING,
                50,
                ("ET.2.1",),
                "Co-taught the first reteach day: Priya took the reasoning group, Elena the "
                "evidence group, and the claims group worked from the model paragraph. The "
                "evidence group needed the sentence frames more than we expected.",
                next_steps="Add sentence frames to the evidence group's station for Thursday.",
                follow_up_after=6,
            ),
            SessionSpec(
                49,
                K.OTHER,
                30,
                ("ET.2.1",),
                "Talked through the revoked Data-Driven Instruction badge: the evidence was "
                "filed under the wrong badge, not judged weak. A resubmission needs the data "
                "you started from, the groups, the reteach and a reassessment two to four "
                "weeks later - which this cycle will give you.",
                next_steps="Priya: keep the reassessment results. Elena: check that the "
                "approval policy names a coach as reviewer.",
                private="Priya was upset about the revocation - it was the district's error, "
                "not hers. Lead with that whenever it comes up.",
                follow_up_after=10,
            ),
            SessionSpec(
                35,
                K.FEEDBACK,
                20,
                ("ET.2.1", "ET.2.2"),
                "Feedback on the reassessment plan: the prompt matches the rubric, and letting "
                "students see their September and November scores side by side is a strong "
                "addition.",
                next_steps="Give the reassessment next week; score it with the same rubric.",
                follow_up_after=10,
            ),
            SessionSpec(
                21,
                K.DEBRIEF,
                35,
                ("ET.2.1", "ET.2.2"),
                "Reassessment debrief: 19 of 27 students are now at 3 or above on evidence, up "
                "from 9. Reasoning moved less, from 8 to 13. Every student wrote one goal from "
                "their own scores.",
                next_steps="Draft the reflection for the resubmission. Plan a student "
                "writing-goal tracker for next term.",
                follow_up_after=10,
            ),
            SessionSpec(
                6,
                K.CO_PLANNING,
                30,
                ("ET.2.2",),
                "Planned the writing-goal tracker: each student keeps their rubric scores and "
                "one goal in a document they own, and brings it to a five-minute conference. "
                "We sketched the conference script together.",
                next_steps="Try the tracker with 3rd period first; Elena observes a round of "
                "conferences.",
                follow_up_after=12,
            ),
        ),
        goals=(
            GoalSpec(
                "Complete a full data cycle in English 10 - group from the argument-writing "
                "rubric, reteach, and reassess within three weeks - and resubmit it for "
                "Data-Driven Instruction.",
                "ET.2.1",
                target_in=21,
                path=(S.IN_PROGRESS,),
                badges=("data-driven-instruction",),
                steps=(
                    StepSpec(
                        "Group students from the September rubric scores", "teacher", -72, True
                    ),
                    StepSpec("Find a short reassessment prompt", "coach", -66, True),
                    StepSpec(
                        "Confirm the approval policy names a coach reviewer", "coach", -42, True
                    ),
                    StepSpec("Give and score the reassessment", "teacher", -25, True),
                    StepSpec("Write the reflection for the resubmission", "teacher", 10),
                ),
            ),
            GoalSpec(
                "Every English 10 student keeps a writing-goal tracker and leads a short "
                "conference about it by the end of next term.",
                "ET.2.2",
                target_in=100,
                steps=(
                    StepSpec("Pilot the tracker with 3rd period", "teacher", 14),
                    StepSpec("Observe a round of tracker conferences", "coach", 21),
                ),
            ),
        ),
        recommendations=(
            RecommendationSpec(
                ModuleRef(PLC_PROTOCOLS, "ET.2.1"),
                "The second protocol is the one we used for the reassessment - useful for "
                "your resubmission reflection.",
                goal=0,
            ),
            RecommendationSpec(
                ModuleRef(STUDENT_LED, "ET.2.2"),
                "Short and practical; the conference script is close to the one we sketched.",
                goal=1,
            ),
        ),
    ),
    Caseload(
        teacher="teacher3",
        school=HIGH_SCHOOL,
        coach="coach",
        sessions=(
            SessionSpec(
                76,
                K.OBSERVATION,
                50,
                ("ET.1.1",),
                "Observed Algebra I, period 2: whole-class instruction for 35 minutes, then "
                "independent practice. About a third of the class finished in 10 minutes and "
                "a third had not started. Students are already at ease with the practice site.",
                next_steps="Luis: pick one unit for a three-station rotation. Elena: bring the "
                "station-rotation planning template.",
                follow_up_after=6,
            ),
            SessionSpec(
                69,
                K.CO_PLANNING,
                45,
                ("ET.1.1", "ET.1.2"),
                "Planned a three-station rotation for the linear-equations unit: a "
                "teacher-led small group, online practice with instant feedback, and a "
                "collaborative card sort. Checked that the practice site works with the "
                "screen reader one student uses.",
                next_steps="Build the card sort; set up the practice assignment by level.",
                follow_up_after=10,
            ),
            SessionSpec(
                55,
                K.MODELING,
                50,
                ("ET.1.1",),
                "Elena ran the teacher-led station while Luis circulated and timed the "
                "transitions: 4 minutes the first time, 2 the second with a timer on the "
                "board. The card-sort station needs a clear 'when you're done' task.",
                next_steps="Add an extension card to the card sort. Luis leads the teacher-led "
                "station next time.",
                follow_up_after=9,
            ),
            SessionSpec(
                41,
                K.DEBRIEF,
                25,
                ("ET.1.1", "ET.2.1"),
                "Debrief of the second rotation Luis ran alone: the small group let him catch "
                "four students still solving by guess-and-check. Next step is to set "
                "tomorrow's groups from the practice site's results.",
                next_steps="Export the practice results before each rotation day and group "
                "from them.",
                follow_up_after=10,
            ),
            SessionSpec(
                27,
                K.FEEDBACK,
                15,
                ("ET.1.2",),
                "Quick feedback after a hallway check-in: the rotation runs twice a week now. "
                "The online station's videos have no captions yet.",
                next_steps="Turn on captions and check them for the two videos students use most.",
                private="Luis is covering a colleague's classes during a leave and cancelled "
                "twice. Don't pile on - one small ask at a time.",
                follow_up_after=7,  # passed with no session since: overdue
            ),
        ),
        goals=(
            GoalSpec(
                "Run a weekly three-station rotation in Algebra I - teacher-led, online "
                "practice and collaborative - and set the groups from the practice data.",
                "ET.1.1",
                target_in=35,
                path=(S.IN_PROGRESS,),
                badges=("blended-learning-designer",),
                modules=(ModuleRef(STATION_ROTATION, "ET.1.1"),),
                steps=(
                    StepSpec("Bring the station-rotation planning template", "coach", -72, True),
                    StepSpec("Build the linear-equations card sort", "teacher", -62, True),
                    StepSpec("Caption the two most-used practice videos", "teacher", -18),
                    StepSpec("Observe a rotation with groups set from the data", "coach", 7),
                ),
            ),
        ),
    ),
    Caseload(
        teacher="teacher4",
        school=MIDDLE_SCHOOL,
        coach="coach",
        sessions=(
            SessionSpec(
                75,
                K.CO_PLANNING,
                30,
                ("ET.1.3",),
                "Planned quick checks for the cells unit: mini whiteboards at two points in "
                "every lab - after the pre-lab demonstration and before clean-up.",
                next_steps="Try the whiteboards on both lab days this week.",
                private="Mentioned childcare stress; keep follow-ups short.",
                follow_up_after=6,
            ),
            SessionSpec(
                68,
                K.OBSERVATION,
                45,
                ("ET.1.3",),
                "Observed the onion-cell lab. The first whiteboard check showed about half the "
                "class on the wrong objective lens; Amy paused and re-demonstrated before "
                "anyone made a slide. The second check was skipped because the lab ran long.",
                next_steps="Put the second check on a timer 8 minutes before the bell.",
                follow_up_after=6,
            ),
            SessionSpec(
                61,
                K.DEBRIEF,
                25,
                ("ET.1.3", "ET.2.1"),
                "Two weeks of whiteboard checks in every lab: Amy adjusted mid-lesson on 5 of "
                "8 days, and students now hold their boards up without being asked. Goal met - "
                "keep it going.",
                next_steps="Choose the next goal together.",
                follow_up_after=10,
            ),
            SessionSpec(
                47,
                K.MODELING,
                40,
                ("ET.1.1",),
                "Elena modeled the density simulation with 3rd period before the hands-on lab: "
                "students predicted, tested in the simulation, then checked with real objects. "
                "Strong predictions, but signing in took 10 minutes.",
                next_steps="Amy runs the simulation with another class. Elena asks IT about "
                "class rosters in the simulation.",
                follow_up_after=10,
            ),
            SessionSpec(
                33,
                K.OTHER,
                15,
                ("ET.1.1",),
                "Short check-in: the district has paused the simulation license until spring "
                "while it is reviewed. We set the simulation goal aside rather than work "
                "around it.",
                next_steps="Come back to the simulation goal when the license decision is in.",
                follow_up_after=10,
            ),
            SessionSpec(
                19,
                K.CO_TEACHING,
                60,
                ("ET.1.3", "ET.2.2"),
                "Co-taught the ecosystems lab: Amy led, Elena ran the whiteboard check with one "
                "table group. Students used their whiteboard answers to fill in their own "
                "progress chart.",
                next_steps="Try the progress chart with one more class.",
                follow_up_after=10,
            ),
            SessionSpec(
                4,
                K.FEEDBACK,
                20,
                ("ET.2.2",),
                "Feedback on the progress charts: students wrote clear 'next I need to' "
                "statements. A few charts are still blank - give time at the start of the lab "
                "rather than the end.",
                next_steps="Move chart time to the lab warm-up.",
                follow_up_after=10,
            ),
        ),
        goals=(
            GoalSpec(
                "Check for understanding with mini whiteboards at least twice in every lab "
                "lesson, and adjust before students move on.",
                "ET.1.3",
                target_in=-50,
                path=(S.IN_PROGRESS, S.MET),
                badges=("formative-assessment-with-technology",),
                modules=(ModuleRef(WHITEBOARDS, "ET.1.3"),),
                steps=(
                    StepSpec("Try whiteboard checks on both lab days", "teacher", -70, True),
                    StepSpec("Set a timer for the second check", "teacher", -62, True),
                ),
            ),
            GoalSpec(
                "Run a virtual density simulation before each hands-on density lab so "
                "students test their predictions first.",
                "ET.1.1",
                target_in=60,
                path=(S.IN_PROGRESS, S.SET_ASIDE),
                badges=("blended-learning-designer",),
                steps=(
                    StepSpec("Ask IT about class rosters in the simulation", "coach", -40, True),
                    StepSpec("Run the simulation with a second class", "teacher", -35),
                ),
            ),
        ),
    ),
    # Ben Hollister: Hannah Kessler's until HANDOVER_DAYS_AGO, then Elena Brooks's.
    Caseload(
        teacher="teacher5",
        school=MIDDLE_SCHOOL,
        coach="coach",
        first_coach=COACH2,
        sessions=(
            SessionSpec(
                79,
                K.OBSERVATION,
                45,
                ("ET.3.1",),
                "Observed the primary-source lesson on the Lowell mill girls. Students looked "
                "up background on the web and mostly used the first result; two used a "
                "reenactment site as a source.",
                next_steps="Ben: try one lateral-reading check before students use any "
                "website. Hannah: send the lateral-reading routine.",
                follow_up_after=7,
            ),
            SessionSpec(
                72,
                K.CO_PLANNING,
                40,
                ("ET.3.1", "ET.3.3"),
                "Planned a lateral-reading warm-up for every source lesson: who is behind this "
                "site, what do others say about it, where does the claim come from. Built a "
                "class anchor chart.",
                next_steps="Use the warm-up in two source lessons and collect the students' notes.",
                follow_up_after=10,
            ),
            SessionSpec(
                58,
                K.FEEDBACK,
                25,
                ("ET.3.1",),
                "Feedback on the students' lateral-reading notes: most named who runs a site, "
                "few checked what others say about it. Question 2 on the anchor chart needs "
                "modeling.",
                next_steps="Model question 2 with a site you choose in advance.",
                private="Ben is nervous about being observed by someone new after the "
                "handover. Tell Elena the warm-up is working and that he responds well to "
                "specific praise.",
                follow_up_after=7,
            ),
            # Elena Brooks from here on.
            SessionSpec(
                40,
                K.OTHER,
                30,
                ("ET.3.1",),
                "Handover conversation: went over the lateral-reading goal you set with Hannah "
                "and what is working (the warm-up and the anchor chart). We agreed to keep "
                "that goal and to look at the privacy of the new class apps next.",
                next_steps="Elena observes a source lesson in two weeks.",
                follow_up_after=12,
            ),
            SessionSpec(
                26,
                K.OBSERVATION,
                45,
                ("ET.3.1", "ET.3.2"),
                "Observed the Reconstruction source lesson: students ran all three "
                "lateral-reading questions without the chart, and one group caught a site "
                "with an undisclosed sponsor. Students signed in to a new quiz app whose "
                "privacy policy nobody had checked.",
                next_steps="Check the quiz app against the district privacy checklist before "
                "it is used again.",
                follow_up_after=6,
            ),
            SessionSpec(
                13,
                K.DEBRIEF,
                30,
                ("ET.3.2",),
                "Debriefed the privacy check of the quiz app: it shares student names with "
                "advertisers unless the teacher account is in 'school' mode, so Ben switched "
                "it. We agreed on a goal to check every new app before students sign in.",
                next_steps="Ben: list the apps students use this term. Elena: bring the "
                "district privacy checklist.",
                follow_up_after=6,  # passed with no session since: overdue
            ),
        ),
        goals=(
            GoalSpec(
                "Teach lateral reading in every primary-source lesson, so students check who "
                "is behind a website before they use it.",
                "ET.3.1",
                target_in=30,
                path=(S.IN_PROGRESS,),
                badges=("digital-citizenship-mentor",),
                modules=(ModuleRef(LATERAL_READING, "ET.3.1"),),
                steps=(
                    StepSpec("Send the lateral-reading routine", "coach", -75, True),
                    StepSpec("Use the warm-up in two source lessons", "teacher", -62, True),
                    StepSpec("Model anchor-chart question 2", "teacher", -50),
                ),
                with_first_coach=True,
            ),
            GoalSpec(
                "Check every new classroom app against the district privacy checklist before "
                "students sign in.",
                "ET.3.2",
                target_in=45,
                modules=(ModuleRef(PRIVACY_VETTING, "ET.3.2"),),
                steps=(
                    StepSpec("List the apps students use this term", "teacher", -5),
                    StepSpec("Bring the district privacy checklist", "coach", -5, True),
                ),
            ),
        ),
    ),
    # --- Hannah Kessler (coach2@) ----------------------------------------------------
    Caseload(
        teacher="teacher6",
        school=ELEMENTARY,
        coach=COACH2,
        sessions=(
            SessionSpec(
                81,
                K.OBSERVATION,
                45,
                ("ET.2.1",),
                "Observed guided reading. The groups were set in September from the fall "
                "benchmark and have not changed; two students in the middle group read well "
                "above it.",
                next_steps="Bring this week's running records to our planning time.",
                follow_up_after=7,
            ),
            SessionSpec(
                74,
                K.CO_PLANNING,
                40,
                ("ET.2.1", "ET.2.2"),
                "Planned a three-week regrouping cycle from the running records and the online "
                "reading assessment. Students will chart their own words per minute each week.",
                next_steps="Rachel: make the fluency chart. Hannah: pull the assessment's "
                "skills report.",
                follow_up_after=10,
            ),
            SessionSpec(
                60,
                K.CO_TEACHING,
                50,
                ("ET.2.1",),
                "Co-taught the reading block on the first regrouping day: Rachel led the new "
                "top group and Hannah worked with the group that moved. The fluency charts "
                "were a hit - students compared their own lines, not each other's.",
                next_steps="Keep weekly fluency checks; regroup again in three weeks.",
                follow_up_after=10,
            ),
            SessionSpec(
                46,
                K.DEBRIEF,
                30,
                ("ET.2.2",),
                "Debrief: every student has charted three fluency checks; 17 of 24 set a goal "
                "and 14 met it. The fluency-chart goal is met.",
                next_steps="Use the skills report, not just scores, for the next regrouping.",
                follow_up_after=10,
            ),
            SessionSpec(
                32,
                K.MODELING,
                30,
                ("ET.2.1",),
                "Hannah modeled reading the assessment's skills report to pick each group's "
                "focus skill instead of regrouping by score alone.",
                next_steps="Rachel regroups from the skills report on her own next week.",
                private="Rachel's student teacher leaves in three weeks; plan for the reading "
                "block to be harder to run after that.",
                follow_up_after=10,
            ),
            SessionSpec(
                18,
                K.FEEDBACK,
                20,
                ("ET.2.1",),
                "Feedback on the second regrouping: done in 15 minutes from the skills report, "
                "and each group has one focus skill on its table card.",
                next_steps="Try a quick check of the focus skill at the end of each group.",
                follow_up_after=7,
            ),
            SessionSpec(
                5,
                K.OBSERVATION,
                40,
                ("ET.2.1", "ET.1.3"),
                "Observed the groups with their focus skills. The end-of-group check caught "
                "three students who need the vowel-team lesson again.",
                next_steps="Regroup in a week using the checks as well as the report.",
                follow_up_after=12,
            ),
        ),
        goals=(
            GoalSpec(
                "Students chart their own reading fluency every week and set a goal from it.",
                "ET.2.2",
                target_in=-40,
                path=(S.IN_PROGRESS, S.MET),
                steps=(
                    StepSpec("Make the student fluency chart", "teacher", -70, True),
                    StepSpec("Teach students to chart and set a goal", "teacher", -60, True),
                ),
            ),
            GoalSpec(
                "Regroup guided-reading groups every three weeks from running records and the "
                "reading assessment's skills report.",
                "ET.2.1",
                target_in=30,
                path=(S.IN_PROGRESS,),
                badges=("data-driven-instruction",),
                modules=(ModuleRef(PLC_PROTOCOLS, "ET.2.1"),),
                steps=(
                    StepSpec("Pull the skills report for each group", "coach", -70, True),
                    StepSpec("Regroup from the skills report", "teacher", -18, True),
                    StepSpec("Add a focus-skill check to the end of each group", "teacher", 7),
                ),
            ),
        ),
    ),
    Caseload(
        teacher="teacher7",
        school=ELEMENTARY,
        coach=COACH2,
        sessions=(
            SessionSpec(
                83,
                K.OTHER,
                60,
                (),
                "Getting started: how coaching works, what you'd like help with first (the "
                "reading block and the listening center), and when Hannah can visit.",
                next_steps="Hannah visits the reading block next week.",
                follow_up_after=7,
            ),
            SessionSpec(
                76,
                K.OBSERVATION,
                40,
                ("ET.1.2",),
                "Observed the reading block. The listening center's tablets need an adult to "
                "start each audiobook, so the center stops whenever you are with a group. "
                "One student who uses a screen reader can't reach the book list.",
                next_steps="Set up the listening center so students can start books on their own.",
                follow_up_after=6,
            ),
            SessionSpec(
                69,
                K.MODELING,
                45,
                ("ET.1.2",),
                "Hannah modeled setting up the listening center: picture-labeled playlists, a "
                "three-step card, and the screen-reader-friendly book list. Two students taught "
                "the routine to the next group.",
                next_steps="Omar runs the center for a week and notes where students get stuck.",
                private="Omar said he feels behind the other 2nd-grade teachers. He's doing "
                "well for a first year - say so, specifically.",
                follow_up_after=10,
            ),
            SessionSpec(
                55,
                K.CO_TEACHING,
                50,
                ("ET.1.1",),
                "Co-taught the math block with a small group at the carpet and partners at "
                "the tablets. Transitions were long; the tablets were the distraction.",
                next_steps="Keep math whole-group for now; come back to stations later in the "
                "year.",
                follow_up_after=10,
            ),
            SessionSpec(
                41,
                K.DEBRIEF,
                30,
                ("ET.1.2",),
                "Debrief: the listening center ran without you on 4 of 5 days, and the "
                "student who uses a screen reader picked her own book twice.",
                next_steps="Add two new audiobooks a week, checking each one works with the "
                "screen reader.",
                follow_up_after=10,
            ),
            SessionSpec(
                27,
                K.CO_PLANNING,
                35,
                ("ET.1.2", "ET.3.2"),
                "Planned the family reading log: an accessible document families can fill in "
                "on a phone, with no student names in the shared link.",
                next_steps="Send the reading log home with Friday folders.",
                follow_up_after=10,
            ),
            SessionSpec(
                12,
                K.OBSERVATION,
                35,
                ("ET.1.2",),
                "Observed the listening center with the new audiobooks: every student started "
                "a book on their own, and the reading log came back from 15 of 22 families.",
                next_steps="Ask the families who did not return the log how they would like "
                "to get it.",
                follow_up_after=5,
            ),
            SessionSpec(
                2,
                K.FEEDBACK,
                15,
                ("ET.1.2",),
                "Feedback on the family reading log: families asked for a Spanish version; the "
                "document's headings make it quick to translate.",
                next_steps="Hannah asks the district for the translated version.",
                follow_up_after=7,
            ),
        ),
        goals=(
            GoalSpec(
                "Run a listening center that every student can use on their own, including "
                "students who use a screen reader.",
                "ET.1.2",
                target_in=25,
                path=(S.IN_PROGRESS,),
                modules=(ModuleRef(ACCESSIBLE_DOCS, "ET.1.2"),),
                steps=(
                    StepSpec(
                        "Set up picture-labeled playlists and the three-step card",
                        "teacher",
                        -66,
                        True,
                    ),
                    StepSpec("Check each new audiobook with the screen reader", "teacher", 14),
                    StepSpec("Ask the district for the Spanish reading log", "coach", 5),
                ),
            ),
            GoalSpec(
                "Run math stations with tablets in the second half of the year.",
                "ET.1.1",
                target_in=120,
                path=(S.SET_ASIDE,),
                badges=("blended-learning-designer",),
            ),
        ),
    ),
    Caseload(
        teacher="teacher8",
        school=MIDDLE_SCHOOL,
        coach=COACH2,
        sessions=(
            SessionSpec(
                77,
                K.CO_PLANNING,
                40,
                ("ET.3.3",),
                "Planned the launch of the class blog: students write norms for respectful "
                "comments before anyone posts, using examples of helpful and unhelpful "
                "comments.",
                next_steps="Students draft the norms in table groups on Friday.",
                follow_up_after=7,
            ),
            SessionSpec(
                62,
                K.OBSERVATION,
                45,
                ("ET.3.3", "ET.1.3"),
                "Observed the norms lesson. Groups sorted 12 sample comments; the 'sarcastic "
                "but funny' one split every group and led to the best discussion of the "
                "period. The norms are posted.",
                next_steps="Use the norms for the first round of comments; screenshot three "
                "comments to discuss.",
                follow_up_after=10,
            ),
            SessionSpec(
                48,
                K.MODELING,
                35,
                ("ET.3.3",),
                "Hannah modeled a comment conference: a projected comment, and students "
                "rewrite it against the norms. Students asked to do more of these.",
                next_steps="Jenna runs a comment conference each week.",
                follow_up_after=10,
            ),
            SessionSpec(
                34,
                K.DEBRIEF,
                30,
                ("ET.3.3", "ET.2.2"),
                "Debrief: weekly comment conferences are running and two parents wrote in "
                "about the blog. Three students still post one-word comments.",
                next_steps="Add a bank of comment sentence starters; check in with the three "
                "students.",
                private="Jenna is interviewing for a district position in the spring - don't "
                "count on her for the summer institute.",
                follow_up_after=10,
            ),
            SessionSpec(
                20,
                K.FEEDBACK,
                20,
                ("ET.3.3",),
                "Feedback on the sentence-starter bank: it works for two of the three "
                "students. We'll look at the third student's comments together.",
                next_steps="Bring the third student's comments to our next meeting.",
                follow_up_after=8,  # passed with no session since: overdue
            ),
        ),
        goals=(
            GoalSpec(
                "Students write and use norms for respectful online comments, and every "
                "student's comments meet them by the end of the term.",
                "ET.3.3",
                target_in=30,
                path=(S.IN_PROGRESS,),
                badges=("digital-citizenship-mentor",),
                steps=(
                    StepSpec("Draft the class norms in table groups", "teacher", -74, True),
                    StepSpec("Build a bank of comment sentence starters", "teacher", -28, True),
                    StepSpec("Look at the third student's comments together", "coach", -10),
                ),
            ),
        ),
    ),
]


# --- the seeder ----------------------------------------------------------------------


@dataclass
class Context:
    today: date
    users: dict[str, User]
    schools: dict[str, Organization]
    competencies: dict[str, Competency]
    badges: dict[str, BadgeClass]
    created: Counter[str] = field(default_factory=Counter)


def seed_coaching(*, out: Callable[[str], None]) -> None:
    """Make the demo's coaching (once), then add any missing module links and
    recommendations. Safe to run any number of times."""
    from .seed import DEMO_PASSWORD  # here, not at the top: demo.seed may import this module

    users = {
        key: User.objects.filter(email__iexact=f"{key}@{EMAIL_DOMAIN}").first()
        for key in EXISTING_KEYS
    }
    schools = {s.slug: s for s in Organization.objects.filter(slug__in=_school_slugs())}
    if any(u is None for u in users.values()) or len(schools) < len(_school_slugs()):
        out("Coaching demo data skipped: run seed_demo first (the demo district is not there).")
        return

    coach2_email = f"{COACH2}@{EMAIL_DOMAIN}"
    in_place = CoachingSession.objects.filter(coach__email__iexact=coach2_email).exists()
    ctx = Context(
        today=timezone.localdate(),
        users=users,
        schools=schools,
        competencies=_competencies(),
        badges={
            b.slug: b for b in BadgeClass.objects.filter(audience=BadgeClass.Audience.EDUCATOR)
        },
    )
    with transaction.atomic():
        if not in_place:
            _people(ctx, DEMO_PASSWORD)
            for caseload in CASELOADS:
                _caseload(ctx, caseload)
        else:
            ctx.users.update(
                {
                    p.key: user
                    for p in COACHING_USERS
                    if (user := User.objects.filter(email__iexact=p.email).first()) is not None
                }
            )
        modules_found = _module_links_and_recommendations(ctx)

    c = ctx.created
    if in_place:
        added = c["goal module links"] + c["recommendations"]
        out(
            "Coaching demo data is already in place"
            + (
                f"; added {c['goal module links']} goal module link(s) and "
                f"{c['recommendations']} recommendation(s)."
                if added
                else "; nothing to do."
            )
        )
        return
    out(
        "Coaching demo data created - "
        f"{c['users']} people ({c['coaches']} coach, {c['users'] - c['coaches']} teachers), "
        f"{c['assignments']} caseload assignments ({c['reassignments']} reassignment), "
        f"{c['sessions']} sessions, {c['goals']} goals, {c['action steps']} action steps "
        f"({c['steps done']} done), {c['goal module links']} goal module links, "
        f"{c['recommendations']} recommendations."
    )
    for key in ("coach", COACH2):
        out(f"  {_caseload_summary(ctx.users[key])}")
    for caseload in CASELOADS:
        if caseload.first_coach:
            teacher = ctx.users[caseload.teacher]
            moved = (
                CoachingAssignment.objects.filter(teacher=teacher, ends_on__isnull=True)
                .values_list("starts_on", flat=True)
                .first()
            )
            out(
                f"  {teacher.get_full_name()} moved from {ctx.users[caseload.first_coach].email} "
                f"to {ctx.users[caseload.coach].email} on {moved:%b %d} (history kept)."
            )
    if not modules_found:
        out(
            "  note: no published modules yet, so no recommendations or goal module links; "
            "run seed_coaching again after the courses demo to add them."
        )
    out(f"  new sign-ins (password {DEMO_PASSWORD}):")
    for p in COACHING_USERS:
        out(f"    {p.email} - {p.name}, {p.title}")


def _school_slugs() -> set[str]:
    return {c.school for c in CASELOADS} | {s for p in COACHING_USERS for s in p.schools}


def _competencies() -> dict[str, Competency]:
    return {
        c.code: c
        for c in Competency.objects.filter(framework__slug__in=FRAMEWORKS).order_by("pk")
        if c.code
    }


def school_day(day: date, *, forward: bool = False) -> date:
    """`day`, moved off a weekend: back to Friday, or forward to Monday."""
    weekend = day.weekday() - 4  # 1 on Saturday, 2 on Sunday
    if weekend <= 0:
        return day
    return day + timedelta(days=3 - weekend) if forward else day - timedelta(days=weekend)


def _people(ctx: Context, password: str) -> None:
    for spec in COACHING_USERS:
        user = User.objects.filter(email__iexact=spec.email).first()
        if user is None:
            user = User.objects.create_user(email=spec.email, password=password, name=spec.name)
            ctx.created["users"] += 1
            ctx.created["coaches"] += spec.role == Role.COACH
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        for slug in spec.schools:
            Membership.objects.get_or_create(
                user=user, organization=ctx.schools[slug], role=spec.role
            )
        ctx.users[spec.key] = user


def _caseload(ctx: Context, spec: Caseload) -> None:
    """One teacher's term, in the order it happened."""
    admin = ctx.users["admin"]
    teacher, school = ctx.users[spec.teacher], ctx.schools[spec.school]
    term_start = school_day(ctx.today - timedelta(days=TERM_DAYS))
    goals: list[Goal] = []

    def phase(coach: User, sessions: list[SessionSpec], goal_specs: list[GoalSpec]) -> None:
        for s in sessions:
            _session(ctx, coach, teacher, s)
        for g in goal_specs:
            goals.append(_goal(ctx, coach, teacher, g))

    first = ctx.users[spec.first_coach or spec.coach]
    services.assignment_create(
        actor=admin, coach=first, teacher=teacher, school=school, starts_on=term_start
    )
    ctx.created["assignments"] += 1
    sessions = list(spec.sessions)
    if spec.first_coach:
        # The first coach logs their sessions and writes their goal while the teacher is
        # still on their caseload; then the admin moves the teacher.
        phase(
            first,
            [s for s in sessions if s.days_ago > HANDOVER_DAYS_AGO],
            [g for g in spec.goals if g.with_first_coach],
        )
        sessions = [s for s in sessions if s.days_ago <= HANDOVER_DAYS_AGO]
        handover = school_day(ctx.today - timedelta(days=HANDOVER_DAYS_AGO))
        services.assignment_create(
            actor=admin,
            coach=ctx.users[spec.coach],
            teacher=teacher,
            school=school,
            starts_on=handover,
        )
        ctx.created["assignments"] += 1
        ctx.created["reassignments"] += 1
    phase(ctx.users[spec.coach], sessions, [g for g in spec.goals if not g.with_first_coach])


def _session(ctx: Context, coach: User, teacher: User, spec: SessionSpec) -> CoachingSession:
    held_on = school_day(ctx.today - timedelta(days=spec.days_ago))
    follow_up = (
        school_day(held_on + timedelta(days=spec.follow_up_after), forward=True)
        if spec.follow_up_after is not None
        else None
    )
    session = services.session_log(
        actor=coach,
        teacher=teacher,
        held_on=held_on,
        minutes=spec.minutes,
        kind=spec.kind,
        focus=[ctx.competencies[c] for c in spec.focus if c in ctx.competencies],
        shared_notes=spec.shared,
        private_notes=spec.private,
        next_steps=spec.next_steps,
        follow_up_on=follow_up,
    )
    ctx.created["sessions"] += 1
    return session


def _goal(ctx: Context, coach: User, teacher: User, spec: GoalSpec) -> Goal:
    goal = services.goal_create(
        actor=coach,
        teacher=teacher,
        statement=spec.statement,
        competency=ctx.competencies.get(spec.competency),
        target_date=school_day(ctx.today + timedelta(days=spec.target_in), forward=True),
    )
    ctx.created["goals"] += 1
    badges = [ctx.badges[slug] for slug in spec.badges if slug in ctx.badges]
    if badges:
        services.goal_link(actor=coach, goal=goal, badge_classes=badges)
    for status in spec.path:
        goal = services.goal_set_status(actor=coach, goal=goal, status=status)
    for step_spec in spec.steps:
        owner = teacher if step_spec.owner == "teacher" else coach
        step = services.action_step_add(
            actor=coach,
            goal=goal,
            description=step_spec.description,
            owner=owner,
            due_on=school_day(ctx.today + timedelta(days=step_spec.due_in), forward=True),
        )
        ctx.created["action steps"] += 1
        if step_spec.done:
            # Each person ticks off their own steps.
            services.action_step_set_done(actor=owner, step=step, done=True)
            ctx.created["steps done"] += 1
    return goal


def _published(ref: ModuleRef) -> Module | None:
    published = Module.objects.filter(status=Module.Status.PUBLISHED)
    return (
        published.filter(slug=ref.slug).order_by("-version").first()
        or published.filter(
            competencies__framework__slug__in=FRAMEWORKS, competencies__code=ref.competency
        )
        .order_by("title", "pk")
        .first()
    )


def _module_links_and_recommendations(ctx: Context) -> bool:
    """Link published modules to goals and make the recommendations, where they are not
    there yet. Returns whether there were any published modules to use."""
    if not Module.objects.filter(status=Module.Status.PUBLISHED).exists():
        return False
    for spec in CASELOADS:
        teacher = ctx.users.get(spec.teacher)
        if teacher is None:
            continue
        goals = [
            Goal.objects.filter(teacher=teacher, statement=g.statement).order_by("pk").first()
            for g in spec.goals
        ]
        for goal, goal_spec in zip(goals, spec.goals, strict=True):
            if goal is not None:
                _link_modules(ctx, goal, goal_spec.modules)
        coach = ctx.users.get(spec.coach)
        if coach is not None:
            for rec in spec.recommendations:
                _recommend(ctx, coach, teacher, rec, goals)
    return True


def _link_modules(ctx: Context, goal: Goal, refs: tuple[ModuleRef, ...]) -> None:
    linked = set(goal.modules.values_list("family", flat=True))
    missing: dict[object, Module] = {}
    for ref in refs:
        module = _published(ref)
        if module is not None and module.family not in linked:
            missing.setdefault(module.family, module)
    if not missing:
        return
    # The goal's coach if they still coach the teacher; after a reassignment, the teacher.
    actor = goal.coach if permissions.can_edit_goal(goal.coach, goal) else goal.teacher
    services.goal_link(actor=actor, goal=goal, modules=list(missing.values()))
    ctx.created["goal module links"] += len(missing)


def _recommend(
    ctx: Context,
    coach: User,
    teacher: User,
    spec: RecommendationSpec,
    goals: list[Goal | None],
) -> None:
    module = _published(spec.module)
    if module is None:
        return
    # Made once: not again when it is still there, nor after the teacher dismissed it.
    if Recommendation.objects.filter(teacher=teacher, module__family=module.family).exists():
        return
    if not permissions.coaches(coach, teacher):
        return
    goal = goals[spec.goal] if spec.goal is not None else None
    session = (
        CoachingSession.objects.filter(coach=coach, teacher=teacher, kind=spec.session_kind)
        .order_by("-held_on", "-pk")
        .first()
        if spec.session_kind
        else None
    )
    services.recommendation_create(
        actor=coach, teacher=teacher, module=module, note=spec.note, session=session, goal=goal
    )
    ctx.created["recommendations"] += 1


def _caseload_summary(coach: User) -> str:
    rows = selectors.caseload_dashboard(coach=coach).rows
    sessions = CoachingSession.objects.filter(coach=coach).count()
    overdue = sum(r.overdue for r in rows)
    upcoming = sum(1 for r in rows if r.next_follow_up and not r.overdue)
    open_goals = sum(r.open_goals for r in rows)
    return (
        f"{coach.email}: {len(rows)} teachers, {sessions} sessions logged, {overdue} overdue "
        f"follow-up(s), {upcoming} upcoming, {open_goals} open goals"
    )
