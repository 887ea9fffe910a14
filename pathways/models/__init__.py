"""Pathways' tables: pathways and their requirement trees, alerts when a constituent of a
held pathway badge is revoked (`pathway`), and bulk-award jobs from a CSV upload
(`bulk`)."""

from .bulk import BulkAwardJob, BulkAwardLine
from .pathway import Pathway, PathwayAlert, PathwayRequirement

__all__ = ["BulkAwardJob", "BulkAwardLine", "Pathway", "PathwayAlert", "PathwayRequirement"]
