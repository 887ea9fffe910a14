"""Reads for competencies. Frameworks and competencies are public; staged imports are
their author's."""

from .competencies import (
    CompetencyPage,
    Related,
    alignment_choices,
    competency_children,
    competency_get,
    competency_page,
    exact_matches,
)
from .frameworks import (
    BrowseEntry,
    FrameworkBrowse,
    framework_browse,
    framework_get,
    framework_index,
)
from .imports import import_get, imports_recent
from .outline import OutlineRow, framework_outline, outline_rows

__all__ = [
    "BrowseEntry",
    "CompetencyPage",
    "FrameworkBrowse",
    "OutlineRow",
    "Related",
    "alignment_choices",
    "competency_children",
    "competency_get",
    "competency_page",
    "exact_matches",
    "framework_browse",
    "framework_get",
    "framework_index",
    "framework_outline",
    "import_get",
    "imports_recent",
    "outline_rows",
]
