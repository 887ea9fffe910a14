from django.conf import settings
from django.db import models


class Person(models.Model):
    """Someone who can sign in at the test IdP, with what the IdP says about them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    claims = models.JSONField(default=dict)  # put into the id_token and userinfo
    knobs = models.JSONField(default=dict)  # "aud", "iss", "tamper", "userinfo_sub"
    clever = models.JSONField(default=dict)  # Clever's user record ("data")

    def __str__(self) -> str:
        return self.user.username
