from django.apps import AppConfig


class CleverProviderConfig(AppConfig):
    name = "accounts.sso.providers.clever"
    label = "cairn_clever"
    verbose_name = "Single sign-on: Clever"
