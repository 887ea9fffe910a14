"""The `roster:` console pages: roster uploads and the SIS connection (issue 11)."""

app_name = "roster"

urlpatterns: list = []
