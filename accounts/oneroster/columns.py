"""The OneRoster CSV tables Cairn reads and their columns (1EdTech OneRoster 1.1 and 1.2
CSV bindings), and how a header cell is read onto a column name.

Rows are keyed by the 1.2 column names. 1.1 names that differ are mapped onto them;
the two 1.1 users.csv columns 1.2 moved to roles.csv (`role`, `orgSourcedIds`) keep
their 1.1 names (no 1.2 column has them). Unknown columns are dropped; `ext_*` /
`metadata.*` columns are kept under their own name (stored with the record).
"""

from __future__ import annotations

import re

# The tables, in the order they are imported (a table refers only to earlier ones).
TABLES: tuple[str, ...] = (
    "orgs",
    "academicSessions",
    "courses",
    "classes",
    "users",
    "roles",
    "demographics",
    "enrollments",
)

_COMMON = ("sourcedId", "status", "dateLastModified")

COLUMNS: dict[str, tuple[str, ...]] = {
    "orgs": (*_COMMON, "name", "type", "identifier", "parentSourcedId"),
    "academicSessions": (
        *_COMMON,
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ),
    "courses": (
        *_COMMON,
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ),
    "classes": (
        *_COMMON,
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ),
    "demographics": (
        *_COMMON,
        "birthDate",
        "sex",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "countryOfBirthCode",
        "stateOfBirthCode",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ),
    "users": (
        *_COMMON,
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
        # OneRoster 1.1 only (1.2 moved them to roles.csv).
        "role",
        "orgSourcedIds",
    ),
    "roles": (
        *_COMMON,
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ),
    "enrollments": (
        *_COMMON,
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),
}

# Other names for a column: OneRoster 1.1's, and the REST binding's (JSON) where the
# CSV binding names it otherwise.
ALIASES: dict[str, dict[str, str]] = {
    "users": {
        "preferredFirstName": "preferredGivenName",
        "preferredLastName": "preferredFamilyName",
        "orgSourcedId": "orgSourcedIds",
    },
    "demographics": {"stateOfBirthAbbreviation": "stateOfBirthCode"},
}

EXTENSION_PREFIXES = ("ext_", "ext.", "metadata.")


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).lower()


_LOOKUP: dict[str, dict[str, str]] = {
    table: {
        **{_key(alias): name for alias, name in ALIASES.get(table, {}).items()},
        **{_key(name): name for name in names},
    }
    for table, names in COLUMNS.items()
}


def column_of(table: str, header: str) -> str | None:
    """The column a header cell names: its 1.2 name, an `ext_` / `metadata.` column
    under its own (trimmed) name, or None for a column Cairn does not read."""
    cell = header.strip().lstrip("\ufeff").strip().strip('"').strip()
    if not cell:
        return None
    if cell.lower().startswith(EXTENSION_PREFIXES):
        return cell
    return _LOOKUP[table].get(_key(cell))


def table_of(file_name: str) -> str | None:
    """The table a file in a package holds (`Users.CSV` → `users`), or None."""
    if not file_name.lower().endswith(".csv"):
        return None
    stem = _key(file_name[:-4])
    for table in (*TABLES, "manifest"):
        if _key(table) == stem:
            return table
    return None
