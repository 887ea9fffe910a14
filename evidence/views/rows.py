"""How evidence reads as text on a page: reviewer kinds, rubric rows, reviews, progress."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..forms import LEVEL_NAMES, ReviewForm
from ..models import Review, RubricCriterion, Submission
from ..services import ApprovalState

S = Submission.Status

KIND_SHORT = {
    "section_teacher": gettext_lazy("teacher"),
    "coach": gettext_lazy("coach"),
    "mentor": gettext_lazy("mentor"),
    "supervisor": gettext_lazy("supervisor"),
    "group": gettext_lazy("reviewer group"),
    "admin": gettext_lazy("district admin"),
}


def status_label(value: str) -> str:
    return str(S(value).label) if value in S.values else value


def kinds_text(kinds) -> list[str]:
    return [KIND_SHORT.get(k, k) for k in kinds]


def progress_text(state: ApprovalState) -> str:
    text = ngettext(
        "%(done)d of %(needed)d approval",
        "%(done)d of %(needed)d approvals",
        state.needed,
    ) % {"done": min(state.approvals, state.needed), "needed": state.needed}
    if state.missing_kinds:
        text += "; " + _("still needed: %(kinds)s") % {
            "kinds": ", ".join(str(k) for k in kinds_text(state.missing_kinds))
        }
    return text


def rubric_rows(criteria: list[RubricCriterion], form: ReviewForm | None = None) -> list[dict]:
    return [
        {
            "criterion": c,
            "field": ReviewForm.field_name(c),
            "levels": [
                {
                    "n": n,
                    "name": LEVEL_NAMES[n],
                    "descriptor": text,
                    "checked": form is not None and form.chosen(c) == str(n),
                }
                for n, text in c.descriptors()
            ],
        }
        for c in criteria
    ]


def review_row(review: Review, criteria: list[RubricCriterion]) -> dict:
    scores = dict(review.scores or {})
    rows = []
    for c in criteria:
        level = scores.pop(str(c.public_id), None)
        if level is not None:
            rows.append({"name": c.name, "level": level, "level_name": LEVEL_NAMES.get(level, "")})
    for level in scores.values():  # criteria since removed from the rubric
        rows.append(
            {
                "name": _("(a criterion no longer on the rubric)"),
                "level": level,
                "level_name": LEVEL_NAMES.get(level, ""),
            }
        )
    return {
        "review": review,
        "reviewer": review.reviewer.get_full_name(),
        "acting_as": KIND_SHORT.get(review.acting_as, review.acting_as),
        "decision": review.get_decision_display(),
        "scores": rows,
    }
