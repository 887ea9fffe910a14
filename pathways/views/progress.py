"""The earner's pathways: how far they are, what is next, the outline ticked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from badges import hosting

from .. import selectors as sel


@login_required
@require_GET
def pathway_mine(request: HttpRequest) -> HttpResponse:
    """Every pathway I have started: how far I am, what is next, the outline ticked."""
    rows = [
        {
            "pathway": row.pathway,
            "progress": row.progress,
            "complete": row.complete,
            "next": [n.label for n in row.next_steps],
            "badge_url": hosting.badge_class_url(row.pathway.badge_class),
            "image_url": hosting.badge_image_url(row.pathway.badge_class),
        }
        for row in sel.pathway_progress_for(user=request.user)
    ]
    return render(request, "pathways/pathway_mine.html", {"rows": rows})
