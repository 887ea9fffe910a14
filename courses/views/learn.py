"""Learner pages: the library, a module and its steps, My learning, exemplars.

Thin: parse with a form, reach objects through the selectors (a module or exemplar the
user may not see answers 404, and so does a service's refusal), call one service, then
redirect (POST-redirect-GET; the services are idempotent, so two open tabs never lose
progress). Input a service rejects shows the page again with its message (400).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from badges.selectors import assertions_held_by
from competencies.models import Competency
from evidence.models import Submission
from evidence.selectors import submissions_of_earner

from .. import selectors, services
from ..forms import ApplyForm, CheckForm, ExemplarFilterForm, LibraryFilterForm, StepDoneForm
from ..models import (
    CheckAttempt,
    Enrollment,
    Exemplar,
    ExemplarArtifact,
    GradeBand,
    Module,
    Step,
    StepProgress,
    Subject,
)

PER_PAGE = 20
STATUS_LABELS = {
    "not-started": gettext_lazy("Not started"),
    "in-progress": gettext_lazy("In progress"),
    "finished": gettext_lazy("Finished"),
}


def _module_url(module: Module, anchor: str = "") -> str:
    url = reverse("courses:module-detail", kwargs={"public_id": module.public_id})
    return f"{url}#{anchor}" if anchor else url


def _step_url(module: Module, step: Step, anchor: str = "") -> str:
    url = reverse(
        "courses:step-detail", kwargs={"public_id": module.public_id, "step_id": step.public_id}
    )
    return f"{url}#{anchor}" if anchor else url


def _labels(values: list[str], choices: type[GradeBand] | type[Subject]) -> list[str]:
    return [str(choices(v).label) for v in values if v in choices.values]


def _module_or_404(request: HttpRequest, public_id: uuid.UUID) -> Module:
    """The one door to a module version: visible to this user, with steps and questions."""
    module = selectors.module_for_learner(request.user, public_id)
    if module is None:
        raise Http404
    return module


def _competencies_in_use(**lookup: object) -> list[Competency]:
    """Competencies for a filter <select>: only those something published is aligned to."""
    return list(
        Competency.objects.filter(**lookup)
        .select_related("framework")
        .distinct()
        .order_by("framework__title", "list_order", "code", "pk")
    )


def _assigned_rows(user: User) -> list[dict]:
    """Assignments reaching `user`, one per module (earliest due first), linked to the
    version they may open: their own, or the one published now."""
    assignments, seen = [], set()
    for a in selectors.assigned_to(user).select_related("assigned_by"):
        if a.family not in seen:
            seen.add(a.family)
            assignments.append(a)
    stale = {a.family for a in assignments if a.module.status != Module.Status.PUBLISHED}
    current = (
        dict(
            Module.objects.filter(family__in=stale, status=Module.Status.PUBLISHED).values_list(
                "family", "public_id"
            )
        )
        if stale
        else {}
    )
    rows = []
    for a in assignments:
        target = a.module.public_id if a.family not in stale else current.get(a.family)
        if target is None and not a.started:
            continue  # retired with no newer version: nothing to open
        status = "finished" if a.finished else "in-progress" if a.started else "not-started"
        rows.append(
            {
                "assignment": a,
                "title": a.module.title,
                "url": reverse("courses:module-detail", kwargs={"public_id": target})
                if target
                else "",
                "status": status,
                "status_label": STATUS_LABELS[status],
            }
        )
    return rows


# The library ---------------------------------------------------------------------------------


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LibraryFilterForm(
        request.GET or None,
        competencies=_competencies_in_use(modules__status=Module.Status.PUBLISHED),
    )
    results = selectors.module_search(user, form.filters()).prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("code", "pk"))
    )
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    modules = list(page.object_list)
    # The learner's status for the page's modules, in one query.
    enrolled = dict(
        Enrollment.objects.filter(learner=user, family__in=[m.family for m in modules]).values_list(
            "family", "completed_at"
        )
    )
    rows = []
    for m in modules:
        if m.family not in enrolled:
            status = "not-started"
        else:
            status = "in-progress" if enrolled[m.family] is None else "finished"
        rows.append(
            {
                "module": m,
                "url": _module_url(m),
                "competencies": list(m.competencies.all()),
                "grade_bands": _labels(m.grade_bands, GradeBand),
                "subjects": _labels(m.subjects, Subject),
                "status": status,
                "status_label": STATUS_LABELS[status],
            }
        )
    return render(
        request,
        "courses/module_list.html",
        {"form": form, "page": page, "rows": rows, "assigned": _assigned_rows(user)},
    )


# A module ------------------------------------------------------------------------------------


def _resume_step(steps: list[Step], progress: dict[int, StepProgress], last: Step | None):
    """The first step not done; when all are done, the last one worked on (or the first)."""
    for s in steps:
        p = progress.get(s.pk)
        if p is None or p.completed_at is None:
            return s
    return last if last is not None and last in steps else (steps[0] if steps else None)


@login_required
@require_GET
def module_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = request.user
    module = _module_or_404(request, public_id)
    enrollment = selectors.enrollment_of(user, module)
    if enrollment is not None and enrollment.module_id != module.pk:
        # A learner keeps the version they started.
        return HttpResponseRedirect(_module_url(enrollment.module))
    steps = list(module.steps.all())
    progress = selectors.progress_map(enrollment)
    step_rows = [
        {
            "step": s,
            "number": n,
            "url": _step_url(module, s),
            "done": s.pk in progress and progress[s.pk].completed_at is not None,
        }
        for n, s in enumerate(steps, 1)
    ]
    done = sum(r["done"] for r in step_rows)
    finished = enrollment is not None and enrollment.completed_at is not None
    resume = _resume_step(steps, progress, enrollment.last_step if enrollment else None)
    newer_version = (
        module.status == Module.Status.RETIRED
        and Module.objects.filter(
            family=module.family, status=Module.Status.PUBLISHED, version__gt=module.version
        ).exists()
    )
    badge_award = None
    if finished and module.participation_badge_id:
        badge_award = assertions_held_by(user).filter(badge_class=module.participation_badge_id)
        badge_award = badge_award.first()
    open_submission = None
    if finished and module.leads_to_id:
        open_submission = (
            submissions_of_earner(user)
            .filter(badge_class=module.leads_to_id, status__in=Submission.OPEN_STATUSES)
            .first()
        )
    return render(
        request,
        "courses/module_detail.html",
        {
            "module": module,
            "competencies": list(module.competencies.all()),
            "grade_bands": _labels(module.grade_bands, GradeBand),
            "subjects": _labels(module.subjects, Subject),
            "steps": step_rows,
            "steps_done": done,
            "enrollment": enrollment,
            "all_done": bool(steps) and done == len(steps),
            "finished": finished,
            "resume_url": _step_url(module, resume) if resume else "",
            "can_start": module.status == Module.Status.PUBLISHED,
            "newer_version": newer_version,
            "badge_award": badge_award,
            "open_submission": open_submission,
            "apply_form": ApplyForm(initial={"attach_reflections": True}),
            "has_reflections": any(s.kind == Step.Kind.REFLECT for s in steps),
        },
    )


def _enrollment_or_404(request: HttpRequest, module: Module) -> Enrollment:
    """The user's enrollment in exactly this version."""
    enrollment = selectors.enrollment_of(request.user, module)
    if enrollment is None or enrollment.module_id != module.pk:
        raise Http404
    return enrollment


@login_required
@require_POST
def enrollment_start(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Start, or resume: the service returns the existing enrollment if there is one."""
    module = _module_or_404(request, public_id)
    try:
        enrollment = services.enrollment_start(learner=request.user, module=module)
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.CourseError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(_module_url(module))
    if enrollment.module_id != module.pk:
        return HttpResponseRedirect(_module_url(enrollment.module))
    steps = list(module.steps.all())
    step = _resume_step(steps, selectors.progress_map(enrollment), enrollment.last_step)
    return HttpResponseRedirect(_step_url(module, step) if step else _module_url(module))


@login_required
@require_POST
def enrollment_finish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = _module_or_404(request, public_id)
    enrollment = _enrollment_or_404(request, module)
    try:
        services.enrollment_finish(learner=request.user, enrollment=enrollment)
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.CourseError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(_module_url(module))
    messages.success(request, _("You finished “%(title)s”.") % {"title": module.title})
    return HttpResponseRedirect(_module_url(module, "next"))


@login_required
@require_POST
def enrollment_apply(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Finish → "apply it in your classroom": a draft submission for the micro-credential."""
    module = _module_or_404(request, public_id)
    enrollment = _enrollment_or_404(request, module)
    form = ApplyForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    try:
        submission = services.enrollment_apply_for_credential(
            learner=request.user,
            enrollment=enrollment,
            attach_reflections=form.cleaned_data.get("attach_reflections", False),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.CourseError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(_module_url(module))
    messages.success(
        request,
        _(
            "Your evidence for “%(badge)s” is started. Add what you did in your classroom, then submit."
        )
        % {"badge": module.leads_to.name},
    )
    return HttpResponseRedirect(
        reverse("evidence:submission-detail", kwargs={"public_id": submission.public_id})
    )


# A step --------------------------------------------------------------------------------------


@dataclass
class _Place:
    """Where the learner is: a step of the version they are enrolled in."""

    module: Module
    steps: list[Step]
    index: int
    enrollment: Enrollment
    progress: dict[int, StepProgress] = field(default_factory=dict)

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def previous(self) -> Step | None:
        return self.steps[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> Step | None:
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None

    def done(self, step: Step) -> bool:
        p = self.progress.get(step.pk)
        return p is not None and p.completed_at is not None


def _place(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> _Place | HttpResponse:
    """A step of a module the user may see, or 404; not enrolled (or enrolled in another
    version) sends them to the module page."""
    module = _module_or_404(request, public_id)
    steps = list(module.steps.all())
    index = next((i for i, s in enumerate(steps) if s.public_id == step_id), None)
    if index is None:
        raise Http404
    enrollment = selectors.enrollment_of(request.user, module)
    if enrollment is None:
        if module.status == Module.Status.PUBLISHED:
            messages.info(request, _("Start the module to work through its steps."))
        return HttpResponseRedirect(_module_url(module))
    if enrollment.module_id != module.pk:
        return HttpResponseRedirect(_module_url(enrollment.module))
    return _Place(module, steps, index, enrollment, selectors.progress_map(enrollment))


def _check_rows(place: _Place, attempt: CheckAttempt | None, data=None) -> list[dict]:
    """The questions as radio groups; with the last attempt's choices and feedback."""
    chosen_by = attempt.answers if attempt else {}
    rows = []
    for n, q in enumerate(place.step.questions.all(), 1):
        name = str(q.public_id)
        if data is not None:
            raw = data.get(name)
            chosen = int(raw) if raw not in (None, "") and str(raw).isdigit() else None
        else:
            chosen = chosen_by.get(name)
        result = None
        if attempt is not None:
            picked = chosen_by.get(name)
            choice = (
                q.choices[picked] if picked is not None and 0 <= picked < len(q.choices) else {}
            )
            result = {
                "correct": bool(choice.get("correct")),
                "feedback": str(choice.get("feedback", "")) if choice else _("No answer chosen."),
            }
        rows.append(
            {
                "number": n,
                "name": name,
                "prompt": q.prompt,
                "choices": [
                    {"value": i, "text": c.get("text", ""), "checked": chosen == i}
                    for i, c in enumerate(q.choices)
                ],
                "result": result,
            }
        )
    return rows


def _render_step(
    request: HttpRequest,
    place: _Place,
    *,
    form: StepDoneForm | None = None,
    check_data=None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    step, module = place.step, place.module
    progress = place.progress.get(step.pk)
    context = {
        "module": module,
        "step": step,
        "number": place.index + 1,
        "total": len(place.steps),
        "done": place.done(step),
        "previous_url": _step_url(module, place.previous) if place.previous else "",
        "next_url": _step_url(module, place.next) if place.next else "",
        "next_title": place.next.title if place.next else "",
        "module_url": _module_url(module),
        "error": error,
    }
    if step.kind == Step.Kind.CHECK:
        # The last attempt, to show its score and per-question feedback after the redirect.
        attempt = (
            CheckAttempt.objects.filter(enrollment=place.enrollment, step=step)
            .order_by("-created_at", "-pk")
            .first()
        )
        context |= {
            "attempt": attempt,
            "attempts": progress.attempts if progress else 0,
            "best_score": progress.best_score if progress else None,
            "questions": _check_rows(place, attempt, check_data),
        }
    else:
        initial = {"answer": progress.answer} if progress else {}
        context["form"] = form or StepDoneForm(initial=initial)
    return render(request, "courses/step_detail.html", context, status=status)


@login_required
@require_GET
def step_detail(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    place = _place(request, public_id, step_id)
    if isinstance(place, HttpResponse):
        return place
    return _render_step(request, place)


@login_required
@require_POST
def step_complete(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    """ "Mark done and continue" (a reflection is saved with it), then the next step."""
    place = _place(request, public_id, step_id)
    if isinstance(place, HttpResponse):
        return place
    form = StepDoneForm(request.POST)
    if not form.is_valid():
        return _render_step(
            request, place, form=form, error=_("Please correct the errors below."), status=400
        )
    answer = form.cleaned_data["answer"] if place.step.kind == Step.Kind.REFLECT else ""
    try:
        services.step_complete(
            learner=request.user, enrollment=place.enrollment, step=place.step, answer=answer
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.CourseError as exc:
        return _render_step(request, place, form=form, error=str(exc), status=400)
    if place.next is not None:
        return HttpResponseRedirect(_step_url(place.module, place.next))
    others_done = all(place.done(s) for s in place.steps if s != place.step)
    if others_done:
        messages.success(request, _("Every step is done. Finish the module to record it."))
    return HttpResponseRedirect(_module_url(place.module, "steps"))


@login_required
@require_POST
def check_submit(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    """Score a check (retries allowed); the page after the redirect shows the feedback."""
    place = _place(request, public_id, step_id)
    if isinstance(place, HttpResponse):
        return place
    if place.step.kind != Step.Kind.CHECK:
        raise Http404
    form = CheckForm(request.POST, questions=list(place.step.questions.all()))
    if not form.is_valid():
        return _render_step(
            request,
            place,
            check_data=request.POST,
            error=_("Choose one of the listed answers for each question."),
            status=400,
        )
    try:
        services.check_submit(
            learner=request.user,
            enrollment=place.enrollment,
            step=place.step,
            answers=form.answers(),
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.CourseError as exc:
        return _render_step(request, place, check_data=request.POST, error=str(exc), status=400)
    # The score and the per-question feedback are shown from the attempt after the redirect.
    return HttpResponseRedirect(_step_url(place.module, place.step, "result"))


# My learning ---------------------------------------------------------------------------------


@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    in_progress, finished = [], []
    for e in selectors.my_learning(request.user):
        row = {"enrollment": e, "module": e.module, "url": _module_url(e.module)}
        if e.completed_at is None:
            row["resume_url"] = (
                _step_url(e.module, e.last_step) if e.last_step_id else _module_url(e.module)
            )
            in_progress.append(row)
        else:
            row["apply_url"] = _module_url(e.module, "next") if e.module.leads_to_id else ""
            finished.append(row)
    return render(
        request,
        "courses/enrollment_mine.html",
        {
            "in_progress": in_progress,
            "finished": finished,
            "assigned": [r for r in _assigned_rows(request.user) if r["status"] != "finished"],
        },
    )


# Exemplars -----------------------------------------------------------------------------------


@login_required
@require_GET
def exemplar_list(request: HttpRequest) -> HttpResponse:
    form = ExemplarFilterForm(
        request.GET or None,
        standards=_competencies_in_use(exemplars__status=Exemplar.Status.PUBLISHED),
    )
    page = Paginator(selectors.exemplar_library(form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "exemplar": e,
            "url": reverse("courses:exemplar-detail", kwargs={"slug": e.slug}),
            "standards": list(e.standards.all()),
        }
        for e in page.object_list
    ]
    return render(request, "courses/exemplar_list.html", {"form": form, "page": page, "rows": rows})


ARTIFACT_GROUPS = [
    (ExemplarArtifact.Kind.VIDEO, gettext_lazy("Annotated video")),
    (ExemplarArtifact.Kind.SLIDES, gettext_lazy("Slides")),
    (ExemplarArtifact.Kind.DOCUMENT, gettext_lazy("Sample documents")),
    (ExemplarArtifact.Kind.FILE, gettext_lazy("Files")),
]


@login_required
@require_GET
def exemplar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = selectors.exemplar_detail(request.user, slug)
    if exemplar is None:
        raise Http404
    groups = []
    artifacts = list(exemplar.artifacts.all())
    for kind, heading in ARTIFACT_GROUPS:
        items = [
            {
                "artifact": a,
                "download_url": reverse("courses:exemplar-file", kwargs={"public_id": a.public_id})
                if a.file
                else "",
            }
            for a in artifacts
            if a.kind == kind
        ]
        if items:
            groups.append({"kind": kind, "heading": heading, "items": items})
    return render(
        request,
        "courses/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "standards": list(exemplar.standards.all()),
            "artifact_groups": groups,
            "published": exemplar.status == Exemplar.Status.PUBLISHED,
        },
    )


@login_required
@require_GET
def exemplar_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An exemplar's file, as a download, for whoever may see the exemplar; else 404."""
    artifact = (
        ExemplarArtifact.objects.select_related("exemplar")
        .filter(public_id=public_id)
        .exclude(file="")
        .first()
    )
    if artifact is None or selectors.exemplar_detail(request.user, artifact.exemplar.slug) is None:
        raise Http404
    try:
        handle = artifact.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    ext = artifact.file.name.rsplit(".", 1)[-1] if "." in artifact.file.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(artifact.title) or 'exemplar'}.{ext}",
        content_type=artifact.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
