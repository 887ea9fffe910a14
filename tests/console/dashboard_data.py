"""A small district for the dashboard's tests, with numbers worked out by hand.

District D: school A (teachers t1–t4, coach c) and school B (teacher t5), an admin.
Everything "in range" happened within the last 90 days; one row of each kind lies
outside it (200 days ago), one belongs to another district, one is revoked.

With a threshold of 2 (see `district`):
- PD, by school: A — 4 educators, 4 started, 2 finished, 40 minutes; B — withheld.
- Awards, by badge: X — 4 recipients, 4 awarded; Y — withheld (t5 only).
- Decisions on X: t1 approved (v1), t2 approved (v2, after changes), t3 declined:
  3 earners, pass rate 67%, resubmission rate 33%.
- Turnaround on X: 1, 2, 4 and 20 days → median 2.0, 90th percentile 20.0, one over
  the 14-day target.
- Waiting on X: t4 (submitted 20 days ago: overdue) and t5 (yesterday): 2 earners,
  2 waiting, 1 past the target.
- Coaching: A — t1 (2 sessions, 30 + 45 min) and t2 (1, 60 min); B — t5 (withheld).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import DistrictSettings, Membership, Organization, User
from badges.models import BadgeClass
from coaching.models import CoachingSession
from evidence.models import StatusChange, Submission, SubmissionVersion
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory
from tests.badges.factories import AssertionFactory, BadgeClassFactory, IssuerFactory
from tests.courses.factories import EnrollmentFactory, ModuleFactory

Role = Membership.Role
S = Submission.Status


@dataclass
class Data:
    district: Organization
    a: Organization
    b: Organization
    admin: User
    teachers: list[User]  # t1..t5
    coach: User
    x: BadgeClass
    y: BadgeClass


def ago(days: float):
    return timezone.now() - timedelta(days=days)


def submission(earner, badge, *, status, submitted=None, decisions=()):
    """A submission whose versions were submitted `submitted` (days ago, one per version)
    and decided by `decisions`: (to_status, version, days after that version's submission)."""
    submitted = submitted or [10]
    last = max([0, *[v for _s, v, _d in decisions]])
    versions = max(len(submitted), last)
    row = Submission.objects.create(
        earner=earner,
        badge_class=badge,
        status=status,
        version=versions,
        submitted_by=earner,
        submitted_at=ago(submitted[-1]),
    )
    for n, days in enumerate(submitted, start=1):
        SubmissionVersion.objects.create(submission=row, number=n, submitted_at=ago(days))
    decided_at = None
    for to, version, after in decisions:
        at = ago(submitted[version - 1]) + timedelta(days=after)
        StatusChange.objects.create(
            submission=row, to_status=to, from_status=S.SUBMITTED, version=version, created_at=at
        )
        if to in (S.APPROVED, S.DECLINED):
            decided_at = at
    if decided_at:
        row.decided_at = decided_at
        row.save(update_fields=["decided_at"])
    return row


def session(coach, teacher, school, *, days_ago=5, minutes=30):
    return CoachingSession.objects.create(
        coach=coach,
        teacher=teacher,
        school=school,
        held_on=timezone.localdate() - timedelta(days=days_ago),
        minutes=minutes,
        kind=CoachingSession.Kind.OBSERVATION,
        private_notes="never shown",
    )


def build(*, threshold: int = 2) -> Data:
    district = DistrictFactory(name="Dashboard District")
    DistrictSettings.objects.create(district=district, small_group_threshold=threshold)
    a = SchoolFactory(parent=district, name="Alder School")
    b = SchoolFactory(parent=district, name="Birch School")
    admin = MembershipFactory(organization=district, role=Role.ADMIN).user
    teachers = [MembershipFactory(organization=a).user for _ in range(4)]
    teachers.append(MembershipFactory(organization=b).user)
    coach = MembershipFactory(organization=a, role=Role.COACH).user
    t1, t2, t3, t4, t5 = teachers

    module = ModuleFactory(organization=district, minutes=20)
    old = ModuleFactory(organization=district, minutes=50)
    for i, t in enumerate(teachers):
        EnrollmentFactory(
            learner=t, module=module, started_at=ago(30), completed_at=ago(10) if i < 2 else None
        )
    EnrollmentFactory(learner=t1, module=old, started_at=ago(200), completed_at=ago(199))

    issuer = IssuerFactory(organization=district)
    x = BadgeClassFactory(issuer=issuer, name="Xylem Badge")
    y = BadgeClassFactory(issuer=issuer, name="Yew Badge")
    for t in (t1, t2, t3, t4):
        AssertionFactory(badge_class=x, recipient=t, issued_on=ago(5))
    AssertionFactory(badge_class=y, recipient=t5, issued_on=ago(5))
    AssertionFactory(
        badge_class=x, recipient=t5, issued_on=ago(5), revoked_at=ago(1), revocation_reason="Error"
    )
    AssertionFactory(badge_class=y, recipient=t1, issued_on=ago(200))
    AssertionFactory(recipient=t2, issued_on=ago(5))  # another district's badge

    submission(t1, x, status=S.APPROVED, submitted=[10], decisions=[(S.APPROVED, 1, 1)])
    submission(
        t2,
        x,
        status=S.APPROVED,
        submitted=[12, 6],
        decisions=[(S.CHANGES_REQUESTED, 1, 4), (S.APPROVED, 2, 2)],
    )
    submission(t3, x, status=S.DECLINED, submitted=[30], decisions=[(S.DECLINED, 1, 20)])
    submission(t4, x, status=S.SUBMITTED, submitted=[20])
    submission(t5, x, status=S.SUBMITTED, submitted=[1])
    submission(t1, y, status=S.APPROVED, submitted=[300], decisions=[(S.APPROVED, 1, 3)])

    session(coach, t1, a, minutes=30)
    session(coach, t1, a, minutes=45)
    session(coach, t2, a, minutes=60)
    session(coach, t5, b, minutes=15)
    session(coach, t2, a, days_ago=200, minutes=90)
    return Data(district, a, b, admin, teachers, coach, x, y)


def table(dashboard, key):
    """{row label: [cell texts]} of the dashboard's table `key`."""
    for section in dashboard.sections:
        for t in section.tables:
            if t.key == key:
                return {r.label: [c.text for c in r.cells] for r in t.rows}
    raise KeyError(key)


def figures(dashboard, section_key):
    section = next(s for s in dashboard.sections if s.key == section_key)
    return {f.label: f.text for f in section.figures}
