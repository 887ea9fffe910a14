"""Pathway pages, the pathway builder, credit agreements and endorsements (HTML)."""

from django.urls import path

from . import views_pathways as views

app_name = "pathways"

urlpatterns = [
    path("mine/", views.pathway_mine, name="pathway-mine"),
    path("manage/", views.pathway_list, name="pathway-list"),
    path("manage/new", views.pathway_create, name="pathway-create"),
    path("manage/alerts/", views.alert_list, name="alert-list"),
    path("manage/alerts/<uuid:public_id>/resolve", views.alert_resolve, name="alert-resolve"),
    path("manage/<uuid:public_id>/", views.pathway_edit, name="pathway-edit"),
    path(
        "manage/<uuid:public_id>/requirements",
        views.requirement_add,
        name="requirement-add",
    ),
    path(
        "manage/<uuid:public_id>/requirements/<uuid:requirement_id>/remove",
        views.requirement_remove,
        name="requirement-remove",
    ),
    path("manage/<uuid:public_id>/activate", views.pathway_activate, name="pathway-activate"),
    path("manage/<uuid:public_id>/archive", views.pathway_archive, name="pathway-archive"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path(
        "agreements/<uuid:public_id>/withdraw",
        views.agreement_withdraw,
        name="agreement-withdraw",
    ),
    path("endorsements/", views.endorsement_list, name="endorsement-list"),
    path(
        "endorsements/<uuid:public_id>/withdraw",
        views.endorsement_withdraw,
        name="endorsement-withdraw",
    ),
]
