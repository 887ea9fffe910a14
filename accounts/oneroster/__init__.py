"""1EdTech OneRoster 1.1 / 1.2 roster import: CSV packages (zip or folder, bulk or
delta) and the SIS's REST API, into organizations, people, memberships and sections.

    pkg = read_package(source)          # a .zip / folder path, or a zip file object
    report = roster_import(actor=..., district=..., package=pkg, dry_run=False)
"""

from .importing import roster_import
from .package import PackageError, RosterPackage, Row, Table, read_package
from .report import Problem, RosterReport

__all__ = [
    "PackageError",
    "Problem",
    "RosterPackage",
    "RosterReport",
    "Row",
    "Table",
    "read_package",
    "roster_import",
]
