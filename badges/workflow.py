"""The badges workflows (`core.workflow`), each move made by one service:

- a badge class: draft → active → archived (`badges.services.badge_class_activate`,
  `badge_class_archive`); an archived badge stays published and is no longer awarded,
  so a draft, which is not published, is never archived;
- a credit agreement and an endorsement: active → withdrawn;
  `badges.services.credit_agreement_withdraw` / `endorsement_withdraw`.

The admin's actions are the table's moves (each calls its service, which checks the
policy); pages build their buttons from `available()` for what the policy lets the
person manage (`badges.selectors.pages.agreements_managed`, `endorsements_managed`).
"""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, Workflow

from .models import BadgeClass, CreditAgreement, Endorsement

B = BadgeClass.Status

BADGE_CLASS_FLOW = Workflow(
    "badge",
    BadgeClass.Status,
    [
        Move("activate", B.ACTIVE, frm=[B.DRAFT], label=_("Activate")),
        Move("archive", B.ARCHIVED, frm=[B.ACTIVE], label=_("Archive")),
    ],
)

CREDIT_AGREEMENT_FLOW = Workflow(
    "credit agreement",
    CreditAgreement.Status,
    [
        Move(
            "withdraw",
            CreditAgreement.Status.WITHDRAWN,
            frm=[CreditAgreement.Status.ACTIVE],
            label=_("Withdraw"),
        )
    ],
)

ENDORSEMENT_FLOW = Workflow(
    "endorsement",
    Endorsement.Status,
    [
        Move(
            "withdraw",
            Endorsement.Status.WITHDRAWN,
            frm=[Endorsement.Status.ACTIVE],
            label=_("Withdraw"),
        )
    ],
)
