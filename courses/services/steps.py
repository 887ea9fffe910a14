"""Writing a draft's steps: add (a check with its questions), remove, move up or down.
The module's search text (and its stored search vector) follows its steps."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from accounts.models import User
from core.audit import AuditAction, audit_record

from ..models import CheckQuestion, Module, Step
from .base import CourseError
from .modules import locked_draft
from .search import module_search_vector_store


def _refresh_search_text(module: Module) -> None:
    parts = []
    for step in module.steps.all():
        parts += [step.title, step.body, step.transcript, step.prompt]
    module.search_text = re.sub(r"\s+", " ", " ".join(p for p in parts if p))[:100_000]
    module.save(update_fields=["search_text"])
    module_search_vector_store(modules=[module])


def _check_questions(questions: Sequence[Mapping[str, Any]]) -> None:
    if not questions:
        raise CourseError("A check needs at least one question.")
    for i, q in enumerate(questions, 1):
        choices = q.get("choices") or []
        if not str(q.get("prompt", "")).strip():
            raise CourseError(f"Question {i} has no prompt.")
        if len(choices) < 2:
            raise CourseError(f"Question {i} needs at least two choices.")
        if not any(c.get("correct") for c in choices):
            raise CourseError(f"Question {i} has no correct choice.")


def step_add(
    *,
    actor: User,
    module: Module,
    kind: str,
    title: str,
    body: str = "",
    video_url: str = "",
    transcript: str = "",
    prompt: str = "",
    pass_mark: int = 80,
    questions: Sequence[Mapping[str, Any]] = (),
) -> Step:
    """Append a step to a draft. `questions` for a check: [{prompt, choices:[{text, correct, feedback}]}]."""
    if kind not in Step.Kind.values:
        raise CourseError(f"Unknown step kind {kind!r}.")
    if kind == Step.Kind.WATCH and not video_url.startswith(("https://", "http://")):
        raise CourseError("A watch step needs a video link.")
    if kind == Step.Kind.REFLECT and not prompt.strip():
        raise CourseError("A reflect step needs a prompt.")
    if kind == Step.Kind.CHECK:
        _check_questions(questions)
    with transaction.atomic():
        locked = locked_draft(actor, module)
        position = locked.steps.count()
        step = Step.objects.create(
            module=locked,
            position=position,
            kind=kind,
            title=title.strip() or Step.Kind(kind).label,
            body=body,
            video_url=video_url,
            transcript=transcript,
            prompt=prompt,
            pass_mark=pass_mark,
        )
        CheckQuestion.objects.bulk_create(
            [
                CheckQuestion(step=step, position=i, prompt=q["prompt"], choices=list(q["choices"]))
                for i, q in enumerate(questions)
            ]
        )
        _refresh_search_text(locked)
        audit_record(
            actor=actor, action=AuditAction.MODULE_STEP_ADD, target=locked, data={"kind": kind}
        )
    return step


def _renumber(steps: Sequence[Step]) -> None:
    for n, s in enumerate(steps):
        if s.position != n:
            s.position = n
            s.save(update_fields=["position"])


def step_remove(*, actor: User, step: Step) -> None:
    """Remove a draft's step; the steps after it move up."""
    with transaction.atomic():
        locked = locked_draft(actor, step.module)
        step.delete()
        _renumber(list(locked.steps.order_by("position", "pk")))
        _refresh_search_text(locked)
        audit_record(actor=actor, action=AuditAction.MODULE_STEP_REMOVE, target=locked)


def step_move(*, actor: User, step: Step, up: bool) -> None:
    """Swap a draft's step with the one before it (`up`) or after it; at either end,
    nothing moves."""
    with transaction.atomic():
        locked = locked_draft(actor, step.module)
        steps = list(locked.steps.order_by("position", "pk"))
        i = next(n for n, s in enumerate(steps) if s.pk == step.pk)
        j = i - 1 if up else i + 1
        if 0 <= j < len(steps):
            steps[i], steps[j] = steps[j], steps[i]
            _renumber(steps)
        audit_record(actor=actor, action=AuditAction.MODULE_STEP_MOVE, target=locked)
