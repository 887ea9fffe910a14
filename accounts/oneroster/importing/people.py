"""users.csv → accounts (and, from a 1.1 users.csv, their memberships);
demographics.csv → birth dates, which make a student a minor by the district's rule.

An import never takes over, changes or deactivates a staff or superuser account, nor
one that belongs (by a membership) to an organization outside the district; it never
makes two accounts for one address, and never makes a superuser.
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower

from ...models import DistrictSettings, Membership, RosterRecord, User
from ...scopes import district_claimable_q
from .base import CHUNK, FileImporter, Line, Refused, Run, parse_day
from .roles import importable, membership_role

USER = RosterRecord.Kind.USER
ORG = RosterRecord.Kind.ORG
DEMOGRAPHICS = RosterRecord.Kind.DEMOGRAPHICS
Rule = DistrictSettings.MinorRule
ADULT_GRADES = frozenset({"13", "PS"})
# A 1.1 person's record: the memberships ([organization id, role]) its lines made.
MADE = "_memberships"


def is_minor_by_rule(
    settings: DistrictSettings,
    *,
    birth_date: datetime.date | None,
    grades: list[str],
    today: datetime.date,
) -> bool:
    """Is a student a minor, by the district's rule (`DistrictSettings.minor_rule`)?"""
    if settings.minor_rule == Rule.ALL_STUDENTS:
        return True
    if birth_date is not None:
        years = (
            today.year
            - birth_date.year
            - ((today.month, today.day) < (birth_date.month, birth_date.day))
        )
        return years < settings.age_of_majority
    if settings.minor_rule == Rule.BIRTH_DATE_OR_GRADE:
        return not ADULT_GRADES.intersection(g.upper() for g in grades)
    return True


def birth_date_of(data: dict[str, str]) -> datetime.date | None:
    try:
        return parse_day(data.get("birthDate", ""), "birthDate")
    except Refused:
        return None


def package_roles(run: Run) -> dict[str, list[tuple[str, str]]]:
    """OneRoster 1.2: each person's (role, orgSourcedId) in this package's roles.csv
    (its active lines)."""
    found: dict[str, list[tuple[str, str]]] = {}
    table = run.package_tables.get("roles")
    for row in table.rows if table is not None else []:
        if row.fields.get("status", "").lower() != "tobedeleted":
            found.setdefault(row.fields.get("userSourcedId", ""), []).append(
                (row.fields.get("role", "").strip(), row.fields.get("orgSourcedId", ""))
            )
    return found


class UserImporter(FileImporter):
    kind = USER
    table = "users"

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.roles = package_roles(run)
        self.emails: dict[str, tuple[str, int]] = {}  # address -> (sourcedId, line)
        # Birth dates come from this package's demographics.csv (imported after the
        # people it describes), else from the one imported before.
        table = run.package_tables.get("demographics")
        self.package_births = {
            row.fields.get("sourcedId", ""): row.fields for row in (table.rows if table else [])
        }
        self.today = run.now.date()

    def prepare(self, lines: list[Line]) -> None:
        run = self.run
        emails = {line.get("email").lower() for line in lines if line.get("email")}
        linked_ids = {line.record.user_id for line in lines if line.record and line.record.user_id}
        found = User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
        self.by_email = {u.email.lower(): u for u in found}
        self.accounts = {u.pk: u for u in User.objects.filter(pk__in=linked_ids)}
        self.accounts.update({u.pk: u for u in self.by_email.values()})
        ids = set(self.accounts)
        # Accounts the district may not take over (accounts.scopes.district_may_claim:
        # staff, superusers, people with a role outside the district), in one query.
        self.foreign = ids - set(
            User.objects.filter(district_claimable_q(run.district.pk), pk__in=ids).values_list(
                "pk", flat=True
            )
        )
        self.students = set(
            Membership.objects.filter(
                user_id__in=ids, organization_id__in=run.org_ids, role=Membership.Role.STUDENT
            ).values_list("user_id", flat=True)
        )
        self.record_of = dict(
            RosterRecord.objects.filter(
                district=run.district, kind=USER, user_id__in=ids
            ).values_list("user_id", "sourced_id")
        )
        orgs = [o for line in lines for o in line.values("orgSourcedIds")]
        orgs += [org for line in lines for _, org in self.roles.get(line.sid, [])]
        # Accounts someone else holds: an unverified address, or a sign-in through a
        # provider. The roster adopts them only if it made them.
        self.held = set(
            EmailAddress.objects.filter(user_id__in=ids, verified=False).values_list(
                "user_id", flat=True
            )
        ) | set(SocialAccount.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
        self.held_memberships = {
            (m.user_id, m.organization_id, m.role)
            for m in Membership.objects.filter(user_id__in=ids)
        }
        self.orgs = run.records(ORG, orgs)
        self.births = run.records(DEMOGRAPHICS, [line.sid for line in lines])
        self.new_users: list[User] = []
        self.changed: dict[int, tuple[User, set[str]]] = {}
        self.memberships: list[Membership] = []
        self.ended: list[tuple[User, int, str]] = []

    def linked(self, record: RosterRecord) -> bool:
        return record.user_id is not None

    # Checks --------------------------------------------------------------------------

    def _roles(self, line: Line) -> list[str]:
        if self.run.version == "1.1" or line.get("role"):
            return [membership_role(line.get("role"))]
        given = self.roles.get(line.sid, [])
        kept = [membership_role(r) for r, org in given if importable(r) and self._org_ok(org)]
        if not kept and given:
            if any(importable(r) for r, _ in given):
                raise Refused(
                    "roles.csv gives this person roles only at organizations that are not "
                    f"{self.run.district.name} or one of its schools"
                )
            membership_role(given[0][0], "role of roles.csv")  # raises with the reason
        if not kept and line.record is None:
            raise Refused(
                "no role for this person in roles.csv; Cairn imports students, teachers and "
                "administrators"
            )
        return kept

    def _account(self, line: Line, email: str) -> User | None:
        record = line.record
        account = self.accounts.get(record.user_id) if record and record.user_id else None
        holder = self.by_email.get(email)
        if account is None:
            account = holder
        elif holder is not None and holder.pk != account.pk:
            raise Refused(
                f"e-mail {email} is the address of another account; one address is one "
                "account, so this person's address is not changed (column email)"
            )
        if account is None:
            return None
        if account.is_superuser or account.is_staff:
            raise Refused(
                f"{email} is a staff or superuser account in Cairn; the roster never changes it"
            )
        if account.pk in self.foreign:
            raise Refused(
                f"{email} belongs to an organization outside {self.run.district.name}; the "
                "roster of one district never takes over another's account"
            )
        other = self.record_of.get(account.pk)
        if other is not None and other != line.sid:
            raise Refused(f"{email} is already the account of sourcedId {other!r} in this roster")
        if other is None and account.pk in self.held:
            raise Refused(
                f"{email} is the address of a Cairn account the roster did not make, and its "
                "owner has not confirmed the address or signs in through another service; the "
                "roster does not take it over. Ask the person to sign in to Cairn with it, "
                "or an admin to add them to the district"
            )
        return account

    def _org_ok(self, sid: str) -> bool:
        record = self.orgs.get(sid)
        return self.run.known(ORG, sid, self.orgs) and (
            record is None or bool(record.organization_id)
        )

    def _org_ids(self, line: Line) -> list[int | None]:
        found = []
        for sid in line.values("orgSourcedIds"):
            record = self.orgs.get(sid)
            if not self.run.known(ORG, sid, self.orgs) or (record and not record.organization_id):
                raise Refused(
                    f"orgSourcedIds {sid!r} is not the district or one of its schools "
                    "(column orgSourcedIds)"
                )
            found.append(record.organization_id if record else None)
        if not found:
            raise Refused("no organization (column orgSourcedIds)")
        return found

    def check(self, line: Line) -> None:
        email = line.get("email").lower()
        if not email:
            raise Refused("no e-mail address (column email); Cairn signs people in by address")
        try:
            validate_email(email)
        except ValidationError:
            raise Refused(
                f"{line.get('email')!r} is not an e-mail address (column email)"
            ) from None
        if email in self.emails:
            sid, number = self.emails[email]
            raise Refused(f"{email} is also the address of sourcedId {sid!r} (line {number})")
        roles = self._roles(line)
        if self.run.version == "1.1":
            self._org_ids(line)
        line.found.update(roles=roles, account=self._account(line, email))
        self.emails[email] = (line.sid, line.row.line)

    # Writes --------------------------------------------------------------------------

    def _values(self, line: Line, student: bool) -> dict[str, Any]:
        given = line.get("preferredGivenName") or line.get("givenName")
        values: dict[str, Any] = {
            "email": line.get("email").lower(),
            "is_active": line.get("enabledUser").lower() not in ("false", "0", "no"),
        }
        name = " ".join(p for p in (given, line.get("familyName")) if p)[:150]
        if name:
            values["name"] = name
        if student:
            found = self.package_births.get(line.sid)
            if found is None:
                found = self.births[line.sid].data if line.sid in self.births else {}
            birth = birth_date_of(found)
            values["is_minor"] = is_minor_by_rule(
                self.run.settings, birth_date=birth, grades=line.values("grades"), today=self.today
            )
        return values

    def write(self, line: Line) -> dict[str, Any]:
        account: User | None = line.found["account"]
        roles: list[str] = line.found["roles"]
        student = Membership.Role.STUDENT in roles or (
            account is not None and account.pk in self.students
        )
        values = self._values(line, student)
        links = {"identifier": line.get("identifier")[:255], "username": line.get("username")[:255]}
        if self.run.dry_run:
            return links
        if account is None:
            account = User(**values)
            account.set_unusable_password()
            self.new_users.append(account)
        else:
            self._change(account, values)
        if self.run.version == "1.1":
            line.data[MADE] = self._memberships_of(line, account, roles)
        return {**links, "user": account}

    def _memberships_of(self, line: Line, account: User, roles: list[str]) -> list[list[Any]]:
        """A 1.1 line's memberships: those it names are made (if missing); those the
        record made before and the line no longer names end. A membership the roster
        did not make (an admin's, in the console) is never ended."""
        record = line.record
        before = {(o, r) for o, r in (record.data.get(MADE, []) if record else [])}
        named = {(o, r) for o in self._org_ids(line) for r in roles}
        made = set()
        for org_id, role in sorted(named):
            if account.pk is not None and (account.pk, org_id, role) in self.held_memberships:
                if (org_id, role) in before:
                    made.add((org_id, role))
                continue
            self.memberships.append(Membership(user=account, organization_id=org_id, role=role))
            made.add((org_id, role))
        for org_id, role in before - named:
            self.ended.append((account, org_id, role))
        return [[o, r] for o, r in sorted(made)]

    def _change(self, account: User, values: dict[str, Any]) -> None:
        fields = {k for k, v in values.items() if getattr(account, k) != v}
        for name in fields:
            setattr(account, name, values[name])
        if fields:
            _, before = self.changed.get(account.pk, (account, set()))
            self.changed[account.pk] = (account, before | fields)

    def remove(self, line: Line) -> dict[str, Any]:
        """Deactivated, never deleted: badges, evidence, history, memberships stay."""
        record = line.record
        account = self.accounts.get(record.user_id) if record and record.user_id else None
        if account is None and record is not None and record.user_id:
            account = User.objects.filter(pk=record.user_id).first()
        if account is not None:
            if account.is_staff or account.is_superuser or account.pk in self.foreign:
                raise Refused(
                    f"{account.email} is a staff account or belongs to an organization outside "
                    "the district; the roster does not deactivate it"
                )
            if not self.run.dry_run:
                self._change(account, {"is_active": False})
        return {}

    def flush(self) -> None:
        if self.new_users:
            User.objects.bulk_create(self.new_users, batch_size=CHUNK)
        by_fields: dict[frozenset[str], list[User]] = {}
        for account, fields in self.changed.values():
            by_fields.setdefault(frozenset(fields), []).append(account)
        for fields, accounts in by_fields.items():
            User.objects.bulk_update(accounts, sorted(fields), batch_size=CHUNK)
        if self.ended:
            gone = Q()
            for account, org_id, role in self.ended:
                gone |= Q(user_id=account.pk, organization_id=org_id, role=role)
            _, deleted = Membership.objects.filter(gone).delete()
            self.run.memberships_ended += deleted.get(Membership._meta.label, 0)
        if self.memberships:
            Membership.objects.bulk_create(
                self.memberships, batch_size=CHUNK, ignore_conflicts=True
            )


class DemographicsImporter(FileImporter):
    """Birth dates (and the rest, kept with the record). users.csv reads the birth
    dates of the same package as it goes; a changed birth date of a student imported
    before re-decides whether they are a minor."""

    kind = DEMOGRAPHICS
    table = "demographics"

    def prepare(self, lines: list[Line]) -> None:
        self.users = self.run.records(USER, [line.sid for line in lines], related=("user",))
        ids = [r.user_id for r in self.users.values() if r.user_id]
        self.students = set(
            Membership.objects.filter(
                user_id__in=ids, organization_id__in=self.run.org_ids, role=Membership.Role.STUDENT
            ).values_list("user_id", flat=True)
        )
        self.changed: list[User] = []

    def check(self, line: Line) -> None:
        parse_day(line.get("birthDate"), "birthDate")
        if not self.run.known(USER, line.sid, self.users):
            raise Refused(
                "no such person: demographics are kept for the people of users.csv (by "
                "their sourcedId), and this one was never imported or was refused"
            )

    def write(self, line: Line) -> dict[str, Any]:
        record = self.users.get(line.sid)
        account = record.user if record is not None else None
        if account is None or account.pk not in self.students:
            return {"user": account}
        minor = is_minor_by_rule(
            self.run.settings,
            birth_date=birth_date_of(line.data),
            grades=[g.strip() for g in record.data.get("grades", "").split(",")],
            today=self.run.now.date(),
        )
        if minor != account.is_minor and not account.is_staff and not account.is_superuser:
            account.is_minor = minor
            self.changed.append(account)
        return {"user": account}

    def flush(self) -> None:
        if self.changed:
            User.objects.bulk_update(self.changed, ["is_minor"], batch_size=CHUNK)
