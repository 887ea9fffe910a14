"""The `badges:` pages: my badges, public profiles, the verify page, the console's
issuer and badge-class pages (`console`). The hosted Open
Badges URLs are in `ob2` (`ob2:`) and `ob3` (`ob3:`)."""

from django.urls import include, path

from ..views import earner, verify

app_name = "badges"

urlpatterns = [
    path("badges/mine/", earner.assertion_mine, name="assertion-mine"),
    path(
        "badges/mine/<uuid:public_id>/public",
        earner.assertion_set_public,
        name="assertion-set-public",
    ),
    path("people/<uuid:public_id>/", earner.profile_detail, name="profile-detail"),
    path("badges/mine/profile", earner.profile_set_public, name="profile-set-public"),
    path("badges/mine/profile/preview", earner.profile_preview, name="profile-preview"),
    path("verify/", verify.verify, name="verify"),
    # The console's issuer and badge-class pages (badges:console-…).
    path("console/", include("badges.urls.console")),
]
