"""The accounts workflow (`core.workflow`): a minor's request for a public profile,
pending → approved / declined (a district admin decides, `accounts.services.
profile_request_decide`) or withdrawn (the student, or switching the profile off)."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, Workflow

from .models import ProfileRequest

P = ProfileRequest.Status

PROFILE_REQUEST_FLOW = Workflow(
    "profile request",
    ProfileRequest.Status,
    [
        Move("approve", P.APPROVED, frm=[P.PENDING], label=_("Approve")),
        Move("decline", P.DECLINED, frm=[P.PENDING], label=_("Decline")),
        Move("withdraw", P.WITHDRAWN, frm=[P.PENDING], label=_("Withdraw")),
    ],
)
