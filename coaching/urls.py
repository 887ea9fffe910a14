from django.urls import path

from .views import assignments, caseload, goals, recommendations, reports, sessions, teachers

app_name = "coaching"

urlpatterns = [
    # Coaches
    path("", caseload.caseload_dashboard, name="caseload-dashboard"),
    path("teachers/<uuid:public_id>/", teachers.teacher_detail, name="teacher-detail"),
    path("teachers/<uuid:public_id>/sessions/new", sessions.session_create, name="session-create"),
    path(
        "teachers/<uuid:public_id>/recommend",
        recommendations.recommendation_create,
        name="recommendation-create",
    ),
    path("teachers/<uuid:public_id>/goals/new", goals.goal_create, name="goal-create"),
    path("sessions/<uuid:public_id>/attach", sessions.session_attach, name="session-attach"),
    # Teachers (and their coach)
    path("me/", teachers.teacher_me, name="teacher-me"),
    path("goals/<uuid:public_id>/status", goals.goal_status, name="goal-status"),
    path("goals/<uuid:public_id>/link", goals.goal_link, name="goal-link"),
    path("goals/<uuid:public_id>/steps", goals.action_step_create, name="action-step-create"),
    path("steps/<uuid:public_id>/done", goals.action_step_done, name="action-step-done"),
    path(
        "recommendations/<uuid:public_id>/dismiss",
        recommendations.recommendation_dismiss,
        name="recommendation-dismiss",
    ),
    # School and district admins
    path("caseloads/", assignments.assignment_list, name="assignment-list"),
    path("caseloads/assign", assignments.assignment_create, name="assignment-create"),
    path("caseloads/<uuid:public_id>/end", assignments.assignment_end, name="assignment-end"),
    path("reports/", reports.report_detail, name="report-detail"),
    path("reports/export.csv", reports.report_export, name="report-export"),
]
