"""What badge services refuse, with a message fit to show (see `core.errors`)."""

from core.errors import ServiceError


class BadgeError(ServiceError):
    """A badge action that cannot be done."""

    code = "badge_refused"


class BadgeClassNotActive(BadgeError):
    code = "badge_class_not_active"


class AlreadyRevoked(BadgeError):
    code = "already_revoked"


class SigningKeyError(ServiceError):
    """A signing key cannot be used (e.g. CREDENTIAL_KEY_SECRET changed); fit to log."""

    code = "signing_key"
