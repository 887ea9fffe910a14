"""The `sso:` console pages: a district's identity providers (issue 11)."""

app_name = "sso"

urlpatterns: list = []
