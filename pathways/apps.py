from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    """Badges that stack into larger credentials, and the one door for awarding and
    revoking (which checks pathway completion and raises alerts)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "pathways"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (claims e-mail awards on sign-in)
