from django.urls import path

from .views import author, learn

app_name = "courses"

urlpatterns = [
    # Learners
    path("", learn.library, name="module-list"),
    path("m/<uuid:public_id>/", learn.module_detail, name="module-detail"),
    path("m/<uuid:public_id>/start", learn.enrollment_start, name="enrollment-start"),
    path("m/<uuid:public_id>/steps/<uuid:step_id>/", learn.step_detail, name="step-detail"),
    path("m/<uuid:public_id>/steps/<uuid:step_id>/done", learn.step_complete, name="step-complete"),
    path("m/<uuid:public_id>/steps/<uuid:step_id>/check", learn.check_submit, name="check-submit"),
    path("m/<uuid:public_id>/finish", learn.enrollment_finish, name="enrollment-finish"),
    path("m/<uuid:public_id>/apply", learn.enrollment_apply, name="enrollment-apply"),
    path("mine/", learn.my_learning, name="enrollment-mine"),
    path("exemplars/", learn.exemplar_list, name="exemplar-list"),
    path("exemplars/<slug:slug>/", learn.exemplar_detail, name="exemplar-detail"),
    path("exemplars/files/<uuid:public_id>", learn.exemplar_file, name="exemplar-file"),
    # Authors (district admins and coaches) and assigners (district admins)
    path("author/", author.module_list, name="author-module-list"),
    path("author/new", author.module_create, name="author-module-create"),
    path("author/m/<uuid:public_id>/", author.module_edit, name="author-module-edit"),
    path("author/m/<uuid:public_id>/preview", author.module_preview, name="author-module-preview"),
    path("author/m/<uuid:public_id>/steps/add", author.step_add, name="author-step-add"),
    path(
        "author/m/<uuid:public_id>/steps/<uuid:step_id>/remove",
        author.step_remove,
        name="author-step-remove",
    ),
    path(
        "author/m/<uuid:public_id>/steps/<uuid:step_id>/move",
        author.step_move,
        name="author-step-move",
    ),
    path("author/m/<uuid:public_id>/publish", author.module_publish, name="author-module-publish"),
    path(
        "author/m/<uuid:public_id>/new-version",
        author.module_new_version,
        name="author-module-new-version",
    ),
    path("author/m/<uuid:public_id>/retire", author.module_retire, name="author-module-retire"),
    path("assignments/", author.assignment_list, name="assignment-list"),
    path("assignments/new", author.assignment_create, name="assignment-create"),
    path("assignments/<uuid:public_id>/", author.assignment_detail, name="assignment-detail"),
    path("cohorts/new", author.cohort_create, name="cohort-create"),
    path(
        "exemplars/propose/<uuid:submission_id>", author.exemplar_propose, name="exemplar-propose"
    ),
    path("author/exemplars/", author.exemplar_review_list, name="exemplar-review-list"),
    path("author/exemplars/new", author.exemplar_create, name="exemplar-create"),
    path("author/exemplars/<slug:slug>/publish", author.exemplar_publish, name="exemplar-publish"),
    path("author/exemplars/<slug:slug>/decline", author.exemplar_decline, name="exemplar-decline"),
]
