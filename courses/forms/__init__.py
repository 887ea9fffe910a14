"""Forms for the courses pages. They parse input; the services decide what is allowed.
(The library's search forms are `courses.filters`' FilterSets.)"""

from .assignments import AssignmentForm, CohortForm
from .exemplars import DeclineForm, ExemplarCreateForm, ExemplarForm, ExemplarProposeForm
from .fields import badge_label, choose_district, competency_choices, grouped_competencies
from .learning import ApplyForm, CheckForm, StepDoneForm
from .modules import ModuleForm, StepForm, StepMoveForm

__all__ = [
    "ApplyForm",
    "AssignmentForm",
    "CheckForm",
    "CohortForm",
    "DeclineForm",
    "ExemplarCreateForm",
    "ExemplarForm",
    "ExemplarProposeForm",
    "ModuleForm",
    "StepDoneForm",
    "StepForm",
    "StepMoveForm",
    "badge_label",
    "choose_district",
    "competency_choices",
    "grouped_competencies",
]
