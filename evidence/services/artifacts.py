"""Evidence on a draft: files (checked by content and size), links, reflections."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction

from accounts.models import User
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..models import Artifact, Submission
from ..uploads import check_upload
from .base import EvidenceError, S, current_version, lock, touch


def editable(actor: User, submission: Submission) -> Submission:
    locked = lock(submission)
    if not permissions.can_act_for_earner(actor, locked):
        raise Forbidden("Only the earner (or the teacher submitting for them) can edit.")
    if locked.status != S.DRAFT:
        raise EvidenceError(
            "Evidence can be changed only while the submission is a draft"
            + (
                " — revise it to start a new version."
                if locked.status == S.CHANGES_REQUESTED
                else "."
            )
        )
    return locked


def artifact_add_file(
    *, actor: User, submission: Submission, upload: File, title: str = ""
) -> Artifact:
    """Check an uploaded file by its content and size, then store it; or change nothing."""
    name = (getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1][:255]
    size = int(getattr(upload, "size", 0) or 0)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)

    def read_all() -> bytes:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    checked = check_upload(
        name=name,
        head=head,
        size=size,
        max_bytes=settings.EVIDENCE_MAX_BYTES,
        max_video_bytes=settings.EVIDENCE_VIDEO_MAX_BYTES,
        read_all=read_all,
    )
    stored: list[Artifact] = []
    try:
        with transaction.atomic():
            locked = editable(actor, submission)
            artifact = Artifact(
                version=current_version(locked),
                kind=Artifact.Kind.FILE,
                title=title.strip()[:200] or name,
                original_name=name,
                content_type=checked.mime,
                size=checked.size,
                added_by=actor,
            )
            content = ContentFile(checked.content) if checked.content is not None else upload
            artifact.file.save(f"upload.{checked.extension}", content, save=False)
            stored.append(artifact)
            artifact.save()
            touch(locked)
            audit_record(
                actor=actor,
                action=AuditAction.ARTIFACT_ADD,
                target=locked,
                data={"kind": "file", "mime": checked.mime, "size": checked.size},
            )
    except Exception:
        # Nothing half-saved: a file stored for a row that was rolled back is removed.
        for a in stored:
            a.file.delete(save=False)
        raise
    return artifact


def artifact_add_link(
    *, actor: User, submission: Submission, url: str, title: str = ""
) -> Artifact:
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")):
        raise EvidenceError("A link must be a web address starting with https:// or http://.")
    if len(url) > 1000:
        raise EvidenceError("That link is too long (1000 characters at most).")
    with transaction.atomic():
        locked = editable(actor, submission)
        artifact = Artifact.objects.create(
            version=current_version(locked),
            kind=Artifact.Kind.LINK,
            url=url,
            title=title.strip()[:200] or url[:200],
            added_by=actor,
        )
        touch(locked)
        audit_record(
            actor=actor, action=AuditAction.ARTIFACT_ADD, target=locked, data={"kind": "link"}
        )
    return artifact


def artifact_add_reflection(
    *, actor: User, submission: Submission, text: str, title: str = ""
) -> Artifact:
    text = (text or "").strip()
    if not text:
        raise EvidenceError("A reflection cannot be empty.")
    if len(text) > 20000:
        raise EvidenceError("A reflection may be at most 20,000 characters.")
    with transaction.atomic():
        locked = editable(actor, submission)
        artifact = Artifact.objects.create(
            version=current_version(locked),
            kind=Artifact.Kind.REFLECTION,
            text=text,
            title=title.strip()[:200] or "Reflection",
            added_by=actor,
        )
        touch(locked)
        audit_record(
            actor=actor, action=AuditAction.ARTIFACT_ADD, target=locked, data={"kind": "reflection"}
        )
    return artifact


def artifact_remove(*, actor: User, artifact: Artifact) -> None:
    """Drafts only: a submitted version's evidence is never changed."""
    with transaction.atomic():
        submission = artifact.version.submission
        locked = editable(actor, submission)
        if artifact.version.number != locked.version:
            raise EvidenceError("Only the current draft's evidence can be removed.")
        audit_record(
            actor=actor,
            action=AuditAction.ARTIFACT_REMOVE,
            target=locked,
            data={"artifact": str(artifact.public_id), "kind": artifact.kind},
        )
        artifact.delete()
        touch(locked)
