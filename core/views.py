"""Running a service from a page: the one place that turns its refusals into answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from .errors import NotFound, ServiceError

T = TypeVar("T")


def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    done: str | Callable[[T], str] | None,
    then: str | Callable[[T], str],
    refused: Callable[[ServiceError], HttpResponse],
    forbidden: Callable[[PermissionDenied], HttpResponse] | None = None,
) -> HttpResponse:
    """Run one service call for a POST and answer it.

    - allowed: the success message `done` (or `done(result)`) and a redirect to `then`
      (or `then(result)`);
    - refused because the user may not act (`PermissionDenied`, `Forbidden`) or the
      object is gone (`NotFound`): 404, as for anything they may not see — unless the
      page lets them choose what to act on among things they may see but not change
      (then `forbidden(error)` answers, usually the form again with a message);
    - any other `ServiceError`: `refused(error)`, which shows the page again with the
      message (the caller answers 400).
    """
    try:
        result = call()
    except NotFound as exc:
        raise Http404 from exc
    except PermissionDenied as exc:
        if forbidden is None:
            raise Http404 from exc
        return forbidden(exc)
    except ServiceError as exc:
        return refused(exc)
    if done:
        messages.success(request, done(result) if callable(done) else done)
    return HttpResponseRedirect(then(result) if callable(then) else then)
