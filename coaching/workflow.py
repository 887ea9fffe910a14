"""The goal workflow (`core.workflow`): a goal is not started, in progress, met or set
aside; a met goal can be reopened, a set-aside one taken up again. Moves are listed in
the order the goal's buttons show them."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, Workflow

from .models import Goal

S = Goal.Status

GOAL_FLOW = Workflow(
    "goal",
    Goal.Status,
    [
        Move(
            "restart", S.NOT_STARTED, frm=[S.IN_PROGRESS, S.SET_ASIDE], label=_("Mark not started")
        ),
        Move(
            "start",
            S.IN_PROGRESS,
            frm=[S.NOT_STARTED, S.SET_ASIDE, S.MET],
            label=_("Mark in progress"),
        ),
        Move("meet", S.MET, frm=[S.NOT_STARTED, S.IN_PROGRESS], label=_("Mark met")),
        Move("set_aside", S.SET_ASIDE, frm=[S.NOT_STARTED, S.IN_PROGRESS], label=_("Set aside")),
    ],
)
