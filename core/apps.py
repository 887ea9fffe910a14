from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every Cairn app uses and none owns. Imports no other Cairn app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Cairn core"
