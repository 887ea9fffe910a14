"""The status workflows of courses (`core.workflow`), each move made by one service:

- a module version: draft → published → retired. Publishing a draft retires the
  version published before it (its learners keep it). A published version is never
  edited: starting a new version copies it into the next draft.
- an exemplar: proposed → published, or proposed → declined (a declined exemplar may
  still be published).
"""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, Workflow

from .models import Exemplar, Module

M = Module.Status
E = Exemplar.Status

MODULE_FLOW = Workflow(
    "module",
    Module.Status,
    [
        Move("publish", M.PUBLISHED, frm=[M.DRAFT], label=_("Publish")),
        Move("retire", M.RETIRED, frm=[M.PUBLISHED], label=_("Retire")),
    ],
)

# Only a draft's details and steps change.
EDITABLE = frozenset({M.DRAFT})
# Learners start only the published version (those who started another keep it).
STARTABLE = frozenset({M.PUBLISHED})
# A new version (the next draft, a copy) is started from the published version. It is
# not a move of this version's status, so it is not in the table.
NEW_VERSION_FROM = frozenset({M.PUBLISHED})

EXEMPLAR_FLOW = Workflow(
    "exemplar",
    Exemplar.Status,
    [
        Move("publish", E.PUBLISHED, frm=[E.PROPOSED, E.DECLINED], label=_("Publish")),
        Move("decline", E.DECLINED, frm=[E.PROPOSED], label=_("Decline")),
    ],
)
