"""What the badge commands share: who is acting, and on whose authority."""

from __future__ import annotations

import getpass

from django.core.management.base import CommandError

from accounts.models import User


def operator_label(command: str) -> str:
    """The audit label for an operator acting without an account."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError, ImportError):
        name = "unknown"
    return f"manage.py {command} (os user {name})"


def actor_label(command: str, actor: User | None) -> str:
    if actor is None:
        return operator_label(command)
    return f"{actor.email} (manage.py {command})"


def actor_from_option(email: str | None) -> User | None:
    """The admin named by ``--actor``, who must have an active account; None if not given."""
    if email is None:
        return None
    actor = User.objects.filter(email__iexact=email.strip()).first()
    if actor is None:
        raise CommandError(f"No account for the actor {email.strip()!r}.")
    if not actor.is_active:
        raise CommandError(f"The actor {actor.email}'s account is deactivated.")
    return actor
