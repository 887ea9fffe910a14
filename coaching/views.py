"""HTML pages for coaching. Thin: parse, reach objects through the caseload (scoped to the
user), call one service or selector, respond.

A teacher who is not on the coach's current caseload, a goal, session or submission the
user may not see, and every admin page for someone who is not a district admin answer
404; so does a refusal by a service. Input a service rejects is shown with its message.
Private notes reach one template only: the coach's own teacher page, for the coach who
wrote them (`SessionView.private_notes`); the teacher's page never reads them.
"""

from __future__ import annotations

import csv
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Organization, User
from badges.models import BadgeClass
from competencies.models import Competency, Framework
from courses.models import Module
from evidence import permissions as evidence_permissions
from evidence import selectors as evidence_selectors
from evidence.services import EvidenceError

from . import selectors, services
from .forms import (
    ActionStepForm,
    AssignmentForm,
    AttachForm,
    GoalForm,
    GoalLinkForm,
    GoalStatusForm,
    RecommendationForm,
    ReportForm,
    SessionForm,
    StepDoneForm,
)
from .models import ActionStep, CoachingAssignment, CoachingSession, Goal, Recommendation

FIXABLE = (services.CoachingError, EvidenceError)
MOVE_LABELS = {
    Goal.Status.NOT_STARTED: gettext_lazy("Mark not started"),
    Goal.Status.IN_PROGRESS: gettext_lazy("Mark in progress"),
    Goal.Status.MET: gettext_lazy("Mark met"),
    Goal.Status.SET_ASIDE: gettext_lazy("Set aside"),
}


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _form_errors(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# Choices (read once per request, so forms render without queries) ----------------------


def _competencies() -> list[Competency]:
    """The educator frameworks: those aligned to educator badges or to modules."""
    frameworks = Framework.objects.filter(
        Q(competencies__badge_classes__audience=BadgeClass.Audience.EDUCATOR)
        | Q(competencies__modules__isnull=False)
    ).values("pk")
    return list(
        Competency.objects.filter(framework__in=frameworks).order_by(
            "framework__title", "list_order", "code", "pk"
        )
    )


def _published_modules() -> list[Module]:
    return list(Module.objects.filter(status=Module.Status.PUBLISHED).order_by("title", "pk"))


def _educator_badges() -> list[BadgeClass]:
    return list(
        BadgeClass.objects.filter(
            audience=BadgeClass.Audience.EDUCATOR, status=BadgeClass.Status.ACTIVE
        ).order_by("name")
    )


# Objects the user may see, or 404 ------------------------------------------------------


def _is_coach(user: User) -> bool:
    return Membership.objects.filter(user=user, role=Membership.Role.COACH).exists()


def _caseload_assignment(request: HttpRequest, teacher_id: uuid.UUID) -> CoachingAssignment:
    """The current assignment of a teacher on the user's caseload; 404 for anyone else."""
    assignment = (
        selectors.current_caseload(request.user).filter(teacher__public_id=teacher_id).first()
    )
    if assignment is None:
        raise Http404
    return assignment


def _goal(request: HttpRequest, public_id: uuid.UUID) -> Goal:
    """A goal of the user's own, or of a teacher on their current caseload."""
    user = request.user
    goal = (
        Goal.objects.select_related("teacher", "coach")
        .filter(public_id=public_id)
        .filter(
            Q(teacher=user) | Q(teacher__in=selectors.current_caseload(user).values("teacher_id"))
        )
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def _goal_page(user: User, goal: Goal) -> str:
    if user.pk == goal.teacher_id:
        url = reverse("coaching:teacher-me")
    else:
        url = reverse("coaching:teacher-detail", kwargs={"public_id": goal.teacher.public_id})
    return f"{url}#goal-{goal.public_id}"


def _admin_orgs(user: User) -> set[int]:
    """Districts (and their schools) the user administers; 404 for everyone else."""
    if user.is_superuser:
        orgs = set(Organization.objects.values_list("pk", flat=True))
    else:
        orgs = evidence_permissions.admin_org_ids(user)
    if not orgs:
        raise Http404
    return orgs


def _run(request: HttpRequest, call, *, done: str, back: str) -> HttpResponseRedirect:
    """One service call from an inline form: refusal 404, fixable input a message."""
    try:
        call()
    except PermissionDenied as exc:
        raise Http404 from exc
    except FIXABLE as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back)


# The caseload dashboard ----------------------------------------------------------------


@login_required
@require_GET
def caseload_dashboard(request: HttpRequest) -> HttpResponse:
    """A coach's caseload in a fixed number of queries, however many teachers or sessions."""
    if not _is_coach(request.user):
        raise Http404
    rows = selectors.caseload_dashboard(request.user)
    return render(
        request,
        "coaching/caseload_dashboard.html",
        {
            "rows": rows,
            "today": timezone.localdate(),
            "waiting_total": sum(r.waiting_review for r in rows),
        },
    )


# Teacher pages -------------------------------------------------------------------------


def _goal_rows(
    user: User, teacher: User, progress: list[selectors.GoalProgress], modules, badges
) -> list[dict[str, Any]]:
    """Each goal with its progress, its allowed status moves and (if the user may change
    it) its forms, prepared so the page renders without queries."""
    rows = []
    for p in progress:
        goal = p.goal
        # Only the teacher and their current coach reach the pages that show goals, and
        # both may change them (permissions.can_edit_goal); a new coach carries goals on.
        editable = True
        linked_modules = {m.pk for m in goal.modules.all()}
        linked_badges = {b.pk for b in goal.badge_classes.all()}
        rows.append(
            {
                "goal": goal,
                "p": p,
                "status_label": goal.get_status_display(),
                "steps": list(goal.action_steps.all()),
                "editable": editable,
                "moves": [
                    {"status": s.value, "label": MOVE_LABELS[s]}
                    for s in Goal.Status
                    if s in services.GOAL_MOVES.get(goal.status, set())
                ]
                if editable
                else [],
                "step_form": ActionStepForm(goal=goal, teacher=teacher) if editable else None,
                "link_form": GoalLinkForm(
                    modules=[m for m in modules if m.pk not in linked_modules],
                    badge_classes=[b for b in badges if b.pk not in linked_badges],
                    auto_id=f"id_%s_{goal.public_id.hex[:8]}",
                )
                if editable
                else None,
            }
        )
    return rows


@login_required
@require_GET
def teacher_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A teacher on the coach's caseload: goals, the coach's sessions, recommendations."""
    assignment = _caseload_assignment(request, public_id)
    teacher, coach = assignment.teacher, request.user
    waiting = list(evidence_selectors.review_queue(coach).filter(earner=teacher))
    progress = selectors.goals_with_progress(teacher)
    sessions = selectors.sessions_for_teacher_page(coach, teacher)
    return render(
        request,
        "coaching/teacher_detail.html",
        {
            "teacher": teacher,
            "assignment": assignment,
            "goals": _goal_rows(coach, teacher, progress, _published_modules(), _educator_badges()),
            "sessions": [
                {
                    "s": s,
                    "attach_form": AttachForm(
                        submissions=waiting, auto_id=f"id_%s_{s.public_id.hex[:8]}"
                    )
                    if waiting and s.shared_notes
                    else None,
                }
                for s in sessions
            ],
            "waiting": waiting,
            "recommendations": list(selectors.recommendations_for(teacher)),
            "history": list(selectors.assignment_history(teacher)),
        },
    )


@login_required
@require_GET
def teacher_me(request: HttpRequest) -> HttpResponse:
    """The teacher's own coaching: goals with progress, shared notes, recommendations."""
    me = request.user
    progress = selectors.goals_with_progress(me)
    current = next((a for a in selectors.assignment_history(me) if a.ends_on is None), None)
    return render(
        request,
        "coaching/teacher_me.html",
        {
            "coach": current.coach if current else None,
            "goals": _goal_rows(me, me, progress, _published_modules(), _educator_badges()),
            # The teacher's own view: the selector never reads private notes for it.
            "sessions": [
                {"s": s, "attach_form": None} for s in selectors.sessions_for_teacher_page(me, me)
            ],
            "recommendations": list(selectors.recommendations_for(me)),
        },
    )


# Sessions ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = _caseload_assignment(request, public_id)
    teacher = assignment.teacher
    form = SessionForm(_posted(request), competencies=_competencies())
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                session = services.session_log(
                    actor=request.user, teacher=teacher, **form.session()
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error = str(exc)
            else:
                messages.success(request, _("The session was saved."))
                url = reverse("coaching:recommendation-create", kwargs={"public_id": public_id})
                return HttpResponseRedirect(f"{url}?session={session.public_id}")
        else:
            error = _("Please correct the errors below.")
    return render(
        request,
        "coaching/session_create.html",
        {"teacher": teacher, "form": form, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def session_attach(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Attach a session's shared notes to a submission waiting on the coach's review."""
    session = (
        CoachingSession.objects.defer("private_notes")
        .select_related("teacher")
        .filter(public_id=public_id, coach=request.user)
        .first()
    )
    if session is None:
        raise Http404
    waiting = list(
        evidence_selectors.review_queue(request.user).filter(earner_id=session.teacher_id)
    )
    form = AttachForm(request.POST, submissions=waiting)
    if not form.is_valid():
        raise Http404
    submission = form.cleaned_data["submission"]
    back = reverse("coaching:teacher-detail", kwargs={"public_id": session.teacher.public_id})
    return _run(
        request,
        lambda: services.session_attach_to_submission(
            actor=request.user, session=session, submission=submission
        ),
        done=_("The session's notes were attached to “%(badge)s” for the reviewers.")
        % {"badge": submission.badge_class.name},
        back=f"{back}#sessions",
    )


# Recommendations -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Recommend a published module, from a session just logged (?session=) or a goal."""
    assignment = _caseload_assignment(request, public_id)
    teacher = assignment.teacher
    goals = [
        g
        for g in Goal.objects.filter(teacher=teacher, coach=request.user)
        if g.status != Goal.Status.MET
    ]
    form = RecommendationForm(
        _posted(request),
        modules=_published_modules(),
        goals=goals,
        initial={"session": request.GET.get("session", "")},
    )
    session_id = form["session"].value() or ""
    session = None
    if session_id:
        try:
            session = (
                CoachingSession.objects.defer("private_notes")
                .filter(public_id=uuid.UUID(str(session_id)), coach=request.user, teacher=teacher)
                .first()
            )
        except ValueError:
            session = None
    error = ""
    if request.method == "POST":
        if form.is_valid():
            before = timezone.now()
            try:
                rec = services.recommendation_create(
                    actor=request.user,
                    teacher=teacher,
                    module=form.cleaned_data["module"],
                    note=form.cleaned_data["note"],
                    session=session,
                    goal=form.cleaned_data.get("goal"),
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error = str(exc)
            else:
                if rec.created_at < before:
                    msg = _("“%(title)s” was already recommended to %(name)s.")
                else:
                    msg = _("“%(title)s” was recommended to %(name)s.")
                messages.success(
                    request, msg % {"title": rec.module.title, "name": teacher.get_full_name()}
                )
                url = reverse("coaching:teacher-detail", kwargs={"public_id": public_id})
                return HttpResponseRedirect(f"{url}#recommendations")
        else:
            error = _("Please correct the errors below.")
    return render(
        request,
        "coaching/recommendation_create.html",
        {"teacher": teacher, "form": form, "error": error, "session": session},
        status=400 if error else 200,
    )


@login_required
@require_POST
def recommendation_dismiss(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    rec = (
        Recommendation.objects.select_related("module")
        .filter(public_id=public_id, teacher=request.user, dismissed_at__isnull=True)
        .first()
    )
    if rec is None:
        raise Http404
    return _run(
        request,
        lambda: services.recommendation_dismiss(actor=request.user, recommendation=rec),
        done=_("“%(title)s” was dismissed.") % {"title": rec.module.title},
        back=reverse("coaching:teacher-me") + "#recommendations",
    )


# Goals ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = _caseload_assignment(request, public_id)
    teacher = assignment.teacher
    form = GoalForm(
        _posted(request),
        competencies=_competencies(),
        modules=_published_modules(),
        badge_classes=_educator_badges(),
    )
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                goal = services.goal_create(actor=request.user, teacher=teacher, **form.goal())
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error = str(exc)
            else:
                messages.success(request, _("The goal was added."))
                return HttpResponseRedirect(_goal_page(request.user, goal))
        else:
            error = _("Please correct the errors below.")
    return render(
        request,
        "coaching/goal_create.html",
        {"teacher": teacher, "form": form, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def goal_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = _goal(request, public_id)
    form = GoalStatusForm(request.POST)
    back = _goal_page(request.user, goal)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return HttpResponseRedirect(back)
    status = form.cleaned_data["status"]
    return _run(
        request,
        lambda: services.goal_set_status(actor=request.user, goal=goal, status=status),
        done=_("The goal is now “%(status)s”.") % {"status": Goal.Status(status).label},
        back=back,
    )


@login_required
@require_POST
def goal_link(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = _goal(request, public_id)
    form = GoalLinkForm(
        request.POST, modules=_published_modules(), badge_classes=_educator_badges()
    )
    back = _goal_page(request.user, goal)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return HttpResponseRedirect(back)
    return _run(
        request,
        lambda: services.goal_link(
            actor=request.user,
            goal=goal,
            modules=form.cleaned_data["modules"],
            badge_classes=form.cleaned_data["badge_classes"],
        ),
        done=_("Linked to the goal."),
        back=back,
    )


@login_required
@require_POST
def action_step_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = _goal(request, public_id)
    form = ActionStepForm(request.POST, goal=goal, teacher=goal.teacher)
    back = _goal_page(request.user, goal)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return HttpResponseRedirect(back)
    return _run(
        request,
        lambda: services.action_step_add(actor=request.user, goal=goal, **form.step()),
        done=_("The step was added."),
        back=back,
    )


@login_required
@require_POST
def action_step_done(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    step = (
        ActionStep.objects.select_related("goal__teacher", "goal__coach")
        .filter(public_id=public_id)
        .first()
    )
    if step is None:
        raise Http404
    _goal(request, step.goal.public_id)  # 404 unless the user may see the goal
    form = StepDoneForm(request.POST)
    done = form.is_valid() and form.cleaned_data["done"]
    return _run(
        request,
        lambda: services.action_step_set_done(actor=request.user, step=step, done=done),
        done=_("The step is marked done.") if done else _("The step is marked not done."),
        back=_goal_page(request.user, step.goal),
    )


# Caseloads (district admins) -----------------------------------------------------------


def _assignment_form(request: HttpRequest, orgs: set[int], data=None) -> AssignmentForm:
    schools = list(
        Organization.objects.filter(pk__in=orgs, kind=Organization.Kind.SCHOOL).order_by("name")
    )
    people = (
        User.objects.filter(memberships__organization_id__in=orgs, is_active=True)
        .distinct()
        .order_by("name", "email")
    )
    initial = {k: request.GET.get(k, "") for k in ("teacher", "school", "coach")}
    return AssignmentForm(
        data,
        initial=initial,
        teachers=list(people.filter(memberships__role=Membership.Role.TEACHER)),
        schools=schools,
        coaches=list(people.filter(memberships__role=Membership.Role.COACH)),
    )


def _render_assignments(
    request: HttpRequest, orgs: set[int], form: AssignmentForm, error: str = ""
) -> HttpResponse:
    assignments = list(
        CoachingAssignment.objects.filter(school_id__in=orgs)
        .select_related("coach", "teacher", "school", "assigned_by", "ended_by")
        .order_by("school__name", "coach__name", "teacher__name", "-starts_on", "-pk")
    )
    return render(
        request,
        "coaching/assignment_list.html",
        {
            "current": [a for a in assignments if a.ends_on is None],
            "ended": sorted(
                (a for a in assignments if a.ends_on is not None),
                key=lambda a: (a.ends_on, a.pk),
                reverse=True,
            ),
            "form": form,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    """Current caseloads and their history at the admin's schools; assign or reassign."""
    orgs = _admin_orgs(request.user)
    return _render_assignments(request, orgs, _assignment_form(request, orgs))


@login_required
@require_POST
def assignment_create(request: HttpRequest) -> HttpResponse:
    """Assign a teacher to a coach; a teacher who has a coach is reassigned (history kept)."""
    orgs = _admin_orgs(request.user)
    form = _assignment_form(request, orgs, request.POST)
    if not form.is_valid():
        return _render_assignments(request, orgs, form, _("Please correct the errors below."))
    data = form.cleaned_data
    try:
        services.assignment_create(
            actor=request.user,
            coach=data["coach"],
            teacher=data["teacher"],
            school=data["school"],
            starts_on=data["starts_on"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except FIXABLE as exc:
        return _render_assignments(request, orgs, form, str(exc))
    messages.success(
        request,
        _("%(teacher)s is on %(coach)s's caseload.")
        % {"teacher": data["teacher"].get_full_name(), "coach": data["coach"].get_full_name()},
    )
    return HttpResponseRedirect(reverse("coaching:assignment-list"))


@login_required
@require_POST
def assignment_end(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    orgs = _admin_orgs(request.user)
    assignment = (
        CoachingAssignment.objects.select_related("school", "teacher", "coach")
        .filter(public_id=public_id, school_id__in=orgs)
        .first()
    )
    if assignment is None:
        raise Http404
    return _run(
        request,
        lambda: services.assignment_end(actor=request.user, assignment=assignment),
        done=_("%(teacher)s is no longer on %(coach)s's caseload.")
        % {
            "teacher": assignment.teacher.get_full_name(),
            "coach": assignment.coach.get_full_name(),
        },
        back=reverse("coaching:assignment-list"),
    )


# Reports (district admins) -------------------------------------------------------------

CHART_WIDTH = 400
CHART_LABEL_H = 18
CHART_BAR_H = 18
CHART_ROW_H = CHART_LABEL_H + CHART_BAR_H + 10
CHART_VALUE_ROOM = 80


def _chart(rows: list[selectors.ReportRow]) -> dict[str, Any]:
    """Horizontal bars of minutes, laid out here so the template only draws them."""
    top = max((r.minutes or 0 for r in rows), default=0) or 1
    span = CHART_WIDTH - CHART_VALUE_ROOM
    bars = []
    for i, r in enumerate(rows):
        y = i * CHART_ROW_H
        width = 0 if r.suppressed else max(2, round(span * (r.minutes or 0) / top))
        bars.append(
            {
                "row": r,
                "label_y": y + CHART_LABEL_H - 4,
                "bar_y": y + CHART_LABEL_H,
                "width": width,
                "value_x": width + 6,
                "value_y": y + CHART_LABEL_H + CHART_BAR_H - 4,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(CHART_ROW_H, len(rows) * CHART_ROW_H),
        "bar_h": CHART_BAR_H,
    }


def _report(request: HttpRequest) -> tuple[ReportForm, selectors.CoachingReport | None]:
    orgs = _admin_orgs(request.user)
    form = ReportForm(request.GET or None, initial=ReportForm.default_range())
    if form.is_bound:
        if not form.is_valid():
            return form, None
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        default = ReportForm.default_range()
        start, end = default["start"], default["end"]
    return form, selectors.coaching_report(orgs, start, end)


@login_required
@require_GET
def report_detail(request: HttpRequest) -> HttpResponse:
    """Minutes and sessions by school, kind and competency; a fixed number of queries."""
    form, report = _report(request)
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "min_people": selectors.PRIVACY_MIN_PEOPLE,
    }
    if report is not None:
        context["school_chart"] = _chart(report.by_school)
        context["kind_chart"] = _chart(report.by_kind)
        context["csv_query"] = f"start={report.start:%Y-%m-%d}&end={report.end:%Y-%m-%d}"
        # A withheld school or kind could be worked out as the total minus the others.
        context["show_totals"] = not any(r.suppressed for r in report.by_school + report.by_kind)
    return render(request, "coaching/report_detail.html", context, status=200 if report else 400)


def _csv_cell(value: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    """The report as CSV: aggregates only (`report_csv_rows`), never notes of any kind."""
    form, report = _report(request)
    if report is None:
        return HttpResponse(_form_errors(form), status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="coaching-report-{report.start:%Y-%m-%d}-to-{report.end:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    for row in selectors.report_csv_rows(report):
        writer.writerow([_csv_cell(str(cell)) for cell in row])
    return response
