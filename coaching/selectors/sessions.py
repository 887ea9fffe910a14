"""Session logs as a person may see them: private notes only ever for their author."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.http import QueryDict

from accounts.models import User
from competencies.models import Competency
from core.pagination import KeysetPage, keyset_page
from core.policies import Who

from .. import permissions
from ..filters import SessionFilter
from ..models import CoachingSession

SESSIONS_PER_PAGE = 10
SESSIONS_ORDER = ("-held_on", "-pk")  # newest first; index session_teacher_idx


def visible_sessions(*, viewer: User) -> QuerySet[CoachingSession]:
    """The sessions `viewer` may see (`permissions.sessions`), newest first.

    `private_notes` is deferred. Each session carries `may_read_private_notes` (the
    policy's `read_private_notes` for `viewer`: the coach who logged it) and
    `own_private_notes`, the notes where that holds and None on every other session, so
    no one else's private notes ever leave the database.
    """
    mine = permissions.sessions.scope(Who(viewer.pk), "read_private_notes")
    return (
        permissions.sessions.queryset(viewer, "view")
        .defer("private_notes")
        .annotate(
            may_read_private_notes=ExpressionWrapper(mine, output_field=BooleanField()),
            own_private_notes=Case(
                When(mine, then=F("private_notes")),
                default=Value(None),
                output_field=TextField(),
            ),
        )
        .select_related("coach", "teacher", "school")
        .prefetch_related("focus")
        .order_by("-held_on", "-pk")
    )


def usable_session(
    *, coach: User, public_id: uuid.UUID | str, teacher: User | None = None
) -> CoachingSession | None:
    """A session `coach` logged (with `teacher`, if given), to attach its notes or to
    recommend a module from; without its private notes."""
    sessions = (
        permissions.sessions.queryset(coach, "use")
        .defer("private_notes")
        .select_related("teacher")
        .filter(public_id=public_id)
    )
    if teacher is not None:
        sessions = sessions.filter(teacher=teacher)
    return sessions.first()


@dataclass(frozen=True)
class SessionView:
    """What a page may show of a session. `private_notes` is filled only for its author."""

    public_id: uuid.UUID
    coach: User
    held_on: date
    minutes: int
    kind: str
    kind_label: str
    focus: list[Competency]
    shared_notes: str
    next_steps: str
    follow_up_on: date | None
    private_notes: str | None


def sessions_for_teacher_page(
    *, viewer: User, teacher: User, data: QueryDict | None = None
) -> KeysetPage:
    """A keyset page (`data`'s cursor; newest first) of the sessions shown on a teacher's
    page, as `SessionView`s: to the teacher, every session about them with shared notes
    only; to a coach, the sessions they logged, with their private notes."""
    about = SessionFilter(
        {"teacher": teacher.public_id}, visible_sessions(viewer=viewer), viewer=viewer
    ).qs
    # The filter checks the viewer may follow the teacher and joins on the public id;
    # naming the teacher's id as well lets PostgreSQL read session_teacher_idx in order
    # (only a page's rows) rather than every session of the teacher, then sort.
    about = about.filter(teacher=teacher)
    page = keyset_page(about, data=data, ordering=SESSIONS_ORDER, per_page=SESSIONS_PER_PAGE)
    return replace(
        page,
        rows=[
            SessionView(
                public_id=s.public_id,
                coach=s.coach,
                held_on=s.held_on,
                minutes=s.minutes,
                kind=s.kind,
                kind_label=s.get_kind_display(),
                focus=list(s.focus.all()),
                shared_notes=s.shared_notes,
                next_steps=s.next_steps,
                follow_up_on=s.follow_up_on,
                private_notes=s.own_private_notes,
            )
            for s in page.rows
        ],
    )
