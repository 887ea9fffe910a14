"""The `accounts:` pages (sign-in and sign-up are allauth's, under `accounts/`)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path(
        "console/profile-requests/",
        views.profile_request_list,
        name="profile-request-list",
    ),
    path(
        "console/profile-requests/<uuid:public_id>/decide",
        views.profile_request_decide,
        name="profile-request-decide",
    ),
]
