from django.urls import path

from . import views

app_name = "badges"

urlpatterns = [
    path("badges/mine/", views.assertion_mine, name="assertion-mine"),
    path(
        "badges/mine/<uuid:public_id>/public",
        views.assertion_set_public,
        name="assertion-set-public",
    ),
    path("people/<uuid:public_id>/", views.profile_detail, name="profile-detail"),
    path("verify/", views.verify, name="verify"),
]
