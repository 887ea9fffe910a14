"""Writes for accounts: the public profile (and a minor's request for one), district
settings."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit import AuditAction, audit_record
from core.errors import NotFound, ServiceError
from core.notices import notify, notify_all
from core.policies import Who

from . import permissions
from .models import DistrictSettings, Organization, ProfileRequest, User
from .scopes import administers
from .selectors import ProfileApproval, profile_approval_of, profile_request_pending
from .workflow import PROFILE_REQUEST_FLOW


class InvalidInput(ServiceError):
    code = "invalid"


@transaction.atomic
def user_set_profile_public(*, actor: User, public: bool) -> User:
    """Switch my public profile on or off. Off is immediate (and withdraws a request
    waiting for approval). On is immediate for an adult, and for a minor whose district
    asks for no approval; otherwise it asks for approval (`ProfileRequest`, its district's
    admins are told) and the profile stays off until one of them approves."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not public:
        pending = profile_request_pending(user=user)
        if pending is not None:
            _withdraw(actor=actor, request=pending)
        return _switch(actor=actor, user=user, public=False)
    if user.profile_public:
        return user
    approval = profile_approval_of(user=user)
    if not approval.needed:
        return _switch(actor=actor, user=user, public=True)
    if profile_request_pending(user=user) is None:
        _ask(actor=actor, user=user, approval=approval)
    return user


def _switch(*, actor: User, user: User, public: bool) -> User:
    if user.profile_public != public:
        user.profile_public = public
        user.save(update_fields=["profile_public"])
        audit_record(
            actor=actor,
            action=AuditAction.USER_PROFILE_PUBLIC,
            target=user,
            data={"public": public},
        )
    return user


def _ask(*, actor: User, user: User, approval: ProfileApproval) -> ProfileRequest:
    request = ProfileRequest.objects.create(
        user=user, district=approval.district, approval=approval.required
    )
    audit_record(
        actor=actor,
        action=AuditAction.PROFILE_REQUEST_CREATE,
        target=request,
        data={"approval": approval.required, "district": str(approval.district or "")},
    )
    if approval.required == DistrictSettings.MinorProfileApproval.GUARDIAN:
        message = _(
            "%(name)s asks to make their public profile visible. Your district asks for a "
            "parent's or guardian's consent: approve once you have confirmed it."
        )
    else:
        message = _("%(name)s asks to make their public profile visible.")
    notify_all(
        users=profile_request_deciders(request),
        message=message % {"name": user.get_full_name()},
        link=reverse("accounts:profile-request-list"),
    )
    return request


def profile_request_deciders(request: ProfileRequest) -> QuerySet[User]:
    """Who is told of `request`: the people its policy's rules let decide it (its
    district's admins); Cairn's operators (superusers) only when no one else can."""
    policy = permissions.profile_requests
    by_rule = User.objects.filter(policy.actor_q("decide")).filter(
        Exists(
            ProfileRequest.objects.filter(pk=request.pk).filter(policy.scope(Who(None), "decide"))
        )
    )
    return by_rule if by_rule.exists() else policy.users("decide", request)


def _withdraw(*, actor: User, request: ProfileRequest) -> None:
    locked = ProfileRequest.objects.select_for_update().get(pk=request.pk)
    PROFILE_REQUEST_FLOW.apply(locked, to=ProfileRequest.Status.WITHDRAWN, actor=actor)
    audit_record(actor=actor, action=AuditAction.PROFILE_REQUEST_WITHDRAW, target=locked)


@transaction.atomic
def profile_request_decide(
    *,
    actor: User,
    request: ProfileRequest,
    approve: bool,
    reason: str = "",
    guardian_confirmed: bool = False,
) -> ProfileRequest:
    """A district admin approves (the student's profile goes public) or declines (with
    a reason the student reads) a minor's request. Where the district asks for a
    guardian's consent, approving needs the admin to confirm they have it."""
    locked = ProfileRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if not permissions.profile_requests.allows(actor, "decide", locked):
        raise NotFound()
    reason = reason.strip()
    guardian = locked.approval == DistrictSettings.MinorProfileApproval.GUARDIAN
    if approve and guardian and not guardian_confirmed:
        raise InvalidInput(
            _("Confirm that a parent or guardian agreed before approving."), code="guardian"
        )
    if not approve and not reason:
        raise InvalidInput(_("Say why, for the student to read."), code="reason")
    to = ProfileRequest.Status.APPROVED if approve else ProfileRequest.Status.DECLINED
    locked.decided_by = actor
    locked.reason = reason[:500]
    PROFILE_REQUEST_FLOW.apply(
        locked, to=to, actor=actor, reason=reason, also=["decided_by", "reason"]
    )
    audit_record(
        actor=actor,
        action=AuditAction.PROFILE_REQUEST_DECIDE,
        target=locked,
        data={"approve": approve, "approval": locked.approval, "guardian": guardian_confirmed},
    )
    student = User.objects.select_for_update().get(pk=locked.user_id)
    if approve:
        _switch(actor=actor, user=student, public=True)
        message = _("Your public profile is now visible: your district approved it.")
    else:
        message = _("Your district did not approve a public profile: %(reason)s") % {
            "reason": reason
        }
    notify(user=student, message=message, link=reverse("badges:assertion-mine"))
    return locked


@transaction.atomic
def district_settings_update(
    *,
    actor: User,
    district: Organization,
    small_group_threshold: int | None = None,
    review_target_days: int | None = None,
    minor_profile_approval: str | None = None,
    password_sign_in: bool | None = None,
    require_mfa: bool | None = None,
    minor_rule: str | None = None,
    age_of_majority: int | None = None,
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
    if minor_rule is not None:
        if minor_rule not in DistrictSettings.MinorRule.values:
            raise InvalidInput(_("Choose who counts as a minor."), code="minor_rule")
        changes["minor_rule"] = minor_rule
    if age_of_majority is not None:
        if not 14 <= age_of_majority <= 21:
            raise InvalidInput(
                _("The age of majority must be between 14 and 21."), code="age_of_majority"
            )
        changes["age_of_majority"] = age_of_majority
    for name, flag in (("password_sign_in", password_sign_in), ("require_mfa", require_mfa)):
        if flag is not None:
            changes[name] = bool(flag)
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
