from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "config.mfa"
    label = "cairn_mfa"
    verbose_name = "Two-factor authentication requirement"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the sign-in receivers)
