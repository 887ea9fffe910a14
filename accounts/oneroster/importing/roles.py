"""OneRoster roles → Cairn memberships: which roles Cairn imports, and roles.csv (1.2).

OneRoster 1.1 names a person's role and organizations on their users.csv line;
1.2 gives each (person, organization, role) a line of roles.csv. Both become the same
memberships. Guardians, parents, relatives, aides, proctors and counselors are not
imported: Cairn holds no accounts for them.
"""

from __future__ import annotations

from typing import Any

from ...models import Membership, RosterRecord
from .base import CHUNK, TO_BE_DELETED, FileImporter, Line, Refused

ORG = RosterRecord.Kind.ORG
USER = RosterRecord.Kind.USER
Role = Membership.Role

ROLES = {
    "student": Role.STUDENT,
    "teacher": Role.TEACHER,
    "administrator": Role.ADMIN,
    "districtadministrator": Role.ADMIN,
    "siteadministrator": Role.ADMIN,
    "systemadministrator": Role.ADMIN,
    "principal": Role.ADMIN,
}
NO_ACCOUNTS = ("guardian", "parent", "relative")
# A role record's data: did the roster make its membership (else it found one, made in
# the console, and never ends it)?
MADE = "_made"


def membership_role(value: str, column: str = "role") -> str:
    """The membership a OneRoster role becomes; `Refused` for one Cairn does not import."""
    role = value.strip()
    found = ROLES.get(role.lower())
    if found is not None:
        return found
    if not role:
        raise Refused(f"no role (column {column})")
    if role.lower() in NO_ACCOUNTS:
        raise Refused(
            f"role {role!r} is not imported: Cairn holds no guardian, parent or relative "
            f"accounts (column {column})"
        )
    raise Refused(
        f"role {role!r} is not imported: Cairn imports students, teachers and "
        f"administrators (column {column})"
    )


def importable(value: str) -> bool:
    return value.strip().lower() in ROLES


class RoleImporter(FileImporter):
    """roles.csv (OneRoster 1.2): one membership per line."""

    kind = RosterRecord.Kind.ROLE
    table = "roles"

    def prepare(self, lines: list[Line]) -> None:
        self.users = self.run.records(USER, [line.get("userSourcedId") for line in lines])
        self.orgs = self.run.records(ORG, [line.get("orgSourcedId") for line in lines])
        user_ids = {r.user_id for r in self.users.values() if r.user_id}
        self.existing = {
            (m.user_id, m.organization_id, m.role): m
            for m in Membership.objects.filter(user_id__in=user_ids)
        }
        self.new: dict[tuple[int, int, str], Membership] = {}

    def linked(self, record: RosterRecord) -> bool:
        return record.membership_id is not None

    def check(self, line: Line) -> None:
        membership_role(line.get("role"))
        user = line.get("userSourcedId")
        if not user:
            raise Refused("no userSourcedId (column userSourcedId)")
        if not self.run.known(USER, user, self.users):
            raise Refused(
                f"userSourcedId {user!r}: no such person (never imported, or their "
                "users.csv line was refused) (column userSourcedId)"
            )
        record = self.users.get(user)
        if user not in self.run.accepted.get(USER, {}) and (record is None or not record.user_id):
            raise Refused("this person's account is not active in the roster")
        org = line.get("orgSourcedId")
        if not org:
            raise Refused("no orgSourcedId (column orgSourcedId)")
        if not self.run.known(ORG, org, self.orgs) or (
            org in self.orgs and self.orgs[org].organization_id is None
        ):
            raise Refused(
                f"orgSourcedId {org!r} is not the district or one of its schools "
                "(column orgSourcedId)"
            )

    def write(self, line: Line) -> dict[str, Any]:
        if self.run.dry_run:
            return {}
        user = self.users[line.get("userSourcedId")]
        org = self.orgs[line.get("orgSourcedId")]
        if user.user_id is None or user.status == TO_BE_DELETED:  # checked; a safeguard
            raise Refused("this person's account is not active in the roster")
        key = (user.user_id, org.organization_id, membership_role(line.get("role")))
        record = line.record
        made_before = (
            record is not None and record.membership_id is not None and record.data.get(MADE)
        )
        membership = self.existing.get(key) or self.new.get(key)
        if membership is None:
            membership = Membership(user_id=key[0], organization_id=key[1], role=key[2])
            self.new[key] = membership
            made = True
        else:
            made = bool(made_before and record.membership_id == membership.pk) or (key in self.new)
        if made_before and record.membership_id != membership.pk:
            self._end(record)  # moved to another organization, or another role
        line.data[MADE] = made
        return {"membership": membership, "user_id": user.user_id}

    def _end(self, record: RosterRecord) -> None:
        """End the membership `record` made, unless another live role line gives it."""
        others = (
            RosterRecord.objects.filter(
                district=self.run.district, kind=self.kind, membership_id=record.membership_id
            )
            .exclude(pk=record.pk)
            .exclude(status=TO_BE_DELETED)
        )
        if not others.exists():
            _, deleted = Membership.objects.filter(pk=record.membership_id).delete()
            self.run.memberships_ended += deleted.get(Membership._meta.label, 0)

    def remove(self, line: Line) -> dict[str, Any]:
        """The person no longer holds the role there: the membership the roster made
        ends, unless another roles.csv line still gives it; one it found (made in the
        console) stays. The record is kept."""
        record = line.record
        if self.run.dry_run or record is None or record.membership_id is None:
            return {}
        if record.data.get(MADE):
            self._end(record)
        return {"membership": None}

    def flush(self) -> None:
        if self.new:
            Membership.objects.bulk_create(list(self.new.values()), batch_size=CHUNK)
