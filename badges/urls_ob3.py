"""Open Badges 3.0 URLs. Credential, key and status list URLs are baked into issued
credentials and DIDs: never rename or move them."""

from django.urls import path

from . import views_ob3

app_name = "ob3"

urlpatterns = [
    path("did.json", views_ob3.platform_did, name="platform-did"),
    path("jwks.json", views_ob3.platform_jwks, name="platform-jwks"),
    path("issuers/<uuid:public_id>/did.json", views_ob3.issuer_did, name="issuer-did"),
    path("issuers/<uuid:public_id>/jwks.json", views_ob3.issuer_jwks, name="issuer-jwks"),
    path(
        "issuers/<uuid:public_id>/status/revocation",
        views_ob3.issuer_status,
        name="issuer-status",
    ),
    path(
        "achievements/<uuid:public_id>",
        views_ob3.achievement_detail,
        name="achievement-detail",
    ),
    path(
        "endorsements/<uuid:public_id>",
        views_ob3.endorsement_detail,
        name="endorsement-detail",
    ),
    path("credentials/<uuid:public_id>", views_ob3.credential_detail, name="credential-detail"),
    path(
        "credentials/<uuid:public_id>/credential.jwt",
        views_ob3.credential_jwt,
        name="credential-jwt",
    ),
    path(
        "credentials/<uuid:public_id>/baked.png",
        views_ob3.credential_baked,
        {"kind": "png"},
        name="credential-baked-png",
    ),
    path(
        "credentials/<uuid:public_id>/baked.svg",
        views_ob3.credential_baked,
        {"kind": "svg"},
        name="credential-baked-svg",
    ),
    path(
        "credentials/<uuid:public_id>/wallet",
        views_ob3.credential_wallet,
        name="credential-wallet",
    ),
    path("clr/mine", views_ob3.clr_mine, name="clr-mine"),
]
