"""The `cairn_clever` provider: one allauth app per district's Clever row."""

from allauth.socialaccount.providers import registry
from allauth.socialaccount.providers.clever.provider import CleverProvider
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from .views import CairnCleverAdapter


class CairnCleverProvider(CleverProvider):
    id = "cairn_clever"
    name = "Clever"
    oauth2_adapter_class = CairnCleverAdapter

    def get_login_url(self, request: HttpRequest, **kwargs) -> str:
        url = reverse("cairn_clever_login", kwargs={"provider_id": self.app.provider_id})
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("cairn_clever_callback", kwargs={"provider_id": self.app.provider_id})

    def get_user_type(self, data: dict) -> str | None:
        # allauth's raises IndexError for a record without roles.
        return next(iter(data.get("data", {}).get("roles") or {}), None)

    def get_oauth2_adapter(self, request: HttpRequest) -> CairnCleverAdapter:
        return CairnCleverAdapter(request, self.app.provider_id)

    def get_auth_params(self) -> dict:
        # Clever's district picker is skipped when the district is named.
        params = super().get_auth_params()
        if district_id := self.app.settings.get("district_id"):
            params.setdefault("district_id", district_id)
        return params


# Importing allauth's Clever provider registers it; only this one is offered (allauth's
# has Clever's addresses fixed and one app per site).
registry.provider_map.pop(CleverProvider.id, None)

provider_classes = [CairnCleverProvider]
