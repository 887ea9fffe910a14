"""Where each person lands: the one place that decides which page a role works from.
`/` and the page after signing in both ask `landing_for`.

The order, first match wins (everything asked of the access policies, one query):
a district's admin → the district dashboard; a coach → the caseload; someone who
manages a school's caseloads → the caseloads; a teacher → their home (learning,
evidence, and the queue when they review); a reviewer (mentor, supervisor, anyone
evidence is routed to) → the review queue; a student → their home (badges and
evidence); anyone else → the general home."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse

from accounts.models import Membership, User
from badges import selectors as badge_selectors
from badges.selectors.earner import held_badges
from coaching import permissions as coaching
from console import permissions as console
from courses import selectors as course_selectors
from courses.selectors.library import module_url
from evidence import permissions as evidence
from evidence import selectors as evidence_selectors

Role = Membership.Role
HOME_ROWS = 5  # the home page shows the latest few of each list, then links to the list


def _member_as(role: str) -> Q:
    return Q(Exists(Membership.objects.filter(user=OuterRef("pk"), role=role)))


def home_flags() -> dict[str, Q]:
    """Each role the landing order asks about, as the users (a `Q`) who have it."""
    return {
        "admin": console.districts.holders_q("view"),
        "coach": coaching.coaches_q(),
        "caseloads": coaching.manages_caseloads_q(),
        "teacher": _member_as(Role.TEACHER),
        "reviewer": evidence.submissions.holders_q("route"),
        "student": _member_as(Role.STUDENT),
        "coached": coaching.is_coached_q(),
    }


def roles_of(user: User) -> dict[str, bool]:
    """Which of `home_flags` `user` has, in one query (all False when signed out)."""
    flags = home_flags()
    if not user.is_authenticated or not user.is_active:
        return dict.fromkeys(flags, False)
    wrapped = {
        f"home_{name}": ExpressionWrapper(q, output_field=BooleanField())
        for name, q in flags.items()
    }
    row = User.objects.filter(pk=user.pk).annotate(**wrapped).values(*wrapped).first() or {}
    return {name: bool(row.get(f"home_{name}")) for name in flags}


@dataclass(frozen=True)
class Landing:
    role: str  # admin, coach, caseloads, teacher, reviewer, student, member
    url: str  # the page the role works from; the home page itself for a home role
    roles: dict[str, bool] = field(default_factory=dict)

    @property
    def is_home(self) -> bool:
        """Does this role work from the home page (rather than being sent on)?"""
        return self.url == reverse("home")


# (role, where it lands: a URL name, or "" for the home page), in the order asked.
LANDINGS: tuple[tuple[str, str], ...] = (
    ("admin", "console:dashboard"),
    ("coach", "coaching:caseload-dashboard"),
    ("caseloads", "coaching:assignment-list"),
    ("teacher", ""),
    ("reviewer", "evidence:review-queue"),
    ("student", ""),
)


def landing_for(*, user: User) -> Landing:
    """The page `user` works from (anonymous: the welcome page)."""
    roles = roles_of(user)
    for role, name in LANDINGS:
        if roles[role]:
            return Landing(role=role, url=reverse(name or "home"), roles=roles)
    return Landing(role="member", url=reverse("home"), roles=roles)


# The home pages of the roles that work from it -----------------------------------------


@dataclass(frozen=True)
class LearningRow:
    title: str
    url: str
    steps_done: int
    steps_total: int
    finished: bool


@dataclass(frozen=True)
class HomePage:
    """What a teacher's, a student's or anyone else's home shows: the latest few of
    their learning, evidence and badges, and how much waits in their review queue."""

    role: str
    learning: list[LearningRow]  # in progress first
    evidence: list[Any]  # Submission, most recently changed first
    badges: list[Any]  # earner.HeldBadge rows, newest first
    reviews: bool
    waiting: int  # submissions waiting in my queue (0 when I do not review)
    coached: bool


def home_page(*, user: User, landing: Landing) -> HomePage:
    """The home of `user`, who landed on it as `landing.role`. A bounded number of
    queries whatever the number of rows."""
    roles = landing.roles
    learning = [
        LearningRow(
            title=e.module.title,
            url=module_url(e.module.public_id),
            steps_done=e.steps_done,
            steps_total=e.steps_total,
            finished=e.completed_at is not None,
        )
        for e in course_selectors.my_learning(user=user)[:HOME_ROWS]
    ]
    submissions = list(evidence_selectors.submissions_of_earner(user=user)[:HOME_ROWS])
    badges: list[Any] = []
    if landing.role != "teacher":
        held = badge_selectors.assertions_held_by(user=user)[:HOME_ROWS]
        badges = list(held_badges(assertions=held))
    waiting = evidence_selectors.review_queue(user=user).count() if roles["reviewer"] else 0
    return HomePage(
        role=landing.role,
        learning=learning,
        evidence=submissions,
        badges=badges,
        reviews=roles["reviewer"],
        waiting=waiting,
        coached=roles["coached"],
    )
