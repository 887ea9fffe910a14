"""Addresses and small page helpers the courses views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import ServiceError

from ..models import Module, Step
from ..selectors import module_url as _module_url

STATUS_CLASS = {
    Module.Status.DRAFT: "status-draft",
    Module.Status.PUBLISHED: "status-valid",
    Module.Status.RETIRED: "status-withdrawn",
}


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def unless_valid(
    request: HttpRequest, form: Any, page: Callable[..., HttpResponse]
) -> HttpResponse | None:
    """A form page's answer before its service runs: for a GET the page; for a POST the
    form refuses, the page with its errors (400); None when the form is valid."""
    if request.method != "POST":
        return page()
    if not form.is_valid():
        return page(400, _("Please correct the errors below."))
    return None


def module_url(module: Module, anchor: str = "") -> str:
    url = _module_url(module.public_id)
    return f"{url}#{anchor}" if anchor else url


def step_url(module: Module, step: Step, anchor: str = "") -> str:
    url = reverse(
        "courses:step-detail", kwargs={"public_id": module.public_id, "step_id": step.public_id}
    )
    return f"{url}#{anchor}" if anchor else url


def edit_url(module: Module, anchor: str = "") -> str:
    url = reverse("courses:author-module-edit", kwargs={"public_id": module.public_id})
    return f"{url}#{anchor}" if anchor else url


def flash_and_return(request: HttpRequest, to: str) -> Callable[[ServiceError], HttpResponse]:
    """A refusal answered with its message at the top of the page `to`."""

    def refused(exc: ServiceError) -> HttpResponse:
        messages.error(request, exc.message)
        return HttpResponseRedirect(to)

    return refused
