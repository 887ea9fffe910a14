"""Authoring pages: modules and their steps, preview, cohort assignments, exemplars.

Thin: parse, reach objects through the selectors (scoped to the user), call one service,
respond. Someone who may not author (or assign) gets 404 for every page and object here,
as does a refusal by a service; input a service rejects re-renders the page with its
message and status 400, nothing changed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Organization, User
from accounts.scopes import home_id_of
from evidence import selectors as evidence_selectors
from evidence.models import Submission

from .. import permissions, selectors, services
from ..forms import (
    AssignmentForm,
    CohortForm,
    DeclineForm,
    ExemplarCreateForm,
    ExemplarProposeForm,
    ModuleForm,
    StepForm,
    StepMoveForm,
    free_slug,
)
from ..models import CheckQuestion, Exemplar, GradeBand, Module, Step, Subject

M = Module.Status
FIXABLE = (services.CourseError, ValidationError)
STATUS_CLASS = {M.DRAFT: "status-draft", M.PUBLISHED: "status-valid", M.RETIRED: "status-withdrawn"}


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _author_orgs(request: HttpRequest) -> set[int]:
    """Organizations the user may author in; 404 for everyone else (teachers included)."""
    org_ids = permissions.authorable_org_ids(request.user)
    request.authorable_org_ids = org_ids  # the navigation asks the same (context processor)
    if not org_ids:
        raise Http404
    return org_ids


def _districts(org_ids: set[int]) -> list[Organization]:
    return list(Organization.objects.filter(pk__in=org_ids, kind=Organization.Kind.DISTRICT))


def _admin_districts(user: User) -> QuerySet[Organization]:
    """Districts whose admin `user` is (every district for a superuser)."""
    districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT)
    if user.is_superuser:
        return districts
    return districts.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).distinct()


def _assigning_districts(user: User) -> list[Organization]:
    """The districts `user` assigns modules in; 404 for everyone but district admins."""
    found = list(_admin_districts(user).order_by("name"))
    if not found:
        raise Http404
    return found


def _module(request: HttpRequest, public_id: uuid.UUID, *, steps: bool = False) -> Module:
    """A module version the user may author (with its steps and questions), or 404."""
    qs = selectors.modules_authored_visible(request.user).select_related(
        "leads_to", "participation_badge"
    )
    if steps:
        qs = qs.prefetch_related(
            Prefetch(
                "steps",
                queryset=Step.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("questions", queryset=CheckQuestion.objects.order_by("position", "pk"))
                ),
            ),
            "competencies__framework",
        )
    module = qs.filter(public_id=public_id).first()
    if module is None:
        raise Http404
    return module


def _step(module: Module, step_id: uuid.UUID) -> Step:
    step = module.steps.filter(public_id=step_id).first()
    if step is None:
        raise Http404
    step.module = module
    return step


def _edit_url(module: Module, anchor: str = "") -> str:
    url = reverse("courses:author-module-edit", kwargs={"public_id": module.public_id})
    return f"{url}#{anchor}" if anchor else url


# Modules ------------------------------------------------------------------------------------


@login_required
@require_GET
def module_list(request: HttpRequest) -> HttpResponse:
    _author_orgs(request)
    modules = selectors.modules_authored_visible(request.user).annotate(
        learners=Count("enrollments")
    )
    rows = [
        {"module": m, "status_class": STATUS_CLASS.get(m.status, ""), "learners": m.learners}
        for m in modules
    ]
    return render(
        request,
        "courses/author_module_list.html",
        {"rows": rows, "can_assign": _admin_districts(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest) -> HttpResponse:
    org_ids = _author_orgs(request)
    districts = _districts(org_ids)
    form = ModuleForm(_posted(request), org_ids=org_ids, organizations=districts)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            details = form.details()
            try:
                module = services.module_create(
                    actor=request.user,
                    organization=form.cleaned_data["organization"],
                    slug=free_slug(Module, details["title"], fallback="module"),
                    **details,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error = _message(exc)
            else:
                messages.success(request, _("The module was created. Now add its steps."))
                return HttpResponseRedirect(_edit_url(module, "steps"))
        else:
            error = _("Please correct the errors below.")
    return render(
        request,
        "courses/author_module_create.html",
        {"form": form, "error": error, "no_district": not districts},
        status=400 if error else 200,
    )


def _district_org_ids(module: Module) -> QuerySet[Organization]:
    """The module's district and its schools (a subquery: badges issued there)."""
    district = home_id_of(module.organization)
    return Organization.objects.filter(Q(pk=district) | Q(parent_id=district)).values("pk")


def _edit_context(request: HttpRequest, module: Module, **given: Any) -> dict[str, Any]:
    org_ids = _district_org_ids(module)
    editable = module.status == M.DRAFT
    form = given.get("form")
    if form is None and editable:
        form = ModuleForm(initial=ModuleForm.initial_for(module), org_ids=org_ids, module=module)
    steps = list(module.steps.all())
    return {
        "module": module,
        "status_class": STATUS_CLASS.get(module.status, ""),
        "editable": editable,
        "form": form,
        "step_form": given.get("step_form") or StepForm(),
        "steps": [
            {
                "step": s,
                "first": i == 0,
                "last": i == len(steps) - 1,
                "questions": len(s.questions.all()),
            }
            for i, s in enumerate(steps)
        ],
        "competencies": list(module.competencies.all()),
        "grade_bands": [GradeBand(g).label for g in module.grade_bands if g in GradeBand.values],
        "subjects": [Subject(s).label for s in module.subjects if s in Subject.values],
        "error": given.get("error", ""),
    }


def _render_edit(
    request: HttpRequest, public_id: uuid.UUID, *, status: int = 200, **given: Any
) -> HttpResponse:
    module = _module(request, public_id, steps=True)
    return render(
        request,
        "courses/author_module_edit.html",
        _edit_context(request, module, **given),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if request.method == "GET":
        return _render_edit(request, public_id)
    module = _module(request, public_id)
    form = ModuleForm(request.POST, org_ids=_district_org_ids(module), module=module)
    if not form.is_valid():
        return _render_edit(
            request, public_id, status=400, form=form, error=_("Please correct the errors below.")
        )
    return _act(
        request,
        module,
        lambda: services.module_update(actor=request.user, module=module, **form.details()),
        done=_("The module's details were saved."),
        form=form,
    )


def _act(
    request: HttpRequest,
    module: Module,
    call,
    *,
    done: str,
    anchor: str = "",
    redirect_to=None,
    **given: Any,
) -> HttpResponse:
    """Run one service call on a module the user may author: 404 if refused, 400 with the
    message (and the submitted form) if it cannot be done."""
    try:
        result = call()
    except PermissionDenied as exc:
        raise Http404 from exc
    except FIXABLE as exc:
        return _render_edit(request, module.public_id, status=400, error=_message(exc), **given)
    messages.success(request, done)
    target = redirect_to(result) if redirect_to else module
    return HttpResponseRedirect(_edit_url(target, anchor))


@login_required
@require_POST
def step_add(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = _module(request, public_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _render_edit(
            request,
            public_id,
            status=400,
            step_form=form,
            error=_("The step was not added: please correct the errors below."),
        )
    return _act(
        request,
        module,
        lambda: services.step_add(actor=request.user, module=module, **form.step()),
        done=_("The step was added."),
        anchor="steps",
        step_form=form,
    )


@login_required
@require_POST
def step_remove(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    module = _module(request, public_id)
    step = _step(module, step_id)
    return _act(
        request,
        module,
        lambda: services.step_remove(actor=request.user, step=step),
        done=_("“%(title)s” was removed.") % {"title": step.title},
        anchor="steps",
    )


@login_required
@require_POST
def step_move(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    module = _module(request, public_id)
    step = _step(module, step_id)
    form = StepMoveForm(request.POST)
    if not form.is_valid():
        return _render_edit(request, public_id, status=400, error=_("Move the step up or down."))
    return _act(
        request,
        module,
        lambda: services.step_move(
            actor=request.user, step=step, up=form.cleaned_data["direction"] == "up"
        ),
        done=_("“%(title)s” was moved.") % {"title": step.title},
        anchor="steps",
    )


@login_required
@require_POST
def module_publish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = _module(request, public_id)
    return _act(
        request,
        module,
        lambda: services.module_publish(actor=request.user, module=module),
        done=_("Version %(v)d is published; learners can find it in the library.")
        % {"v": module.version},
    )


@login_required
@require_POST
def module_new_version(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = _module(request, public_id)
    return _act(
        request,
        module,
        lambda: services.module_new_version(actor=request.user, module=module),
        done=_(
            "This is a new draft version. Learners keep the version they started; publish "
            "this one when it is ready."
        ),
        redirect_to=lambda draft: draft,
    )


@login_required
@require_POST
def module_retire(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = _module(request, public_id)
    return _act(
        request,
        module,
        lambda: services.module_retire(actor=request.user, module=module),
        done=_(
            "The module is retired: it is gone from the library, and those who started it "
            "can still finish it."
        ),
    )


@login_required
@require_GET
def module_preview(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The module as a learner sees it, every step on one page; nothing is recorded."""
    module = _module(request, public_id, steps=True)
    steps = list(module.steps.all())
    return render(
        request,
        "courses/author_module_preview.html",
        {
            "module": module,
            "status_class": STATUS_CLASS.get(module.status, ""),
            "steps": [
                {
                    "step": s,
                    "number": i,
                    "questions": [
                        {"question": q, "choices": list(enumerate(q.choices))}
                        for q in s.questions.all()
                    ],
                }
                for i, s in enumerate(steps, 1)
            ],
            "step_count": len(steps),
            "competencies": list(module.competencies.all()),
            "grade_bands": [
                GradeBand(g).label for g in module.grade_bands if g in GradeBand.values
            ],
            "subjects": [Subject(s).label for s in module.subjects if s in Subject.values],
        },
    )


# Assignments and cohorts (district admins) ------------------------------------------------------


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    _assigning_districts(request.user)
    today = timezone.localdate()
    assignments = [
        {"assignment": a, "overdue": a.due_on is not None and a.due_on < today}
        for a in selectors.assignments_made_by_district(request.user)
    ]
    return render(request, "courses/assignment_list.html", {"assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest) -> HttpResponse:
    districts = _assigning_districts(request.user)
    modules = list(
        selectors.modules_authored_visible(request.user).filter(
            status=M.PUBLISHED, organization__in=districts
        )
    )
    initial = {"target": request.GET.get("target", ""), "module": request.GET.get("module", "")}
    form = AssignmentForm(_posted(request), initial=initial, modules=modules, districts=districts)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment = services.assignment_create(actor=request.user, **form.assignment())
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error = _message(exc)
            else:
                messages.success(request, _("The module was assigned."))
                return HttpResponseRedirect(
                    reverse("courses:assignment-detail", kwargs={"public_id": assignment.public_id})
                )
        else:
            error = _("Please correct the errors below.")
    return render(
        request,
        "courses/assignment_create.html",
        {"form": form, "error": error, "has_modules": bool(modules)},
        status=400 if error else 200,
    )


@login_required
@require_GET
def assignment_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Who has started and who has finished: a fixed number of queries for any group."""
    _assigning_districts(request.user)
    assignment = (
        selectors.assignments_made_by_district(request.user).filter(public_id=public_id).first()
    )
    if assignment is None:
        raise Http404
    today = timezone.localdate()
    past_due = assignment.due_on is not None and assignment.due_on < today
    rows = [
        {
            "learner": row.learner,
            "name": row.learner.get_full_name(),
            "started_at": row.started_at,
            "completed_at": row.completed_at,
            "overdue": past_due and row.completed_at is None,
        }
        for row in selectors.assignment_report(assignment)
    ]
    return render(
        request,
        "courses/assignment_detail.html",
        {
            "assignment": assignment,
            "module": assignment.module,
            "target": assignment.school or assignment.cohort or assignment.section,
            "target_kind": _("School")
            if assignment.school_id
            else _("Cohort")
            if assignment.cohort_id
            else _("Section"),
            "rows": rows,
            "total": len(rows),
            "started": sum(1 for r in rows if r["started_at"]),
            "finished": sum(1 for r in rows if r["completed_at"]),
            "overdue": sum(1 for r in rows if r["overdue"]),
            "past_due": past_due,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    districts = _assigning_districts(request.user)
    form = CohortForm(_posted(request), districts=districts)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                cohort = services.cohort_create(
                    actor=request.user,
                    organization=form.cleaned_data["organization"],
                    name=form.cleaned_data["name"],
                    members=form.cleaned_data["members"],
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error = _message(exc)
            else:
                messages.success(
                    request,
                    _("The cohort “%(name)s” was created. Assign it a module.")
                    % {"name": cohort.name},
                )
                url = reverse("courses:assignment-create")
                return HttpResponseRedirect(f"{url}?target=cohort:{cohort.public_id}")
        else:
            error = _("Please correct the errors below.")
    return render(
        request,
        "courses/cohort_create.html",
        {"form": form, "error": error},
        status=400 if error else 200,
    )


# Exemplars -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_propose(request: HttpRequest, submission_id: uuid.UUID) -> HttpResponse:
    """A teacher turns their own approved evidence into a proposed exemplar, with consent."""
    submission = (
        evidence_selectors.submissions_of_earner(request.user)
        .filter(public_id=submission_id, earner=request.user)
        .first()
    )
    if submission is None:
        raise Http404
    badge = submission.badge_class
    approved = submission.status == Submission.Status.APPROVED
    form = ExemplarProposeForm(_posted(request), initial={"title": badge.name})
    error = "" if approved else _("Only approved evidence can become an exemplar.")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.exemplar()
            try:
                exemplar = services.exemplar_propose(
                    actor=request.user,
                    submission=submission,
                    consent=form.cleaned_data["consent"],
                    slug=free_slug(Exemplar, data["title"], fallback="exemplar"),
                    **data,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error, status = _message(exc), 400
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your lesson is proposed as an exemplar; a coach or district "
                        "admin will review it before it is published."
                    ),
                )
                return HttpResponseRedirect(
                    reverse("courses:exemplar-detail", kwargs={"slug": exemplar.slug})
                )
        else:
            error, status = _("Please correct the errors below."), 400
    return render(
        request,
        "courses/exemplar_propose.html",
        {
            "form": form,
            "submission": submission,
            "badge": badge,
            "approved": approved,
            "error": error,
        },
        status=status,
    )


def _review_rows(request: HttpRequest, declining: str = "", form: DeclineForm | None = None):
    exemplars = selectors.exemplars_to_review(request.user).prefetch_related(
        "standards", "artifacts"
    )
    return [
        {
            "exemplar": e,
            "standards": list(e.standards.all()),
            "artifacts": len(e.artifacts.all()),
            "decline_form": form if form is not None and e.slug == declining else None,
        }
        for e in exemplars
    ]


def _render_review(request: HttpRequest, *, status: int = 200, **given: Any) -> HttpResponse:
    rows = _review_rows(request, given.get("declining", ""), given.get("decline_form"))
    return render(
        request,
        "courses/exemplar_review_list.html",
        {"rows": rows, "error": given.get("error", "")},
        status=status,
    )


@login_required
@require_GET
def exemplar_review_list(request: HttpRequest) -> HttpResponse:
    _author_orgs(request)
    return _render_review(request)


def _to_review(request: HttpRequest, slug: str) -> Exemplar:
    _author_orgs(request)
    exemplar = selectors.exemplars_to_review(request.user).filter(slug=slug).first()
    if exemplar is None:
        raise Http404
    return exemplar


@login_required
@require_POST
def exemplar_publish(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = _to_review(request, slug)
    try:
        services.exemplar_publish(actor=request.user, exemplar=exemplar)
    except PermissionDenied as exc:
        raise Http404 from exc
    except FIXABLE as exc:
        return _render_review(request, status=400, error=_message(exc))
    messages.success(
        request, _("“%(title)s” is published in the exemplar library.") % {"title": exemplar.title}
    )
    return HttpResponseRedirect(reverse("courses:exemplar-review-list"))


@login_required
@require_POST
def exemplar_decline(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = _to_review(request, slug)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.exemplar_decline(
                actor=request.user, exemplar=exemplar, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except FIXABLE as exc:
            form.add_error("reason", _message(exc))
        else:
            messages.success(request, _("“%(title)s” was declined.") % {"title": exemplar.title})
            return HttpResponseRedirect(reverse("courses:exemplar-review-list"))
    return _render_review(
        request,
        status=400,
        error=_("“%(title)s” was not declined: say why.") % {"title": exemplar.title},
        declining=slug,
        decline_form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_create(request: HttpRequest) -> HttpResponse:
    """Admins and coaches write an exemplar directly; it waits for publishing on the review page."""
    districts = _districts(_author_orgs(request))
    form = ExemplarCreateForm(_posted(request), districts=districts)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            data = form.exemplar()
            try:
                exemplar = services.exemplar_create(
                    actor=request.user,
                    organization=form.cleaned_data["organization"],
                    slug=free_slug(Exemplar, data["title"], fallback="exemplar"),
                    artifacts=form.cleaned_data["artifacts"],
                    **data,
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except FIXABLE as exc:
                error = _message(exc)
            else:
                messages.success(
                    request,
                    _("“%(title)s” was saved. Publish it when it is ready.")
                    % {"title": exemplar.title},
                )
                return HttpResponseRedirect(reverse("courses:exemplar-review-list"))
        else:
            error = _("Please correct the errors below.")
    return render(
        request,
        "courses/exemplar_form.html",
        {"form": form, "error": error, "no_district": not districts},
        status=400 if error else 200,
    )
