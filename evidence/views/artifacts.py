"""Evidence on a draft (files checked by content, links, reflections) and downloads."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import ArtifactFileForm, ArtifactLinkForm, ArtifactReflectionForm
from ..models import Artifact
from .submission import act, invalid, visible


@login_required
@require_POST
def artifact_add_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    form = ArtifactFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return invalid(request, public_id, "file_form", form)
    return act(
        request,
        public_id,
        lambda: services.artifact_add_file(
            actor=request.user,
            submission=submission,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        ),
        done=_("The file was added."),
        anchor="evidence",
        form_key="file_form",
        form=form,
    )


@login_required
@require_POST
def artifact_add_link(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    form = ArtifactLinkForm(request.POST)
    if not form.is_valid():
        return invalid(request, public_id, "link_form", form)
    return act(
        request,
        public_id,
        lambda: services.artifact_add_link(
            actor=request.user,
            submission=submission,
            url=form.cleaned_data["url"],
            title=form.cleaned_data["title"],
        ),
        done=_("The link was added."),
        anchor="evidence",
        form_key="link_form",
        form=form,
    )


@login_required
@require_POST
def artifact_add_reflection(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    submission = visible(request, public_id)
    form = ArtifactReflectionForm(request.POST)
    if not form.is_valid():
        return invalid(request, public_id, "reflection_form", form)
    return act(
        request,
        public_id,
        lambda: services.artifact_add_reflection(
            actor=request.user,
            submission=submission,
            text=form.cleaned_data["text"],
            title=form.cleaned_data["title"],
        ),
        done=_("The reflection was added."),
        anchor="evidence",
        form_key="reflection_form",
        form=form,
    )


@login_required
@require_POST
def artifact_remove(
    request: HttpRequest, public_id: uuid.UUID, artifact_id: uuid.UUID
) -> HttpResponse:
    submission = visible(request, public_id)
    artifact = selectors.artifact_of(submission=submission, artifact_id=artifact_id)
    if artifact is None:
        raise Http404
    return act(
        request,
        public_id,
        lambda: services.artifact_remove(actor=request.user, artifact=artifact),
        done=_("“%(name)s” was removed.") % {"name": str(artifact)},
        anchor="evidence",
    )


def _download_name(artifact: Artifact) -> str:
    """The uploader's name with the extension of what the file really is."""
    stem = (artifact.original_name or "evidence").rsplit(".", 1)[0] or "evidence"
    ext = artifact.file.name.rsplit(".", 1)[-1] if "." in artifact.file.name else "bin"
    return f"{stem}.{ext}"


@require_GET
def artifact_download(request: HttpRequest, artifact_id: uuid.UUID) -> HttpResponse:
    """A file of evidence: for whoever may see the submission, or anyone once it is public."""
    artifact = selectors.artifact_for_download(user=request.user, artifact_id=artifact_id)
    if artifact is None:
        raise Http404
    try:
        handle = artifact.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_download_name(artifact),
        content_type=artifact.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
