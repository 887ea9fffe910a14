"""Writes for competencies: importing CASE frameworks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.text import slugify

from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError

from .case import CasePackage
from .models import Competency, Framework

if TYPE_CHECKING:
    from accounts.models import User

SLUG_MAX_LENGTH = Framework._meta.get_field("slug").max_length
COMPETENCY_FIELDS = ["code", "statement", "item_type", "case_uri", "parent", "list_order"]
FRAMEWORK_FIELDS = ["title", "creator", "description", "version", "case_uri", "last_change"]


class CaseImportError(ServiceError):
    code = "case_import"

    """A well-formed package that cannot be imported as asked (e.g. a taken slug)."""


@dataclass(frozen=True)
class ImportResult:
    framework: Framework
    framework_created: bool
    created: int  # competencies new in this import
    updated: int  # existing competencies whose statement, code, type, parent or order changed
    unchanged: int
    missing: int  # competencies absent from this version: kept, not deleted


@transaction.atomic
def framework_import_case(
    *,
    actor: User | None,
    package: CasePackage,
    slug: str | None = None,
    actor_label: str = "",
) -> ImportResult:
    """Create or update the framework and competencies a CASE package describes.

    The framework is matched by the CFDocument identifier and each competency by
    its CFItem identifier, so importing a newer version updates rows in place
    (their primary and public ids, and so badge alignments, survive). Items the
    new version no longer has are kept unchanged and counted as `missing`.
    `slug` names a new framework (default: the title, made unique) or renames an
    existing one. `actor` is None for a command or the seeder: name it with
    `actor_label`.
    """
    if actor is not None and not actor.has_perm("competencies.add_framework"):
        raise Forbidden("Importing a CASE framework needs the add framework permission.")
    if slug is not None and (not slug or slugify(slug) != slug or len(slug) > SLUG_MAX_LENGTH):
        raise CaseImportError(f"'{slug}' is not a valid slug.")

    doc = package.document
    framework = Framework.objects.select_for_update().filter(case_identifier=doc.identifier).first()
    framework_created = framework is None
    if framework is None:
        framework = Framework(case_identifier=doc.identifier)
    values: dict[str, object] = {
        "title": doc.title,
        "creator": doc.creator,
        "description": doc.description,
        "version": doc.version,
        "case_uri": doc.uri,
        "last_change": doc.last_change,
    }
    if slug is not None:
        if Framework.objects.filter(slug=slug).exclude(pk=framework.pk).exists():
            raise CaseImportError(f"The slug '{slug}' is taken by another framework.")
        values["slug"] = slug
    elif framework_created:
        values["slug"] = _unique_slug(doc.title)
    changed = [name for name, value in values.items() if getattr(framework, name) != value]
    for name in changed:
        setattr(framework, name, values[name])
    if framework_created:
        framework.save()
    elif changed:
        framework.save(update_fields=[*changed, "updated_at"])

    counts = _import_competencies(framework=framework, package=package)
    audit_record(
        actor=actor,
        actor_label=actor_label,
        action=AuditAction.FRAMEWORK_IMPORT_CASE,
        target=framework,
        data={
            "case_identifier": doc.identifier,
            "version": doc.version,
            "framework_created": framework_created,
            **counts,
        },
    )
    return ImportResult(framework=framework, framework_created=framework_created, **counts)


def _import_competencies(*, framework: Framework, package: CasePackage) -> dict[str, int]:
    existing = {
        c.case_identifier: c
        for c in Competency.objects.select_for_update().filter(
            framework=framework, case_identifier__isnull=False
        )
    }
    new = [
        Competency(
            framework=framework,
            case_identifier=item.identifier,
            statement=item.full_statement,
        )
        for item in package.items
        if item.identifier not in existing
    ]
    Competency.objects.bulk_create(new)
    created_ids = {c.case_identifier for c in new}
    if any(c.pk is None for c in new):  # databases that do not return ids on bulk insert
        new = list(Competency.objects.filter(framework=framework, case_identifier__in=created_ids))
    by_identifier = {**existing, **{c.case_identifier: c for c in new}}

    changed: list[Competency] = []
    updated = unchanged = 0
    for item in package.items:
        competency = by_identifier[item.identifier]
        parent = by_identifier[item.parent_identifier] if item.parent_identifier else None
        wanted = {
            "code": item.human_coding_scheme,
            "statement": item.full_statement,
            "item_type": item.item_type,
            "case_uri": item.uri,
            "parent_id": parent.pk if parent is not None else None,
            "list_order": item.position,
        }
        differs = [name for name, value in wanted.items() if getattr(competency, name) != value]
        if differs:
            for name, value in wanted.items():
                setattr(competency, name, value)
            changed.append(competency)
        if item.identifier in created_ids:
            continue
        if differs:
            updated += 1
        else:
            unchanged += 1
    Competency.objects.bulk_update(changed, COMPETENCY_FIELDS, batch_size=500)

    in_package = {item.identifier for item in package.items}
    return {
        "created": len(created_ids),
        "updated": updated,
        "unchanged": unchanged,
        "missing": sum(1 for identifier in existing if identifier not in in_package),
    }


def _unique_slug(title: str) -> str:
    """slugify(title), with -2, -3, ... appended if it is taken; never too long."""
    base = slugify(title).strip("-") or "framework"
    candidate = base[:SLUG_MAX_LENGTH].strip("-")
    taken = set(
        Framework.objects.filter(slug__startswith=base[: SLUG_MAX_LENGTH - 8]).values_list(
            "slug", flat=True
        )
    )
    n = 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].strip("-") + suffix
    return candidate
