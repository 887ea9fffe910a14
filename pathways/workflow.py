"""The pathway workflow (draft → active → archived) and the bulk-award job's, with history
(`core.workflow`)."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, Workflow

from .models import BulkAwardJob, Pathway

S = Pathway.Status

PATHWAY_FLOW = Workflow(
    "pathway",
    Pathway.Status,
    [
        Move("activate", S.ACTIVE, frm=[S.DRAFT], label=_("Activate")),
        Move("archive", S.ARCHIVED, frm=[S.DRAFT, S.ACTIVE], label=_("Archive")),
    ],
)


J = BulkAwardJob.Status

# A bulk-award job: previewed (nothing awarded) → running once the admin confirms →
# done, or failed if the run stopped on an unexpected error (its lines so far stand).
BULK_AWARD_FLOW = Workflow(
    "bulk award",
    BulkAwardJob.Status,
    [
        Move("confirm", J.RUNNING, frm=[J.PREVIEWED], label=_("Confirm and award")),
        Move("finish", J.DONE, frm=[J.RUNNING], label=_("Finish")),
        Move("fail", J.FAILED, frm=[J.RUNNING], label=_("Fail")),
    ],
)
