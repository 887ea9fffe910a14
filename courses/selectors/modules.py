"""A module version as its learner sees it: steps and questions, their enrollment and
progress, and where they stand; read by the module and step pages and the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import (
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.models import User
from badges.models import Assertion
from badges.selectors import assertions_held_by
from evidence.models import Submission
from evidence.selectors import submissions_of_earner

from .. import permissions
from ..models import CheckAttempt, CheckQuestion, Enrollment, Module, Step, StepProgress

ORDERED_STEPS = Prefetch(
    "steps",
    queryset=Step.objects.order_by("position", "pk").prefetch_related(
        Prefetch("questions", queryset=CheckQuestion.objects.order_by("position", "pk"))
    ),
)


def module_for_learner(*, user: User, public_id: uuid.UUID | str) -> Module | None:
    """A module version with its steps and questions, if `user` may see it."""
    return (
        permissions.modules.queryset(user, "view")
        .select_related("organization", "leads_to", "participation_badge", "author")
        .prefetch_related(ORDERED_STEPS, "competencies__framework")
        .filter(public_id=public_id)
        .first()
    )


def enrollment_of(*, user: User, module: Module) -> Enrollment | None:
    """`user`'s enrollment in `module` (any version), with its progress."""
    return (
        permissions.enrollments.queryset(user, "own")
        .filter(family=module.family)
        .select_related("module", "last_step")
        .prefetch_related("progress")
        .first()
    )


def progress_map(*, enrollment: Enrollment | None) -> dict[int, StepProgress]:
    """The enrollment's progress by step id (prefetched by `enrollment_of`)."""
    if enrollment is None:
        return {}
    return {p.step_id: p for p in enrollment.progress.all()}


@dataclass(frozen=True)
class ModulePage:
    """A module version `user` may see, their enrollment in the module (perhaps in
    another version, which they keep) and their progress."""

    module: Module
    enrollment: Enrollment | None
    progress: dict[int, StepProgress] = field(default_factory=dict)

    @property
    def steps(self) -> list[Step]:
        return list(self.module.steps.all())

    @property
    def other_version(self) -> Module | None:
        """The version the learner is enrolled in, when it is not this one."""
        if self.enrollment is not None and self.enrollment.module_id != self.module.pk:
            return self.enrollment.module
        return None

    @property
    def finished(self) -> bool:
        return self.enrollment is not None and self.enrollment.completed_at is not None

    def done(self, step: Step) -> bool:
        p = self.progress.get(step.pk)
        return p is not None and p.completed_at is not None

    def resume_step(self) -> Step | None:
        """The first step not done; when all are done, the last one worked on (or the
        first)."""
        steps = self.steps
        for s in steps:
            if not self.done(s):
                return s
        last = self.enrollment.last_step if self.enrollment is not None else None
        return last if last is not None and last in steps else (steps[0] if steps else None)


def module_page(*, user: User, public_id: uuid.UUID | str) -> ModulePage | None:
    module = module_for_learner(user=user, public_id=public_id)
    if module is None:
        return None
    enrollment = enrollment_of(user=user, module=module)
    return ModulePage(
        module=module, enrollment=enrollment, progress=progress_map(enrollment=enrollment)
    )


@dataclass(frozen=True)
class ModuleNext:
    """What follows a module: a newer version, the participation badge awarded, the
    evidence submission opened for its micro-credential."""

    newer_version: bool
    badge_award: Assertion | None
    open_submission: Submission | None


def module_next(*, user: User, page: ModulePage) -> ModuleNext:
    module = page.module
    newer_version = (
        module.status == Module.Status.RETIRED
        and permissions.modules.queryset(user, "browse")
        .filter(family=module.family, version__gt=module.version)
        .exists()
    )
    badge_award = open_submission = None
    if page.finished and module.participation_badge_id:
        badge_award = (
            assertions_held_by(user=user).filter(badge_class=module.participation_badge_id).first()
        )
    if page.finished and module.leads_to_id:
        open_submission = (
            submissions_of_earner(user=user)
            .filter(badge_class=module.leads_to_id, status__in=Submission.OPEN_STATUSES)
            .first()
        )
    return ModuleNext(
        newer_version=newer_version, badge_award=badge_award, open_submission=open_submission
    )


@dataclass(frozen=True)
class StepPlace:
    """Where the learner is: a step of the version they are enrolled in."""

    page: ModulePage
    index: int

    @property
    def module(self) -> Module:
        return self.page.module

    @property
    def enrollment(self) -> Enrollment:
        return self.page.enrollment

    @property
    def steps(self) -> list[Step]:
        return self.page.steps

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
        return self.page.done(step)


def last_attempt(*, enrollment: Enrollment, step: Step) -> CheckAttempt | None:
    """The learner's latest attempt at a check, to show its score and feedback."""
    return (
        CheckAttempt.objects.filter(enrollment=enrollment, step=step)
        .order_by("-created_at", "-pk")
        .first()
    )


# My learning ---------------------------------------------------------------------------


def _count(queryset: QuerySet) -> Coalesce:
    """The rows of `queryset` (correlated with OuterRef) as a per-row subquery."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def my_learning(*, user: User) -> QuerySet[Enrollment]:
    """In-progress and finished modules, with progress counts in the same query.

    The counts are per-row subqueries, not a GROUP BY over joins: a page (ordered by
    `-last_active_at, -pk`, index enrollment_active_idx) then reads only its own rows,
    where a GROUP BY counted every enrollment of the learner (and every step times every
    progress row of each) before the sort could stop."""
    return (
        permissions.enrollments.queryset(user, "own")
        .select_related("module__leads_to", "last_step")
        .annotate(
            steps_total=_count(Step.objects.filter(module=OuterRef("module"))),
            steps_done=_count(
                StepProgress.objects.filter(enrollment=OuterRef("pk"), completed_at__isnull=False)
            ),
        )
        .order_by("completed_at", "-last_active_at")
    )


def enrollment_for_learner(*, user: User, public_id: uuid.UUID | str) -> Enrollment | None:
    """`user`'s own enrollment (as `my_learning` counts it), with its version's steps and
    its progress."""
    return (
        my_learning(user=user)
        .filter(public_id=public_id)
        .prefetch_related(
            Prefetch("module__steps", queryset=Step.objects.order_by("position", "pk")),
            Prefetch("progress", queryset=StepProgress.objects.select_related("step")),
        )
        .first()
    )
