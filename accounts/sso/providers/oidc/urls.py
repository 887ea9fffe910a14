from django.urls import include, path

from . import views

urlpatterns = [
    path(
        "sso/oidc/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="cairn_oidc_login"),
                path("login/callback/", views.callback, name="cairn_oidc_callback"),
            ]
        ),
    )
]
