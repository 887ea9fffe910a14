"""The status of a roster import (`RosterImport.status`) and the reads its pages share.

    previewed --start--> running --finish--> done
                            \\------fail----> failed

An upload is kept "previewed" (its dry run's counts and refused lines) until an admin
confirms it; a pull from the SIS starts "running". Only the run moves a job on.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.workflow import Move, Workflow

from ...models import Organization, RosterConnection, RosterImport, RosterImportProblem
from ..permissions import imports_visible_to, roster_imports

Status = RosterImport.Status

ROSTER_IMPORT_FLOW = Workflow(
    "roster import",
    Status,
    [
        Move("start", Status.RUNNING, frm=[Status.PREVIEWED], label="Import"),
        Move("finish", Status.DONE, frm=[Status.RUNNING], label="Finish"),
        Move("fail", Status.FAILED, frm=[Status.RUNNING], label="Fail"),
    ],
)
RUN_LABEL = "roster import"
NIGHTLY_LABEL = "nightly roster pull"


def districts_for(user: Any) -> QuerySet[Organization]:
    """The districts whose roster `user` may import, by name."""
    return roster_imports.queryset(user, "administer").order_by("name", "pk")


def imports_of(*, user: Any, district: Organization) -> QuerySet[RosterImport]:
    """`district`'s imports, newest first, if `user` may see them (else none)."""
    return (
        imports_visible_to(user)
        .filter(district=district)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def import_for(*, user: Any, public_id: Any) -> RosterImport | None:
    """One import `user` may see, or None (the page answers 404)."""
    return (
        imports_visible_to(user)
        .select_related("district", "actor")
        .filter(public_id=public_id)
        .first()
    )


def problems_of(job: RosterImport) -> QuerySet[RosterImportProblem]:
    return job.problems.order_by("file_name", "line", "pk")


def connection_of(*, user: Any, district: Organization) -> RosterConnection | None:
    """`district`'s SIS connection with its last pull, if `user` may import its roster."""
    return (
        RosterConnection.objects.filter(
            district=district,
            district__in=roster_imports.queryset(user, "administer").values("pk"),
        )
        .select_related("last_import")
        .first()
    )
