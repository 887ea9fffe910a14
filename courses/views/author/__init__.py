"""Authoring pages: modules and their steps, preview, cohort assignments, exemplars (and
a teacher's proposal of an exemplar from their own evidence).

Thin: parse, reach objects through the selectors (scoped to the user by
`courses.permissions`), call one service through `core.views.run_service`, respond.
Someone who may not author (or assign, or propose) gets 404 for every page and object
here, as does a refusal by a service for want of permission; input a service rejects
shows the page again with its message and status 400, nothing changed.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from ... import permissions, selectors
from ...models import Module


def require_author(request: HttpRequest) -> None:
    """Only those who author somewhere reach the authoring pages (the menu asks the
    same); everyone else, teachers and employers' admins included, gets 404."""
    if not permissions.can_author_anywhere(request.user):
        raise Http404


def authored_module(request: HttpRequest, public_id: uuid.UUID, *, steps: bool = False) -> Module:
    """A module version the user may author (with its steps and questions), or 404."""
    module = selectors.module_for_author(user=request.user, public_id=public_id, steps=steps)
    if module is None:
        raise Http404
    return module
