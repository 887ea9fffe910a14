from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.authtoken.views import obtain_auth_token

from accounts import views as account_views
from badges import api as badges_api
from coaching import api as coaching_api
from courses import api as courses_api
from evidence import api as evidence_api

extend_schema_view(
    post=extend_schema(
        tags=["auth"],
        summary="Obtain an API token",
        description="Send your e-mail address as `username` with your password; use the "
        "returned key as `Authorization: Token <key>`.",
        auth=[],
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: inline_serializer(
                "TokenError",
                {"non_field_errors": serializers.ListField(child=serializers.CharField())},
            ),
        },
    )
)(obtain_auth_token)

api_v1 = [
    path("verify", badges_api.VerifyView.as_view(), name="verify"),
    path("assertions/mine", badges_api.MyAssertionList.as_view(), name="assertion-mine"),
    path("auth/token", obtain_auth_token, name="auth-token"),
    path("queue/", evidence_api.ReviewQueueView.as_view(), name="review-queue"),
    path("", include(evidence_api.router.urls)),
    path("coaching/", include((coaching_api.router.urls, "coaching"))),
    path("", include(courses_api.router.urls)),
]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("ob/v2/", include("badges.urls_ob2")),
    path("competencies/", include("competencies.urls")),
    path("evidence/", include("evidence.urls")),
    path("learn/", include("courses.urls")),
    path("coaching/", include("coaching.urls")),
    path("", include("badges.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
