"""Writes for accounts: profile settings, district settings."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import AuditAction, audit_record
from core.errors import NotFound, ServiceError

from .models import DistrictSettings, Organization, User
from .scopes import administers


class InvalidInput(ServiceError):
    code = "invalid"


@transaction.atomic
def user_set_profile_public(*, actor: User, public: bool) -> User:
    """Opt in to (or out of) the public profile page."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    user.profile_public = public
    user.save(update_fields=["profile_public"])
    audit_record(
        actor=actor, action=AuditAction.USER_PROFILE_PUBLIC, target=user, data={"public": public}
    )
    return user


@transaction.atomic
def district_settings_update(
    *,
    actor: User,
    district: Organization,
    small_group_threshold: int | None = None,
    review_target_days: int | None = None,
    minor_profile_approval: str | None = None,
) -> DistrictSettings:
    """Change a district's settings (only its admins may); unset arguments keep their value."""
    if district.kind != Organization.Kind.DISTRICT:
        raise InvalidInput(_("Settings belong to a district."), code="not_a_district")
    if not actor.is_superuser and not administers(actor, district):
        raise NotFound()
    row, _created = DistrictSettings.objects.select_for_update().get_or_create(district=district)
    changes: dict[str, object] = {}
    if small_group_threshold is not None:
        if small_group_threshold < 2:
            raise InvalidInput(
                _("The smallest group shown must be at least 2 people."), code="threshold"
            )
        changes["small_group_threshold"] = small_group_threshold
    if review_target_days is not None:
        if review_target_days < 1:
            raise InvalidInput(_("The review target must be at least one day."), code="target")
        changes["review_target_days"] = review_target_days
    if minor_profile_approval is not None:
        if minor_profile_approval not in DistrictSettings.MinorProfileApproval.values:
            raise InvalidInput(_("Choose who approves a minor's profile."), code="approval")
        changes["minor_profile_approval"] = minor_profile_approval
    for name, value in changes.items():
        setattr(row, name, value)
    row.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.DISTRICT_SETTINGS_UPDATE,
        target=district,
        data={k: str(v) for k, v in changes.items()},
    )
    return row
