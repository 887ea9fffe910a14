from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.sso import views as sso_views
from badges import api as badges_api
from coaching import api as coaching_api
from config.mfa import tokens as mfa_tokens
from config.mfa import views as mfa_views
from console.views import home as console_home
from courses import api as courses_api
from evidence import api as evidence_api

api_v1 = [
    path("verify", badges_api.VerifyView.as_view(), name="verify"),
    path("assertions/mine", badges_api.MyAssertionList.as_view(), name="assertion-mine"),
    path("auth/token", mfa_tokens.TokenView.as_view(), name="auth-token"),
    path("queue/", evidence_api.ReviewQueueView.as_view(), name="review-queue"),
    path("", include(evidence_api.router.urls)),
    path("coaching/", include((coaching_api.router.urls, "coaching"))),
    path("", include(courses_api.router.urls)),
]

urlpatterns = [
    path("", console_home.home, name="home"),
    path("favicon.ico", console_home.favicon, name="favicon"),
    path("accounts/2fa/required/", mfa_views.enrolment_required, name="mfa-required"),
    # allauth's sign-in, with the districts' provider buttons (accounts.sso).
    path("accounts/login/", sso_views.SignInView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("ob/v2/", include("badges.urls.ob2")),
    path("ob/v3/", include("badges.urls.ob3")),
    path("", include("competencies.urls")),  # competencies/… and console/frameworks/…
    path("evidence/", include("evidence.urls")),
    path("learn/", include("courses.urls")),
    path("coaching/", include("coaching.urls")),
    path("console/", include("console.urls")),
    path("console/sign-in/", include("accounts.sso.urls")),
    path("console/roster/", include("accounts.oneroster.urls")),
    path("", include("accounts.urls")),
    path("console/", include("evidence.urls.console")),
    path("", include("pathways.urls")),
    path("", include("badges.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
