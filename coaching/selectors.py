"""Reads for coaching, scoped to the person asking; goal progress; reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Organization, User
from badges.models import Assertion
from courses.models import Enrollment
from evidence.models import Submission
from evidence.selectors import review_queue

from .models import ActionStep, CoachingAssignment, CoachingSession, Goal, Recommendation

PRIVACY_MIN_PEOPLE = 10  # school-level aggregates about fewer people are suppressed


def current_caseload(coach: User) -> QuerySet[CoachingAssignment]:
    return CoachingAssignment.objects.filter(
        coach=coach, ends_on__isnull=True, starts_on__lte=timezone.localdate()
    ).select_related("teacher", "school")


@dataclass
class CaseloadRow:
    assignment: CoachingAssignment
    teacher: User
    last_contact: date | None
    next_follow_up: date | None
    overdue: bool
    open_goals: int
    waiting_review: int


def caseload_dashboard(coach: User) -> list[CaseloadRow]:
    """One row per teacher on the caseload, in a fixed number of queries."""
    today = timezone.localdate()
    assignments = list(current_caseload(coach).order_by("teacher__name", "teacher__email"))
    teacher_ids = [a.teacher_id for a in assignments]
    contacts = {
        r["teacher_id"]: r
        for r in CoachingSession.objects.filter(coach=coach, teacher_id__in=teacher_ids)
        .values("teacher_id")
        .annotate(
            last=Max("held_on"),
            follow=Min("follow_up_on", filter=Q(follow_up_on__gte=today)),
            overdue=Max("follow_up_on", filter=Q(follow_up_on__lt=today)),
        )
    }
    # A follow-up is overdue when its date passed with no session held since.
    goals = dict(
        Goal.objects.filter(teacher_id__in=teacher_ids)
        .exclude(status__in=[Goal.Status.MET, Goal.Status.SET_ASIDE])
        .values("teacher_id")
        .annotate(n=Count("pk"))
        .values_list("teacher_id", "n")
    )
    waiting = dict(
        review_queue(coach)
        .filter(earner_id__in=teacher_ids)
        .order_by()
        .values("earner_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("earner_id", "n")
    )
    rows = []
    for a in assignments:
        c = contacts.get(a.teacher_id, {})
        last = c.get("last")
        overdue_date = c.get("overdue")
        overdue = bool(overdue_date and (last is None or last < overdue_date))
        rows.append(
            CaseloadRow(
                assignment=a,
                teacher=a.teacher,
                last_contact=last,
                next_follow_up=overdue_date if overdue else c.get("follow"),
                overdue=overdue,
                open_goals=goals.get(a.teacher_id, 0),
                waiting_review=waiting.get(a.teacher_id, 0),
            )
        )
    return rows


@dataclass(frozen=True)
class SessionView:
    """What a page may show of a session. `private_notes` is filled only for its author."""

    public_id: object
    coach: User
    held_on: date
    minutes: int
    kind: str
    kind_label: str
    focus: list
    shared_notes: str
    next_steps: str
    follow_up_on: date | None
    private_notes: str | None


def sessions_for_teacher_page(viewer: User, teacher: User) -> list[SessionView]:
    """Sessions shown on a teacher's page: to the teacher, every session with shared
    notes only (private notes are never even read from the database); to a coach, the
    sessions they logged, with their own private notes."""
    qs = CoachingSession.objects.filter(teacher=teacher)
    mine = viewer.pk != teacher.pk
    qs = qs.filter(coach=viewer) if mine else qs.defer("private_notes")
    rows = []
    for s in qs.select_related("coach").prefetch_related("focus").order_by("-held_on", "-pk"):
        rows.append(
            SessionView(
                public_id=s.public_id,
                coach=s.coach,
                held_on=s.held_on,
                minutes=s.minutes,
                kind=s.kind,
                kind_label=s.get_kind_display(),
                focus=list(s.focus.all()),
                shared_notes=s.shared_notes,
                next_steps=s.next_steps,
                follow_up_on=s.follow_up_on,
                private_notes=s.private_notes if mine and s.coach_id == viewer.pk else None,
            )
        )
    return rows


@dataclass
class GoalProgress:
    goal: Goal
    modules_finished: list[str] = field(default_factory=list)
    modules_pending: list[str] = field(default_factory=list)
    submissions_in_review: list[str] = field(default_factory=list)
    badges_earned: list[str] = field(default_factory=list)
    badges_pending: list[str] = field(default_factory=list)


def goals_with_progress(teacher: User) -> list[GoalProgress]:
    """Each goal with where its modules, submissions and badges stand (fixed queries)."""
    goals = list(
        Goal.objects.filter(teacher=teacher)
        .select_related("competency", "coach")
        .prefetch_related(
            "modules",
            "badge_classes",
            Prefetch("action_steps", queryset=ActionStep.objects.select_related("owner")),
        )
        .order_by("status", "target_date", "pk")
    )
    finished = set(
        Enrollment.objects.filter(learner=teacher, completed_at__isnull=False).values_list(
            "family", flat=True
        )
    )
    in_review = set(
        Submission.objects.filter(
            earner=teacher, status__in=["submitted", "in_review"]
        ).values_list("badge_class_id", flat=True)
    )
    earned = set(
        Assertion.objects.filter(
            recipient=teacher, revoked_at__isnull=True, superseded_at__isnull=True
        ).values_list("badge_class_id", flat=True)
    )
    out = []
    for g in goals:
        p = GoalProgress(goal=g)
        for m in g.modules.all():
            (p.modules_finished if m.family in finished else p.modules_pending).append(m.title)
        for b in g.badge_classes.all():
            if b.pk in earned:
                p.badges_earned.append(b.name)
            else:
                p.badges_pending.append(b.name)
                if b.pk in in_review:
                    p.submissions_in_review.append(b.name)
        out.append(p)
    return out


def recommendations_for(teacher: User) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(teacher=teacher, dismissed_at__isnull=True)
        .select_related("module", "coach")
        .order_by("-created_at")
    )


def assignment_history(teacher: User) -> QuerySet[CoachingAssignment]:
    return CoachingAssignment.objects.filter(teacher=teacher).select_related("coach", "school")


# Reports ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    label: str
    teachers: int | None  # None when suppressed
    sessions: int | None
    minutes: int | None

    @property
    def suppressed(self) -> bool:
        return self.teachers is None


def _rows(values, key: str, labels: dict, *, suppress: bool) -> list[ReportRow]:
    rows = []
    for r in values:
        label = labels.get(r[key], str(r[key])) if labels else str(r[key])
        if suppress and r["teachers"] < PRIVACY_MIN_PEOPLE:
            rows.append(ReportRow(label=label, teachers=None, sessions=None, minutes=None))
        else:
            rows.append(
                ReportRow(
                    label=label,
                    teachers=r["teachers"],
                    sessions=r["sessions"],
                    minutes=r["minutes"],
                )
            )
    return rows


@dataclass
class CoachingReport:
    start: date
    end: date
    by_school: list[ReportRow]
    by_kind: list[ReportRow]
    by_competency: list[ReportRow]
    total_sessions: int
    total_minutes: int


def coaching_report(district_ids: set[int], start: date, end: date) -> CoachingReport:
    """Minutes and sessions by school, kind and competency; four queries in all.

    School rows about fewer than PRIVACY_MIN_PEOPLE teachers show no numbers. The
    kind and competency rows are district-wide; they are suppressed the same way.
    """
    base = CoachingSession.objects.filter(held_on__gte=start, held_on__lte=end).filter(
        Q(school_id__in=district_ids) | Q(school__parent_id__in=district_ids)
    )
    agg = {
        "teachers": Count("teacher", distinct=True),
        "sessions": Count("pk", distinct=True),
        "minutes": Sum("minutes"),
    }
    schools = dict(
        Organization.objects.filter(
            Q(pk__in=district_ids) | Q(parent_id__in=district_ids)
        ).values_list("pk", "name")
    )
    by_school = _rows(
        base.values("school_id").annotate(**agg).order_by("school_id"),
        "school_id",
        schools,
        suppress=True,
    )
    by_school.sort(key=lambda r: r.label)
    kinds = dict(CoachingSession.Kind.choices)
    by_kind = _rows(
        base.values("kind").annotate(**agg).order_by("kind"), "kind", kinds, suppress=True
    )
    comp_values = (
        base.filter(focus__isnull=False)
        .values("focus__code", "focus__statement")
        .annotate(**agg)
        .order_by("focus__code")
    )
    by_comp = []
    for r in comp_values:
        label = f"{r['focus__code']} {r['focus__statement'][:60]}".strip()
        if r["teachers"] < PRIVACY_MIN_PEOPLE:
            by_comp.append(ReportRow(label=label, teachers=None, sessions=None, minutes=None))
        else:
            by_comp.append(
                ReportRow(
                    label=label,
                    teachers=r["teachers"],
                    sessions=r["sessions"],
                    minutes=r["minutes"],
                )
            )
    totals = base.aggregate(sessions=Count("pk"), minutes=Sum("minutes"))
    return CoachingReport(
        start=start,
        end=end,
        by_school=by_school,
        by_kind=by_kind,
        by_competency=by_comp,
        total_sessions=totals["sessions"] or 0,
        total_minutes=totals["minutes"] or 0,
    )


def report_csv_rows(report: CoachingReport) -> list[list[str]]:
    """The report as CSV rows: aggregates only, never notes of any kind."""
    out = [["dimension", "group", "teachers", "sessions", "minutes"]]
    for dim, rows in (
        ("school", report.by_school),
        ("kind", report.by_kind),
        ("competency", report.by_competency),
    ):
        for r in rows:
            if r.suppressed:
                out.append([dim, r.label, f"<{PRIVACY_MIN_PEOPLE}", "suppressed", "suppressed"])
            else:
                out.append([dim, r.label, str(r.teachers), str(r.sessions), str(r.minutes)])
    return out
