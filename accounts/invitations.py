"""Invitations to sign up: a signed link that opens sign-up for one e-mail address.

A badge awarded to an address with no account comes with an e-mail inviting its owner
to sign up (`pathways.services.assertion_award_to_email`). Sign-up may be closed on
this site (``ACCOUNT_ALLOW_SIGNUP``); the invitation's link opens it, for the invited
address only, for `MAX_AGE`. The address must still be verified the usual way before
anything is theirs: the link proves nothing on its own, it only lets them sign up.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

SALT = "accounts.invitation"
MAX_AGE = 60 * 60 * 24 * 90  # 90 days, in seconds
SESSION_KEY = "accounts_invited_email"


def _normalize(email: str) -> str:
    return email.strip().lower()


def invitation_token(email: str) -> str:
    return signing.dumps(_normalize(email), salt=SALT, compress=True)


def invited_email(token: str) -> str | None:
    """The address a token invites, or None when it is forged or too old."""
    try:
        email = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return email if isinstance(email, str) and "@" in email else None


def signup_url(email: str) -> str:
    """The absolute sign-up link an invitation e-mail carries (the address filled in)."""
    query = urlencode({"email": _normalize(email), "invite": invitation_token(email)})
    return f"{settings.SITE_URL}{reverse('account_signup')}?{query}"


def invited_email_of(request: HttpRequest) -> str | None:
    """The address this visitor was invited with: from the link (then kept in the
    session, for the form's POST), or from the session."""
    token = request.GET.get("invite", "")
    if token:
        email = invited_email(token)
        if email is not None and hasattr(request, "session"):
            request.session[SESSION_KEY] = token
        return email
    if hasattr(request, "session"):
        kept = request.session.get(SESSION_KEY, "")
        if kept:
            return invited_email(kept)
    return None
