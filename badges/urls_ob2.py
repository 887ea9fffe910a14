"""Hosted Open Badges 2.0 URLs. These are permanent: never rename or move them."""

from django.urls import path

from . import views

app_name = "ob2"

urlpatterns = [
    path("issuers/<uuid:public_id>", views.issuer_detail, name="issuer"),
    path("issuers/<uuid:public_id>/revocations", views.revocation_list, name="revocation-list"),
    path("badges/<uuid:public_id>", views.badge_class_detail, name="badgeclass"),
    path("badges/<uuid:public_id>/image", views.badge_class_image, name="badgeclass-image"),
    path("assertions/<uuid:public_id>", views.assertion_detail, name="assertion"),
    path(
        "assertions/<uuid:public_id>/baked.png",
        views.assertion_baked,
        {"kind": "png"},
        name="assertion-baked-png",
    ),
    path(
        "assertions/<uuid:public_id>/baked.svg",
        views.assertion_baked,
        {"kind": "svg"},
        name="assertion-baked-svg",
    ),
    path("endorsements/<uuid:public_id>", views.endorsement_detail, name="endorsement"),
]
