"""The `competencies:` pages: public frameworks and competencies under competencies/,
the console's framework pages under console/frameworks/."""

from django.urls import path

from .views import console, public

app_name = "competencies"

urlpatterns = [
    path(
        "competencies/frameworks/<uuid:public_id>/",
        public.framework_detail,
        name="framework-detail",
    ),
    path("competencies/c/<uuid:public_id>/", public.competency_detail, name="competency-detail"),
    path("console/frameworks/", console.framework_list, name="console-framework-list"),
    path("console/frameworks/import/", console.import_create, name="console-import-create"),
    path(
        "console/frameworks/imports/<uuid:public_id>/",
        console.import_detail,
        name="console-import-detail",
    ),
]
