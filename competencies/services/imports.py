"""Importing a CASE package: the framework, its competencies and their associations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError

from ..case import CaseItem, CaseLink, CasePackage, label
from ..models import Competency, CompetencyAssociation, Framework
from ..permissions import may_import
from .reports import ImportReport

if TYPE_CHECKING:
    from accounts.models import User

SLUG_MAX_LENGTH = Framework._meta.get_field("slug").max_length
COMPETENCY_FIELDS = [
    "code", "statement", "item_type", "case_uri", "parent", "list_order", "retired_at",
]  # fmt: skip
LINK_FIELDS = [
    "association_type", "origin", "destination", "destination_identifier",
    "destination_uri", "destination_title", "sequence_number",
]  # fmt: skip


class CaseImportError(ServiceError):
    """A package that cannot be imported as asked (unreadable, a taken slug, ...)."""

    code = "case_import"


def check_slug(slug: str | None) -> None:
    if slug is not None and (not slug or slugify(slug) != slug or len(slug) > SLUG_MAX_LENGTH):
        raise CaseImportError(f"'{slug}' is not a valid slug.")


def framework_import_case(
    *,
    actor: User | None,
    package: CasePackage,
    slug: str | None = None,
    actor_label: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Create or update the framework, competencies and associations a package describes.

    The framework is matched by the CFDocument identifier, each competency by its CFItem
    identifier and each association by its identifier, so importing the same package
    again changes nothing and a newer version updates rows in place (their ids, and so
    badge alignments, survive). Competencies the package no longer lists are marked
    retired (kept, not deleted); listed again, they are restored. Associations it no
    longer lists are removed. `dry_run` answers the same report and writes nothing.
    `actor` is None for a command or the seeder: name it with `actor_label`.
    """
    if actor is not None and not may_import(actor):
        raise Forbidden("Importing a framework is for the admins of a district.")
    check_slug(slug)
    with transaction.atomic():
        return _import(
            actor=actor, package=package, slug=slug, actor_label=actor_label, dry_run=dry_run
        )


def _import(
    *, actor: User | None, package: CasePackage, slug: str | None, actor_label: str, dry_run: bool
) -> ImportReport:
    doc = package.document
    found = Framework.objects.filter(case_identifier=doc.identifier)
    framework = (found if dry_run else found.select_for_update()).first()
    framework_created = framework is None
    warnings = package.notes_of("warning")
    if framework is not None and framework.title != doc.title:
        warnings.insert(
            0,
            f"The package reuses the document identifier '{doc.identifier}' of the framework"
            f' "{framework.title}" with another title, "{doc.title}": it updates that'
            " framework.",
        )
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

    existing = {} if framework_created else _existing(framework, lock=not dry_run)
    plan = _plan(existing, package)
    report = ImportReport(
        framework=None if dry_run and framework_created else framework,
        framework_title=doc.title,
        framework_created=framework_created,
        dry_run=dry_run,
        created=[i.label for i in plan["created"]],
        updated=[i.label for i in plan["updated"]],
        unchanged=len(plan["unchanged"]),
        retired=[label(c.code, c.statement) for c in plan["retired"]],
        restored=[i.label for i in plan["restored"]],
        skipped=package.notes_of("skipped"),
        merged=package.notes_of("merged"),
        warnings=warnings,
    )
    if dry_run:
        links = _link_counts(framework, package, existing, framework_created)
        report.associations_created, report.associations_updated = links[:2]
        report.associations_removed = links[2]
        return report

    for name in changed:
        setattr(framework, name, values[name])
    if framework_created:
        framework.save()
    elif changed:
        framework.save(update_fields=[*changed, "updated_at"])
    by_identifier = _apply(framework, package, existing, plan)
    counts = _apply_links(framework, package, by_identifier)
    report.associations_created, report.associations_updated = counts[:2]
    report.associations_removed = counts[2]
    audit_record(
        actor=actor,
        actor_label=actor_label,
        action=AuditAction.FRAMEWORK_IMPORT_CASE,
        target=framework,
        data={"case_identifier": doc.identifier, "version": doc.version, **report.summary()},
    )
    return report


def _existing(framework: Framework, *, lock: bool) -> dict[str, Competency]:
    qs = Competency.objects.filter(framework=framework, case_identifier__isnull=False)
    if lock:
        qs = qs.select_for_update()
    return {c.case_identifier: c for c in qs}


def _wanted(item: CaseItem) -> dict[str, Any]:
    return {
        "code": item.human_coding_scheme,
        "statement": item.full_statement,
        "item_type": item.item_type,
        "case_uri": item.uri,
        "list_order": item.position,
    }


def _plan(existing: dict[str, Competency], package: CasePackage) -> dict[str, list[Any]]:
    """What the import does to each competency; reads nothing."""
    identifier_of = {c.pk: ident for ident, c in existing.items()}
    plan: dict[str, list[Any]] = {
        "created": [], "updated": [], "unchanged": [], "restored": [], "retired": [],
    }  # fmt: skip
    for item in package.items:
        competency = existing.get(item.identifier)
        if competency is None:
            plan["created"].append(item)
            continue
        differs = any(getattr(competency, k) != v for k, v in _wanted(item).items()) or (
            identifier_of.get(competency.parent_id) != item.parent_identifier
        )
        if competency.retired_at is not None:
            plan["restored"].append(item)
        elif differs:
            plan["updated"].append(item)
        else:
            plan["unchanged"].append(item)
    listed = {item.identifier for item in package.items}
    plan["retired"] = [
        c for ident, c in existing.items() if ident not in listed and c.retired_at is None
    ]
    plan["retired"].sort(key=lambda c: (c.list_order, c.code, c.pk))
    return plan


def _apply(
    framework: Framework,
    package: CasePackage,
    existing: dict[str, Competency],
    plan: dict[str, list[Any]],
) -> dict[str, Competency]:
    new = [
        Competency(framework=framework, case_identifier=item.identifier, statement="")
        for item in plan["created"]
    ]
    Competency.objects.bulk_create(new, batch_size=500)
    if any(c.pk is None for c in new):  # databases that do not return ids on bulk insert
        created_ids = [c.case_identifier for c in new]
        new = list(Competency.objects.filter(framework=framework, case_identifier__in=created_ids))
    by_identifier = {**existing, **{c.case_identifier: c for c in new}}

    touched = {i.identifier for key in ("created", "updated", "restored") for i in plan[key]}
    changed = []
    for item in package.items:
        if item.identifier not in touched:
            continue
        competency = by_identifier[item.identifier]
        for name, value in _wanted(item).items():
            setattr(competency, name, value)
        parent = by_identifier.get(item.parent_identifier) if item.parent_identifier else None
        competency.parent = parent
        competency.retired_at = None
        changed.append(competency)
    Competency.objects.bulk_update(changed, COMPETENCY_FIELDS, batch_size=500)
    if plan["retired"]:
        Competency.objects.filter(pk__in=[c.pk for c in plan["retired"]]).update(
            retired_at=timezone.now()
        )
    return by_identifier


def _link_scalars(link: CaseLink) -> dict[str, Any]:
    return {
        "association_type": link.association_type,
        "destination_identifier": link.destination_identifier,
        "destination_uri": link.destination_uri,
        "destination_title": link.destination_title,
        "sequence_number": link.sequence_number,
    }


def _link_values(link: CaseLink, by_identifier: dict[str, Competency]) -> dict[str, Any]:
    destination = by_identifier.get(link.destination_item) if link.destination_item else None
    return {
        **_link_scalars(link),
        "origin": by_identifier[link.origin_identifier],
        "destination": destination,
    }


def _link_counts(
    framework: Framework,
    package: CasePackage,
    existing: dict[str, Competency],
    framework_created: bool,
) -> tuple[int, int, int]:
    """(created, updated, removed) associations, without writing."""
    if framework_created:
        return len(package.links), 0, 0
    pk_of = {ident: c.pk for ident, c in existing.items()}
    current = {
        a.case_identifier: a for a in CompetencyAssociation.objects.filter(framework=framework)
    }
    created = updated = 0
    for link in package.links:
        found = current.get(link.identifier)
        if found is None:
            created += 1
            continue
        same = all(getattr(found, k) == v for k, v in _link_scalars(link).items())
        same = same and found.origin_id == pk_of.get(link.origin_identifier)
        destination = pk_of.get(link.destination_item) if link.destination_item else None
        if not same or found.destination_id != destination:
            updated += 1
    listed = {link.identifier for link in package.links}
    return created, updated, sum(1 for ident in current if ident not in listed)


def _apply_links(
    framework: Framework, package: CasePackage, by_identifier: dict[str, Competency]
) -> tuple[int, int, int]:
    current = {
        a.case_identifier: a
        for a in CompetencyAssociation.objects.select_for_update().filter(framework=framework)
    }
    new, changed = [], []
    for link in package.links:
        values = _link_values(link, by_identifier)
        found = current.get(link.identifier)
        if found is None:
            new.append(
                CompetencyAssociation(
                    framework=framework, case_identifier=link.identifier, **values
                )
            )
            continue
        differs = [k for k, v in values.items() if getattr(found, k) != v]
        if differs:
            for name, value in values.items():
                setattr(found, name, value)
            changed.append(found)
    CompetencyAssociation.objects.bulk_create(new, batch_size=500)
    CompetencyAssociation.objects.bulk_update(changed, LINK_FIELDS, batch_size=500)
    listed = {link.identifier for link in package.links}
    stale = [a.pk for ident, a in current.items() if ident not in listed]
    if stale:
        CompetencyAssociation.objects.filter(pk__in=stale).delete()
    return len(new), len(changed), len(stale)


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
