"""The one workflow helper: a status enum, an explicit table of moves, and history.

Every status field in Cairn (submissions, badge classes, pathways, goals, modules,
exemplars, moderation cases, credit agreements, endorsements) is driven by a
`Workflow`:

    PATHWAY_FLOW = Workflow(
        "pathway",
        Pathway.Status,
        [
            Move("activate", Pathway.Status.ACTIVE, frm=[Pathway.Status.DRAFT], label="Activate"),
            Move("archive", Pathway.Status.ARCHIVED, frm=[DRAFT, ACTIVE], label="Archive"),
        ],
    )

- `check(current, to)` returns the move or raises `InvalidTransition` with a sentence
  fit to show;
- `available(current)` lists the moves open from `current` (views build their buttons
  from it and the access policy; nothing restates the table);
- `apply(obj, to=..., actor=...)` checks, sets the field, saves it with `update_fields`
  and writes the history row (`core.Transition`, or the workflow's own `history`).

Each move is made by one service, which checks the actor's permission and locks the
row before calling `apply`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from .audit import actor_name, target_key
from .errors import InvalidTransition
from .models import Transition


@dataclass(frozen=True)
class Move:
    """One allowed move: its name, where it leads, and where it may start."""

    name: str
    to: str
    frm: Sequence[str]
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "frm", tuple(str(s) for s in self.frm))
        object.__setattr__(self, "to", str(self.to))


# (obj, move, from_status, actor, actor_label, reason, at) -> the history row written
HistoryWriter = Callable[[models.Model, Move, str, Any, str, str, datetime], models.Model]


def write_transition(
    obj: models.Model,
    move: Move,
    from_status: str,
    actor: Any,
    actor_label: str,
    reason: str,
    at: datetime,
    *,
    field: str = "status",
) -> Transition:
    return Transition.objects.create(
        target_type=obj._meta.label,
        target_id=target_key(obj),
        field=field,
        from_status=from_status,
        to_status=move.to,
        move=move.name,
        actor=actor,
        actor_label=actor_name(actor, actor_label),
        reason=reason,
        created_at=at,
    )


class Workflow:
    """A status field's allowed moves, checked in one place."""

    def __init__(
        self,
        noun: str,
        states: type[models.TextChoices],
        moves: Iterable[Move],
        *,
        field: str = "status",
        history: HistoryWriter | None = None,
    ) -> None:
        self.noun = noun
        self.states = states
        self.field = field
        self.moves: tuple[Move, ...] = tuple(moves)
        self._history = history
        known = set(states.values)
        self._by_edge: dict[tuple[str, str], Move] = {}
        for move in self.moves:
            unknown = ({move.to, *move.frm}) - known
            if unknown:
                raise ValueError(f"{noun}: move {move.name!r} names unknown states {unknown}.")
            for source in move.frm:
                if (source, move.to) in self._by_edge:
                    raise ValueError(f"{noun}: two moves from {source!r} to {move.to!r}.")
                self._by_edge[(source, move.to)] = move

    # Reading the table ---------------------------------------------------------------

    def label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def available(self, current: str) -> list[Move]:
        """The moves open from `current`, in the table's order."""
        return [m for m in self.moves if str(current) in m.frm]

    def allows(self, current: str, to: str) -> bool:
        return (str(current), str(to)) in self._by_edge

    def check(self, current: str, to: str) -> Move:
        """The move from `current` to `to`, or `InvalidTransition` saying why not."""
        move = self._by_edge.get((str(current), str(to)))
        if move is None:
            raise InvalidTransition(
                f"A {self.noun} that is {self.label(current).lower()} cannot become "
                f"{self.label(to).lower()}.",
                from_status=str(current),
                to_status=str(to),
            )
        return move

    def move_named(self, current: str, name: str) -> Move:
        """The move called `name` from `current` (buttons post the move's name)."""
        for move in self.available(current):
            if move.name == name:
                return move
        raise InvalidTransition(
            f"A {self.noun} that is {self.label(current).lower()} cannot be moved that way "
            f"({name.replace('_', ' ')}).",
            from_status=str(current),
        )

    # Making a move --------------------------------------------------------------------

    def apply(
        self,
        obj: models.Model,
        *,
        to: str,
        actor: Any,
        reason: str = "",
        actor_label: str = "",
        now: datetime | None = None,
        also: Sequence[str] = (),
    ) -> Move:
        """Move a locked `obj` to `to`: check, set, save (`update_fields`: the status,
        `updated_at` if the model has it, and `also`), write the history row."""
        current = str(getattr(obj, self.field))
        move = self.check(current, to)
        at = now or timezone.now()
        setattr(obj, self.field, move.to)
        fields = [self.field, *also]
        names = {f.name for f in obj._meta.get_fields()}
        if "updated_at" in names and "updated_at" not in fields:
            obj.updated_at = at
            fields.append("updated_at")
        obj.save(update_fields=fields)
        if self._history is not None:
            self._history(obj, move, current, actor, actor_label, reason, at)
        else:
            write_transition(obj, move, current, actor, actor_label, reason, at, field=self.field)
        return move


def history_of(obj: models.Model) -> models.QuerySet[Transition]:
    """The moves recorded for `obj` through `core.Transition`, oldest first."""
    return Transition.objects.filter(
        target_type=obj._meta.label, target_id=target_key(obj)
    ).select_related("actor")
