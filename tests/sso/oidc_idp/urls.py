from allauth.idp.oidc import views as oidc
from django.contrib.auth.views import LoginView
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("allauth.idp.urls")),
    path("", views.home),
    path("login/", LoginView.as_view(), name="login"),
    path("test/setup", views.setup),
    path("test/login-as", views.login_as),
    path(
        "ms/<str:tenant>/v2.0/.well-known/openid-configuration",
        views.microsoft_configuration,
    ),
    path("oauth/authorize", oidc.authorization),
    path("oauth/tokens", views.clever_tokens),
    path("v3.0/me", views.clever_me),
    path("v3.0/users/<str:user_id>", views.clever_user),
]
