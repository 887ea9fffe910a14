"""At each sign-in: whether the person must use a second factor (kept in the session for
the middleware); a person's first second factor, enrolled in this session, counts as
passed (a later one does not: adding it proved nothing the session had not). Adding,
removing and renewing second factors (allauth's pages) are audited."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from core.audit import AuditAction, audit_record

from .requirement import SECOND_FACTORS, SESSION_ENROLLED, SESSION_REQUIRED, mfa_required


@receiver(user_logged_in, dispatch_uid="cairn_mfa_required_at_sign_in")
def note_requirement(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(SESSION_ENROLLED, None)
    request.session[SESSION_REQUIRED] = mfa_required(user)


@receiver(authenticator_added, dispatch_uid="cairn_mfa_enrolled_in_session")
def note_enrolment(sender, request, user, authenticator, **kwargs) -> None:
    """Enrolling an authenticator app or a key checks a code or the key itself: when it
    is the person's first second factor, this session has shown it. Where they already
    had one, the session counts only if it passed that one (`session_passed_mfa`):
    otherwise a session with the password alone could add a key of its own and pass."""
    _audit(AuditAction.MFA_ADD, user, authenticator)
    if request is None or authenticator.type not in SECOND_FACTORS:
        return
    if not (request.user.is_authenticated and request.user.pk == user.pk):
        return
    had_one = (
        Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS)
        .exclude(pk=authenticator.pk)
        .exists()
    )
    if not had_one:
        request.session[SESSION_ENROLLED] = True


@receiver(authenticator_removed, dispatch_uid="cairn_mfa_audit_removed")
def note_removal(sender, request, user, authenticator, **kwargs) -> None:
    _audit(AuditAction.MFA_REMOVE, user, authenticator)


@receiver(authenticator_reset, dispatch_uid="cairn_mfa_audit_reset")
def note_reset(sender, request, user, authenticator, **kwargs) -> None:
    _audit(AuditAction.MFA_RESET, user, authenticator)


def _audit(action: AuditAction, user, authenticator) -> None:
    audit_record(actor=user, action=action, target=user, data={"type": authenticator.type})
