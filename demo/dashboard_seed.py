"""Enough of the demo district for the district dashboard to show real numbers.

The other demo seeds give each sign-in person a story; their groups are small (two
or three teachers a school), so the dashboard would withhold nearly everything at the
district's threshold of 10. This adds the Snake River High School professional
learning community: twelve more teachers and their instructional coach (roster
people at the district's own e-mail domain, without a password: they are not demo
sign-ins), and plays their term through the services, as the pages would:

- each teacher starts "Accessible documents in 15 minutes"; ten finish it (and so
  earn its participation badge);
- each is on the PLC coach's caseload with an observation and, for half of them, a
  debrief;
- each sends evidence for "Formative Assessment with Technology" to the coach: nine
  approved at once, two approved after changes were asked for (a second version), one
  still waiting.

The small groups of the other seeds (Riverside Elementary's two coached teachers, the
welding badges' few earners) stay withheld. Idempotent: each step is skipped when its
row is there, so a second run changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import Membership, Organization, User
from badges.models import BadgeClass
from coaching.models import CoachingAssignment, CoachingSession
from coaching.services import assignment_create, session_log
from courses import services as courses
from courses.models import Enrollment, Module, Step
from evidence import services as evidence
from evidence.models import Submission

from .seed import DISTRICT, EMAIL_DOMAIN, HIGH_SCHOOL, QUIET_EMAIL_BACKEND

ROSTER_DOMAIN = "snakeriver-sd.example.org"
MODULE = "accessible-documents-in-15-minutes"
BADGE = "formative-assessment-with-technology"
FINISHING = 10  # of the twelve; the other two are part-way through
APPROVE, CHANGES = "approve", "changes"


@dataclass(frozen=True)
class Teacher:
    key: str
    name: str
    evidence: str  # "approved", "resubmitted" or "waiting"
    debrief: bool

    @property
    def email(self) -> str:
        return f"{self.key}@{ROSTER_DOMAIN}"


COACH = Teacher("lromero", "Luis Romero", "", False)
TEACHERS = [
    Teacher("aokafor", "Adaeze Okafor", "approved", True),
    Teacher("bcarter", "Ben Carter", "approved", False),
    Teacher("cmendoza", "Carmen Mendoza", "resubmitted", True),
    Teacher("dkim", "Daniel Kim", "approved", False),
    Teacher("efischer", "Emma Fischer", "approved", True),
    Teacher("fhassan", "Farah Hassan", "approved", False),
    Teacher("gtanaka", "Grace Tanaka", "resubmitted", True),
    Teacher("hlarsen", "Henrik Larsen", "approved", False),
    Teacher("iperez", "Isabel Perez", "approved", True),
    Teacher("jobrien", "James O'Brien", "approved", False),
    Teacher("klewis", "Keisha Lewis", "approved", True),
    Teacher("lnovak", "Lena Novak", "waiting", False),
]

REFLECTION = (
    "I replaced my end-of-week quiz with three quick digital checks a week. After the "
    "second check on fractions, I pulled a group of six for ten minutes the same day; "
    "their scores on the next check rose from 2 of 5 to 4 of 5."
)
FEEDBACK = {
    APPROVE: "Clear evidence that the checks changed what you did in the lesson.",
    CHANGES: "Add what you changed in the lesson after a check, with the students' results.",
}


def seed_dashboard(*, out: Callable[[str], None]) -> None:
    """Add the PLC (once); say what was made."""
    district = Organization.objects.filter(slug=DISTRICT).first()
    school = Organization.objects.filter(slug=HIGH_SCHOOL).first()
    admin = User.objects.filter(email__iexact=f"admin@{EMAIL_DOMAIN}").first()
    module = Module.objects.filter(slug=MODULE, status=Module.Status.PUBLISHED).first()
    badge = BadgeClass.objects.filter(slug=BADGE).first()
    if None in (district, school, admin, module, badge):
        out("Dashboard demo data skipped: run the other demo seeds first.")
        return
    created: Counter[str] = Counter()
    with override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND), transaction.atomic():
        coach = _person(created, COACH, school, Membership.Role.COACH)
        for i, spec in enumerate(TEACHERS):
            teacher = _person(created, spec, school, Membership.Role.TEACHER)
            _learn(created, teacher, module, finish=i < FINISHING)
            _coaching(created, admin, coach, teacher, school, spec, i)
            _evidence(created, coach, teacher, badge, spec)
    if any(created.values()):
        made = ", ".join(f"{n} {what}" for what, n in created.items() if n)
        out(f"Dashboard demo data created - the Snake River High School PLC: {made}.")
    else:
        out("Dashboard demo data is already in place; nothing to do.")


def _person(created: Counter[str], spec: Teacher, school: Organization, role: str) -> User:
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = User.objects.create_user(email=spec.email, password=None, name=spec.name)
        created["people"] += 1
    # The district provisioned the address (reviewing evidence needs a verified one).
    _, made = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    created["verified e-mail addresses"] += made
    _, made = Membership.objects.get_or_create(user=user, organization=school, role=role)
    created["memberships"] += made
    return user


def _answers(step: Step) -> dict[str, int]:
    return {
        str(q.public_id): next(n for n, c in enumerate(q.choices) if c.get("correct"))
        for q in step.questions.all()
    }


def _learn(created: Counter[str], teacher: User, module: Module, *, finish: bool) -> None:
    if Enrollment.objects.filter(learner=teacher, family=module.family).exists():
        return
    enrollment = courses.enrollment_start(learner=teacher, module=module)
    created["enrollments"] += 1
    steps = list(module.steps.prefetch_related("questions").order_by("position"))
    for step in steps if finish else steps[:1]:
        if step.kind == Step.Kind.CHECK:
            courses.check_submit(
                learner=teacher, enrollment=enrollment, step=step, answers=_answers(step)
            )
        else:
            answer = "Headings and alt text first." if step.kind == Step.Kind.REFLECT else ""
            courses.step_complete(learner=teacher, enrollment=enrollment, step=step, answer=answer)
    if finish:
        courses.enrollment_finish(learner=teacher, enrollment=enrollment)
        created["modules finished"] += 1


def _coaching(
    created: Counter[str],
    admin: User,
    coach: User,
    teacher: User,
    school: Organization,
    spec: Teacher,
    i: int,
) -> None:
    from .coaching_seed import school_day

    today = timezone.localdate()
    if not CoachingAssignment.objects.filter(teacher=teacher, ends_on__isnull=True).exists():
        assignment_create(
            actor=admin,
            coach=coach,
            teacher=teacher,
            school=school,
            starts_on=school_day(today - timedelta(days=70)),
        )
        created["coaching assignments"] += 1
    if CoachingSession.objects.filter(coach=coach, teacher=teacher).exists():
        return
    observed = school_day(today - timedelta(days=60 - 3 * i))
    kinds = [(observed, CoachingSession.Kind.OBSERVATION, 40 + 5 * (i % 3))]
    if spec.debrief:
        debriefed = school_day(observed + timedelta(days=2), forward=True)
        kinds.append((debriefed, CoachingSession.Kind.DEBRIEF, 25))
    for held_on, kind, minutes in kinds:
        session_log(
            actor=coach,
            teacher=teacher,
            held_on=min(held_on, today),
            minutes=minutes,
            kind=kind,
            shared_notes="Quick digital checks in the lesson; what the class did with them.",
        )
        created["coaching sessions"] += 1


def _evidence(
    created: Counter[str], coach: User, teacher: User, badge: BadgeClass, spec: Teacher
) -> None:
    if Submission.objects.filter(earner=teacher, badge_class=badge).exists():
        return
    submission = evidence.submission_start(actor=teacher, earner=teacher, badge_class=badge)
    created["submissions"] += 1
    decisions = {"approved": [APPROVE], "resubmitted": [CHANGES, APPROVE], "waiting": []}
    plan = decisions[spec.evidence]
    criteria = list(badge.approval_policy.rubric.criteria.order_by("position"))
    for n, decision in enumerate(plan or [None]):
        if n:
            submission = evidence.submission_revise(actor=teacher, submission=submission)
        evidence.artifact_add_reflection(
            actor=teacher, submission=submission, text=REFLECTION, title="Three checks a week"
        )
        submission = evidence.submission_submit(actor=teacher, submission=submission)
        if decision is None:
            return
        evidence.review_submit(
            actor=coach,
            submission=submission,
            decision=decision,
            scores={str(c.public_id): 3 if decision == APPROVE else 2 for c in criteria},
            feedback=FEEDBACK[decision],
            sampler=lambda s, r: False,  # the demo's moderation sample is elsewhere
        )
        created["reviews"] += 1
        submission.refresh_from_db()
