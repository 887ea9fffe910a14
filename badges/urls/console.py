"""The console's issuer and badge-class pages (`badges:console-…`), under /console/."""

from django.urls import path

from ..views.console import alignments, badge_classes, issuers

urlpatterns = [
    path("issuers/", issuers.issuer_list, name="console-issuer-list"),
    path("issuers/new", issuers.issuer_create, name="console-issuer-create"),
    path("issuers/<uuid:public_id>/", issuers.issuer_detail, name="console-issuer-detail"),
    path("issuers/<uuid:public_id>/edit", issuers.issuer_edit, name="console-issuer-edit"),
    path(
        "issuers/<uuid:public_id>/rotate-key",
        issuers.issuer_key_rotate,
        name="console-issuer-key-rotate",
    ),
    path("badge-classes/", badge_classes.badgeclass_list, name="console-badgeclass-list"),
    path("badge-classes/new", badge_classes.badgeclass_create, name="console-badgeclass-create"),
    path(
        "badge-classes/<uuid:public_id>/",
        badge_classes.badgeclass_detail,
        name="console-badgeclass-detail",
    ),
    path(
        "badge-classes/<uuid:public_id>/edit",
        badge_classes.badgeclass_edit,
        name="console-badgeclass-edit",
    ),
    path(
        "badge-classes/<uuid:public_id>/image",
        badge_classes.badgeclass_image,
        name="console-badgeclass-image",
    ),
    path(
        "badge-classes/<uuid:public_id>/move/<slug:move>",
        badge_classes.badgeclass_move,
        name="console-badgeclass-move",
    ),
    path(
        "badge-classes/<uuid:public_id>/alignments",
        alignments.badgeclass_alignments,
        name="console-badgeclass-alignments",
    ),
    path(
        "badge-classes/<uuid:public_id>/taught-in",
        alignments.badgeclass_curriculum,
        name="console-badgeclass-curriculum",
    ),
]
