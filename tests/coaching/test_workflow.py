"""The goal workflow: the table of moves, the buttons it offers, its history rows."""

import pytest

from coaching.models import Goal
from coaching.workflow import GOAL_FLOW
from core.errors import InvalidTransition
from core.workflow import history_of
from tests.coaching.factories import GoalFactory

S = Goal.Status

ALLOWED = {
    S.NOT_STARTED: {S.IN_PROGRESS, S.MET, S.SET_ASIDE},
    S.IN_PROGRESS: {S.NOT_STARTED, S.MET, S.SET_ASIDE},
    S.SET_ASIDE: {S.NOT_STARTED, S.IN_PROGRESS},
    S.MET: {S.IN_PROGRESS},
}


@pytest.mark.parametrize("current", list(S))
def test_the_table_of_moves(current):
    for to in S:
        assert GOAL_FLOW.allows(current, to) is (to in ALLOWED[current]), (current, to)
        if to not in ALLOWED[current]:
            with pytest.raises(InvalidTransition):
                GOAL_FLOW.check(current, to)


def test_buttons_in_the_order_of_the_statuses():
    labels = [str(m.label) for m in GOAL_FLOW.available(S.NOT_STARTED)]
    assert labels == ["Mark in progress", "Mark met", "Set aside"]
    assert [m.to for m in GOAL_FLOW.available(S.IN_PROGRESS)] == [
        S.NOT_STARTED,
        S.MET,
        S.SET_ASIDE,
    ]
    assert [m.to for m in GOAL_FLOW.available(S.MET)] == [S.IN_PROGRESS]


def test_a_refused_move_says_why():
    with pytest.raises(InvalidTransition, match=r"A goal that is met cannot become set aside\."):
        GOAL_FLOW.check(S.MET, S.SET_ASIDE)


@pytest.mark.django_db
def test_apply_saves_the_status_and_writes_history():
    goal = GoalFactory()
    before = goal.updated_at
    GOAL_FLOW.apply(goal, to=S.IN_PROGRESS, actor=goal.coach)
    goal.refresh_from_db()
    assert goal.status == S.IN_PROGRESS
    assert goal.updated_at > before
    [row] = history_of(goal)
    assert (row.move, row.from_status, row.to_status, row.actor) == (
        "start",
        S.NOT_STARTED,
        S.IN_PROGRESS,
        goal.coach,
    )
    with pytest.raises(InvalidTransition):
        GOAL_FLOW.apply(goal, to=S.IN_PROGRESS, actor=goal.coach)
    assert history_of(goal).count() == 1
