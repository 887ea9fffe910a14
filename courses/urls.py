from django.urls import path

from .views.author import assignments as assigning
from .views.author import exemplars as reviewing
from .views.author import modules as authoring
from .views.author import steps as step_authoring
from .views.learn import exemplars, library, modules, steps

app_name = "courses"

urlpatterns = [
    # Learners
    path("", library.library, name="module-list"),
    path("m/<uuid:public_id>/", modules.module_detail, name="module-detail"),
    path("m/<uuid:public_id>/start", modules.enrollment_start, name="enrollment-start"),
    path("m/<uuid:public_id>/steps/<uuid:step_id>/", steps.step_detail, name="step-detail"),
    path("m/<uuid:public_id>/steps/<uuid:step_id>/done", steps.step_complete, name="step-complete"),
    path("m/<uuid:public_id>/steps/<uuid:step_id>/check", steps.check_submit, name="check-submit"),
    path("m/<uuid:public_id>/finish", modules.enrollment_finish, name="enrollment-finish"),
    path("m/<uuid:public_id>/apply", modules.enrollment_apply, name="enrollment-apply"),
    path("mine/", library.my_learning, name="enrollment-mine"),
    path("exemplars/", exemplars.exemplar_list, name="exemplar-list"),
    path("exemplars/<slug:slug>/", exemplars.exemplar_detail, name="exemplar-detail"),
    path("exemplars/files/<uuid:public_id>", exemplars.exemplar_file, name="exemplar-file"),
    # Authors (district admins and coaches) and assigners (district admins)
    path("author/", authoring.module_list, name="author-module-list"),
    path("author/new", authoring.module_create, name="author-module-create"),
    path("author/m/<uuid:public_id>/", authoring.module_edit, name="author-module-edit"),
    path(
        "author/m/<uuid:public_id>/preview", authoring.module_preview, name="author-module-preview"
    ),
    path("author/m/<uuid:public_id>/steps/add", step_authoring.step_add, name="author-step-add"),
    path(
        "author/m/<uuid:public_id>/steps/<uuid:step_id>/remove",
        step_authoring.step_remove,
        name="author-step-remove",
    ),
    path(
        "author/m/<uuid:public_id>/steps/<uuid:step_id>/move",
        step_authoring.step_move,
        name="author-step-move",
    ),
    path(
        "author/m/<uuid:public_id>/publish", authoring.module_publish, name="author-module-publish"
    ),
    path(
        "author/m/<uuid:public_id>/new-version",
        authoring.module_new_version,
        name="author-module-new-version",
    ),
    path("author/m/<uuid:public_id>/retire", authoring.module_retire, name="author-module-retire"),
    path("assignments/", assigning.assignment_list, name="assignment-list"),
    path("assignments/new", assigning.assignment_create, name="assignment-create"),
    path("assignments/<uuid:public_id>/", assigning.assignment_detail, name="assignment-detail"),
    path("cohorts/new", assigning.cohort_create, name="cohort-create"),
    path(
        "exemplars/propose/<uuid:submission_id>",
        reviewing.exemplar_propose,
        name="exemplar-propose",
    ),
    path("author/exemplars/", reviewing.exemplar_review_list, name="exemplar-review-list"),
    path("author/exemplars/new", reviewing.exemplar_create, name="exemplar-create"),
    path(
        "author/exemplars/<slug:slug>/publish", reviewing.exemplar_publish, name="exemplar-publish"
    ),
    path(
        "author/exemplars/<slug:slug>/decline", reviewing.exemplar_decline, name="exemplar-decline"
    ),
]
