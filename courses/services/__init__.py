"""Writes for courses: authoring and versioning, progress, the credential hand-off,
cohort assignments and exemplars. The services re-check permission with the access
policies (`courses.permissions`) and refuse with a `CourseError` (or `Forbidden`); the
status moves go through `courses.workflow`."""

from .assignments import assignment_create, cohort_create
from .base import CourseError
from .enrollments import (
    CheckResult,
    QuestionResult,
    check_submit,
    enrollment_apply_for_credential,
    enrollment_finish,
    enrollment_start,
    step_complete,
)
from .exemplars import exemplar_create, exemplar_decline, exemplar_propose, exemplar_publish
from .modules import module_create, module_new_version, module_publish, module_retire, module_update
from .steps import step_add, step_move, step_remove

__all__ = [
    "CheckResult",
    "CourseError",
    "QuestionResult",
    "assignment_create",
    "check_submit",
    "cohort_create",
    "enrollment_apply_for_credential",
    "enrollment_finish",
    "enrollment_start",
    "exemplar_create",
    "exemplar_decline",
    "exemplar_propose",
    "exemplar_publish",
    "module_create",
    "module_new_version",
    "module_publish",
    "module_retire",
    "module_update",
    "step_add",
    "step_complete",
    "step_move",
    "step_remove",
]
