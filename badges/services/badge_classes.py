"""Creating badge classes, setting their images (checked by content), moving them
through their workflow (`badges.workflow.BADGE_CLASS_FLOW`) and saying what they are
taught in (the curriculum links that route evidence to section teachers)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from accounts import scopes
from accounts.models import Section, User
from competencies.models import Competency
from core.audit import AuditAction, audit_record
from core.errors import Forbidden
from core.slugs import unique_slug

from .. import permissions
from ..errors import BadgeError
from ..models import BadgeClass, CurriculumLink, Issuer
from ..openbadges.images import ImageRejected, check_badge_image
from ..workflow import BADGE_CLASS_FLOW


def badge_class_set_image(
    *, actor: User | None, badge_class: BadgeClass, data: bytes, actor_label: str = ""
) -> BadgeClass:
    """Check the image by content (SVG sanitized) and store it on the badge class."""
    if actor is not None and not permissions.can_manage_badge_class(actor, badge_class):
        raise Forbidden("You may not change this badge.")
    try:
        checked = check_badge_image(data, max_bytes=settings.BADGE_IMAGE_MAX_BYTES)
    except ImageRejected as exc:
        raise BadgeError(str(exc), code="bad_image") from exc
    with transaction.atomic():
        badge_class.image_type = checked.kind
        badge_class.image.save(f"image.{checked.kind}", ContentFile(checked.content), save=False)
        if badge_class.pk:
            badge_class.save(update_fields=["image", "image_type", "updated_at"])
        else:
            badge_class.save()
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.BADGECLASS_SET_IMAGE,
            target=badge_class,
            data={"kind": checked.kind, "bytes": len(checked.content)},
        )
    return badge_class


def badge_class_create(
    *,
    actor: User | None,
    issuer: Issuer,
    slug: str = "",
    name: str,
    description: str,
    criteria_narrative: str,
    audience: str,
    image: bytes,
    status: str = BadgeClass.Status.DRAFT,
    actor_label: str = "",
    **extra: object,
) -> BadgeClass:
    """Create a badge class with a checked image (a refused image is a `BadgeError`
    with code "bad_image" and nothing is saved). Without a slug, one is made from the
    name that no badge uses yet."""
    if actor is not None and not permissions.can_award(actor, issuer):
        raise Forbidden("You may not create badges for this issuer.")
    slug = (slug or "").strip() or unique_slug(BadgeClass, name, fallback="badge")
    if BadgeClass.objects.filter(slug=slug).exists():
        raise BadgeError(f"A badge with the slug {slug!r} exists already.", code="slug")
    alignments = extra.pop("alignments", ())
    _check_values(
        {"name": name, "description": description, "criteria_narrative": criteria_narrative}
        | {"audience": audience}
        | {k: v for k, v in extra.items() if k in EDITABLE}
    )
    with transaction.atomic():
        badge_class = BadgeClass(
            issuer=issuer,
            slug=slug,
            name=name,
            description=description,
            criteria_narrative=criteria_narrative,
            audience=audience,
            status=status,
            **extra,
        )
        badge_class_set_image(
            actor=None, badge_class=badge_class, data=image, actor_label=actor_label or "create"
        )
        if alignments:
            badge_class.alignments.set(alignments)
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.BADGECLASS_CREATE,
            target=badge_class,
            data={"slug": slug},
        )
    return badge_class


# What an edit may change; the issuer, the slug (named by `manage.py award` and links)
# and the status (its workflow) stay.
EDITABLE = (
    "name",
    "description",
    "criteria_narrative",
    "criteria_url",
    "audience",
    "credit_institution",
    "credit_hours",
    "credit_course_code",
    "cte_competency",
    "valid_for_days",
)


def _check_values(values: dict[str, object]) -> None:
    for field in ("name", "description", "criteria_narrative"):
        if field in values and not str(values[field] or "").strip():
            label = BadgeClass._meta.get_field(field).verbose_name
            raise BadgeError(f"The {label} cannot be empty.", code=field)
    if "audience" in values and values["audience"] not in BadgeClass.Audience.values:
        raise BadgeError("Choose who the badge is for.", code="audience")
    hours = values.get("credit_hours")
    if hours is not None and hours <= 0:
        raise BadgeError("Credit hours must be more than 0.", code="credit_hours")
    if hours is not None and not str(values.get("credit_institution") or "").strip():
        raise BadgeError("Name the institution that grants the credit.", code="credit_institution")
    days = values.get("valid_for_days")
    if days is not None and days <= 0:
        raise BadgeError("A badge that expires is valid for at least 1 day.", code="valid_for_days")


def badge_class_update(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    image: bytes | None = None,
    actor_label: str = "",
    **values: object,
) -> BadgeClass:
    """Change what a badge class says (the fields in `EDITABLE`) and, given `image`,
    its image — checked as on creation. All or nothing: a refused image or value
    changes nothing."""
    if actor is not None and not permissions.can_manage_badge_class(actor, badge_class):
        raise Forbidden("You may not change this badge.")
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise BadgeError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    for field in ("name", "description", "criteria_narrative", "criteria_url"):
        if field in values:
            values[field] = str(values[field] or "").strip()
    with transaction.atomic():
        locked = BadgeClass.objects.select_for_update().get(pk=badge_class.pk)
        merged = {f: getattr(locked, f) for f in EDITABLE} | values
        _check_values(merged)
        changed = [f for f, v in values.items() if getattr(locked, f) != v]
        for field in changed:
            setattr(locked, field, values[field])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        if image is not None:
            badge_class_set_image(
                actor=None, badge_class=locked, data=image, actor_label=actor_label or "update"
            )
        if changed or image is not None:
            audit_record(
                actor=actor,
                actor_label=actor_label,
                action=AuditAction.BADGECLASS_UPDATE,
                target=locked,
                data={"changed": sorted(changed), "image": image is not None},
            )
    return locked


def badge_class_set_alignments(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    add: Iterable[Competency] = (),
    remove: Iterable[Competency] = (),
    actor_label: str = "",
) -> list[Competency]:
    """Align the badge to more competencies, or to fewer; returns its alignments."""
    if actor is not None and not permissions.can_manage_badge_class(actor, badge_class):
        raise Forbidden("You may not change this badge.")
    add, remove = list(add), list(remove)
    with transaction.atomic():
        locked = BadgeClass.objects.select_for_update().get(pk=badge_class.pk)
        if add:
            locked.alignments.add(*add)
        if remove:
            locked.alignments.remove(*remove)
        if add or remove:
            audit_record(
                actor=actor,
                actor_label=actor_label,
                action=AuditAction.BADGECLASS_UPDATE,
                target=locked,
                data={
                    "alignments_added": [str(c.public_id) for c in add],
                    "alignments_removed": [str(c.public_id) for c in remove],
                },
            )
        return list(locked.alignments.select_related("framework"))


def badge_class_set_curriculum(
    *,
    actor: User | None,
    badge_class: BadgeClass,
    sections: Iterable[Section] = (),
    course_codes: Iterable[str] = (),
    subjects: Iterable[str] = (),
    actor_label: str = "",
) -> list[CurriculumLink]:
    """Say what `badge_class` is taught in — sections, courses (by course code) and
    subjects — replacing the links it had. Where its approval policy lets section
    teachers review, only the teachers of a linked section review a student's evidence.
    Sections must be at schools of the issuer's district."""
    if actor is not None and not permissions.can_manage_badge_class(actor, badge_class):
        raise Forbidden("You may not change this badge.")
    sections = list(sections)
    home = scopes.home_id_of(badge_class.issuer.organization)
    foreign = [s for s in sections if scopes.home_id_of(s.school) != home]
    if foreign:
        raise BadgeError(
            f"{foreign[0]} is not at a school of the badge issuer's district; link it to "
            "that district's sections only."
        )
    wanted: list[tuple[str, Section | None, str]] = [
        (CurriculumLink.Kind.SECTION, s, "") for s in {s.pk: s for s in sections}.values()
    ]
    for kind, values in (
        (CurriculumLink.Kind.COURSE, course_codes),
        (CurriculumLink.Kind.SUBJECT, subjects),
    ):
        seen: set[str] = set()
        for raw in values:
            value = (raw or "").strip()
            if not value or value.lower() in seen:
                continue
            if len(value) > 100:
                raise BadgeError(f"“{value[:40]}…” is too long (100 characters at most).")
            seen.add(value.lower())
            wanted.append((kind, None, value))
    with transaction.atomic():
        BadgeClass.objects.select_for_update().filter(pk=badge_class.pk).exists()
        CurriculumLink.objects.filter(badge_class=badge_class).delete()
        links = CurriculumLink.objects.bulk_create(
            [
                CurriculumLink(badge_class=badge_class, kind=kind, section=section, value=value)
                for kind, section, value in wanted
            ]
        )
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.BADGECLASS_LINKS,
            target=badge_class,
            data={
                "sections": [str(s.public_id) for _, s, _ in wanted if s is not None],
                "course_codes": [v for k, _, v in wanted if k == CurriculumLink.Kind.COURSE],
                "subjects": [v for k, _, v in wanted if k == CurriculumLink.Kind.SUBJECT],
            },
        )
    return links


def _badge_class_move(
    *, actor: User | None, badge_class: BadgeClass, to: str, reason: str = "", actor_label: str = ""
) -> BadgeClass:
    if actor is not None and not permissions.can_manage_badge_class(actor, badge_class):
        raise Forbidden("You may not change this badge.")
    with transaction.atomic():
        locked = BadgeClass.objects.select_for_update().get(pk=badge_class.pk)
        before = locked.status
        BADGE_CLASS_FLOW.apply(locked, to=to, actor=actor, reason=reason, actor_label=actor_label)
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.BADGECLASS_STATUS,
            target=locked,
            data={"from": before, "to": to, "reason": reason},
        )
    return locked


def badge_class_activate(
    *, actor: User | None, badge_class: BadgeClass, actor_label: str = ""
) -> BadgeClass:
    """Publish a draft: its hosted pages answer, and it may be awarded and endorsed."""
    return _badge_class_move(
        actor=actor, badge_class=badge_class, to=BadgeClass.Status.ACTIVE, actor_label=actor_label
    )


def badge_class_archive(
    *, actor: User | None, badge_class: BadgeClass, reason: str = "", actor_label: str = ""
) -> BadgeClass:
    """No new awards; the badge stays published and assertions already awarded stay valid."""
    return _badge_class_move(
        actor=actor,
        badge_class=badge_class,
        to=BadgeClass.Status.ARCHIVED,
        reason=reason,
        actor_label=actor_label,
    )
