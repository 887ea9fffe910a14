"""Open Badges 3.0 URLs. Credential, key and status list URLs are baked into issued
credentials and DIDs: never rename or move them."""

from django.urls import path

from ..views import credentials, earner, keys

app_name = "ob3"

urlpatterns = [
    path("did.json", keys.platform_did, name="platform-did"),
    path("jwks.json", keys.platform_jwks, name="platform-jwks"),
    path("issuers/<uuid:public_id>/did.json", keys.issuer_did, name="issuer-did"),
    path("issuers/<uuid:public_id>/jwks.json", keys.issuer_jwks, name="issuer-jwks"),
    path(
        "issuers/<uuid:public_id>/status/revocation",
        keys.issuer_status,
        name="issuer-status",
    ),
    path(
        "achievements/<uuid:public_id>",
        credentials.achievement_detail,
        name="achievement-detail",
    ),
    path(
        "endorsements/<uuid:public_id>",
        credentials.endorsement_detail,
        name="endorsement-detail",
    ),
    path("credentials/<uuid:public_id>", credentials.credential_detail, name="credential-detail"),
    path(
        "credentials/<uuid:public_id>/credential.jwt",
        credentials.credential_jwt,
        name="credential-jwt",
    ),
    path(
        "credentials/<uuid:public_id>/baked.png",
        credentials.credential_baked,
        {"kind": "png"},
        name="credential-baked-png",
    ),
    path(
        "credentials/<uuid:public_id>/baked.svg",
        credentials.credential_baked,
        {"kind": "svg"},
        name="credential-baked-svg",
    ),
    path(
        "credentials/<uuid:public_id>/wallet",
        earner.credential_wallet,
        name="credential-wallet",
    ),
    path("clr/mine", earner.clr_mine, name="clr-mine"),
]
