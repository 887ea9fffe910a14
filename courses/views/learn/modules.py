"""A module's page, and starting, finishing and applying it for its micro-credential."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.views import run_service

from ... import selectors, services
from ...forms import ApplyForm
from ...models import Enrollment, GradeBand, Step, Subject
from ...selectors import ModulePage, labels
from ...workflow import STARTABLE
from ..links import flash_and_return, module_url, step_url


def module_page_or_404(request: HttpRequest, public_id: uuid.UUID) -> ModulePage:
    """The one door to a module version: visible to this user, with steps and questions,
    and their enrollment in the module."""
    page = selectors.module_page(user=request.user, public_id=public_id)
    if page is None:
        raise Http404
    return page


def own_enrollment_or_404(page: ModulePage) -> Enrollment:
    """The user's enrollment in exactly this version."""
    if page.enrollment is None or page.other_version is not None:
        raise Http404
    return page.enrollment


@login_required
@require_GET
def module_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    page = module_page_or_404(request, public_id)
    if page.other_version is not None:
        # A learner keeps the version they started.
        return HttpResponseRedirect(module_url(page.other_version))
    module, steps = page.module, page.steps
    step_rows = [
        {"step": s, "number": n, "url": step_url(module, s), "done": page.done(s)}
        for n, s in enumerate(steps, 1)
    ]
    done = sum(r["done"] for r in step_rows)
    resume = page.resume_step()
    after = selectors.module_next(user=request.user, page=page)
    return render(
        request,
        "courses/module_detail.html",
        {
            "module": module,
            "competencies": list(module.competencies.all()),
            "grade_bands": labels(module.grade_bands, GradeBand),
            "subjects": labels(module.subjects, Subject),
            "steps": step_rows,
            "steps_done": done,
            "enrollment": page.enrollment,
            "all_done": bool(steps) and done == len(steps),
            "finished": page.finished,
            "resume_url": step_url(module, resume) if resume else "",
            "can_start": module.status in STARTABLE,
            "newer_version": after.newer_version,
            "badge_award": after.badge_award,
            "open_submission": after.open_submission,
            "apply_form": ApplyForm(initial={"attach_reflections": True}),
            "has_reflections": any(s.kind == Step.Kind.REFLECT for s in steps),
        },
    )


@login_required
@require_POST
def enrollment_start(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Start, or resume: the service returns the existing enrollment if there is one."""
    page = module_page_or_404(request, public_id)
    module = page.module

    def resume(enrollment: Enrollment) -> str:
        if enrollment.module_id != module.pk:
            return module_url(enrollment.module)
        started = ModulePage(module, enrollment, selectors.progress_map(enrollment=enrollment))
        step = started.resume_step()
        return step_url(module, step) if step else module_url(module)

    return run_service(
        request,
        lambda: services.enrollment_start(learner=request.user, module=module),
        done=None,
        then=resume,
        refused=flash_and_return(request, module_url(module)),
    )


@login_required
@require_POST
def enrollment_finish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    page = module_page_or_404(request, public_id)
    enrollment = own_enrollment_or_404(page)
    return run_service(
        request,
        lambda: services.enrollment_finish(learner=request.user, enrollment=enrollment),
        done=_("You finished “%(title)s”.") % {"title": page.module.title},
        then=module_url(page.module, "next"),
        refused=flash_and_return(request, module_url(page.module)),
    )


@login_required
@require_POST
def enrollment_apply(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Finish → "apply it in your classroom": a draft submission for the micro-credential."""
    page = module_page_or_404(request, public_id)
    enrollment = own_enrollment_or_404(page)
    form = ApplyForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    badge = page.module.leads_to
    return run_service(
        request,
        lambda: services.enrollment_apply_for_credential(
            learner=request.user,
            enrollment=enrollment,
            attach_reflections=form.cleaned_data.get("attach_reflections", False),
        ),
        done=_(
            "Your evidence for “%(badge)s” is started. Add what you did in your classroom, then submit."
        )
        % {"badge": badge.name if badge else ""},
        then=lambda submission: reverse(
            "evidence:submission-detail", kwargs={"public_id": submission.public_id}
        ),
        refused=flash_and_return(request, module_url(page.module)),
    )
