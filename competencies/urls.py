from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("frameworks/<uuid:public_id>/", views.framework_detail, name="framework-detail"),
    path("c/<uuid:public_id>/", views.competency_detail, name="competency-detail"),
]
