from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    # Coaches
    path("", views.caseload_dashboard, name="caseload-dashboard"),
    path("teachers/<uuid:public_id>/", views.teacher_detail, name="teacher-detail"),
    path("teachers/<uuid:public_id>/sessions/new", views.session_create, name="session-create"),
    path(
        "teachers/<uuid:public_id>/recommend",
        views.recommendation_create,
        name="recommendation-create",
    ),
    path("teachers/<uuid:public_id>/goals/new", views.goal_create, name="goal-create"),
    path("sessions/<uuid:public_id>/attach", views.session_attach, name="session-attach"),
    # Teachers (and their coach)
    path("me/", views.teacher_me, name="teacher-me"),
    path("goals/<uuid:public_id>/status", views.goal_status, name="goal-status"),
    path("goals/<uuid:public_id>/link", views.goal_link, name="goal-link"),
    path("goals/<uuid:public_id>/steps", views.action_step_create, name="action-step-create"),
    path("steps/<uuid:public_id>/done", views.action_step_done, name="action-step-done"),
    path(
        "recommendations/<uuid:public_id>/dismiss",
        views.recommendation_dismiss,
        name="recommendation-dismiss",
    ),
    # District admins
    path("caseloads/", views.assignment_list, name="assignment-list"),
    path("caseloads/assign", views.assignment_create, name="assignment-create"),
    path("caseloads/<uuid:public_id>/end", views.assignment_end, name="assignment-end"),
    path("reports/", views.report_detail, name="report-detail"),
    path("reports/export.csv", views.report_export, name="report-export"),
]
