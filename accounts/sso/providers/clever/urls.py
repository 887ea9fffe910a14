from django.urls import include, path

from . import views

urlpatterns = [
    path(
        "sso/clever/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="cairn_clever_login"),
                path("login/callback/", views.callback, name="cairn_clever_callback"),
            ]
        ),
    )
]
