"""Hosted Open Badges 2.0 URLs. These are permanent: never rename or move them."""

from django.urls import path

from ..views import hosted

app_name = "ob2"

urlpatterns = [
    path("issuers/<uuid:public_id>", hosted.issuer_detail, name="issuer"),
    path("issuers/<uuid:public_id>/revocations", hosted.revocation_list, name="revocation-list"),
    path("badges/<uuid:public_id>", hosted.badge_class_detail, name="badgeclass"),
    path("badges/<uuid:public_id>/image", hosted.badge_class_image, name="badgeclass-image"),
    path("assertions/<uuid:public_id>", hosted.assertion_detail, name="assertion"),
    path(
        "assertions/<uuid:public_id>/baked.png",
        hosted.assertion_baked,
        {"kind": "png"},
        name="assertion-baked-png",
    ),
    path(
        "assertions/<uuid:public_id>/baked.svg",
        hosted.assertion_baked,
        {"kind": "svg"},
        name="assertion-baked-svg",
    ),
    path("endorsements/<uuid:public_id>", hosted.endorsement_detail, name="endorsement"),
]
