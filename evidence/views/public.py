"""The public evidence page: what an awarded badge's evidence link shows."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from badges import hosting

from .. import selectors


@require_GET
def evidence_public(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The approved evidence, if the earner chose to show it; 404 otherwise (drafts,
    withdrawn, declined and private submissions are not there for the public)."""
    found = selectors.public_evidence(public_id=public_id)
    if found is None:
        raise Http404
    submission, artifacts = found
    badge = submission.badge_class
    context = {
        "badge_class": badge,
        "issuer": badge.issuer,
        "badge_url": hosting.badge_class_url(badge),
        "assertion_url": hosting.assertion_url(submission.assertion)
        if submission.assertion_id
        else "",
        "revoked": bool(submission.assertion_id and submission.assertion.revoked_at),
        "version": submission.version,
        "decided_at": submission.decided_at,
        "artifacts": artifacts,
    }
    response = render(request, "evidence/submission_public.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
