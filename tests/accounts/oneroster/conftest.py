import datetime
from pathlib import Path

import pytest
import time_machine

from accounts.models import Organization
from accounts.oneroster import read_package, roster_import
from tests.accounts.factories import DistrictFactory

DATA = Path(__file__).parent / "data"
# The test packages' ages are as of this day (a student born 2009-03-14 is 17).
TODAY = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


@pytest.fixture
def riverbend(db) -> Organization:
    return DistrictFactory(name="Riverbend Unified School District", slug="riverbend")


@pytest.fixture
def cedar_falls(db) -> Organization:
    return DistrictFactory(name="Cedar Falls Public Schools", slug="cedar-falls")


def import_folder(name: str, district: Organization, **kwargs):
    return roster_import(
        actor=kwargs.pop("actor", None),
        district=district,
        package=read_package(DATA / name),
        **kwargs,
    )


def counts(report, file_name: str) -> dict:
    """A file's counts, leaving out the outcomes at 0."""
    return {k: v for k, v in report.by_file[file_name].items() if v}


def reasons(report, file_name: str | None = None) -> dict:
    """{sourcedId or line: reason} of the refused lines (of one file)."""
    return {
        p.sourced_id or p.line: p.reason
        for p in report.problems
        if file_name is None or p.file_name == file_name
    }
