"""The pathway workflow: draft → active → archived, with history (`core.workflow`)."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, Workflow

from .models import Pathway

S = Pathway.Status

PATHWAY_FLOW = Workflow(
    "pathway",
    Pathway.Status,
    [
        Move("activate", S.ACTIVE, frm=[S.DRAFT], label=_("Activate")),
        Move("archive", S.ARCHIVED, frm=[S.DRAFT, S.ACTIVE], label=_("Archive")),
    ],
)
