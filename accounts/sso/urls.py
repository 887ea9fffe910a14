"""The `sso:` console pages: a district's identity providers (issue 11)."""

from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("", views.idp_list, name="idp-list"),
    path("new/<str:kind>/", views.idp_create, name="idp-create"),
    path("<uuid:public_id>/", views.idp_edit, name="idp-edit"),
    path("<uuid:public_id>/enabled/", views.idp_set_enabled, name="idp-set-enabled"),
]
