from django.urls import path

app_name = "competencies"

urlpatterns: list = []
