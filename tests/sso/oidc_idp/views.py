"""The test IdP's own endpoints (see the package's notes)."""

import base64
import json
import secrets

from allauth.idp.oidc import views as oidc
from allauth.idp.oidc.models import Client, Token
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Person

TOKEN_PATHS = ("/identity/o/api/token", "/oauth/tokens")
MULTI_TENANT = ("organizations", "common")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TamperMiddleware:
    """Alters a signed id_token leaving the token endpoint for a person whose
    knobs say "tamper": the e-mail in the payload changes, the signature stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path not in TOKEN_PATHS or response.status_code != 200:
            return response
        body = json.loads(response.content)
        if "id_token" not in body:
            return response
        header, payload, signature = body["id_token"].split(".")
        claims = json.loads(_unb64(payload))
        person = Person.objects.filter(user_id=claims.get("sub")).first()
        if person is None or not person.knobs.get("tamper"):
            return response
        claims["email"] = "mallory@evil.example"
        body["id_token"] = ".".join([header, _b64(json.dumps(claims).encode()), signature])
        response.content = json.dumps(body).encode()
        response["Content-Length"] = str(len(response.content))
        return response


def _authorized(request: HttpRequest) -> bool:
    given = request.headers.get("X-Test-Token", "")
    return secrets.compare_digest(given, settings.IDP_TEST_TOKEN)


@csrf_exempt
@require_POST
def setup(request: HttpRequest) -> JsonResponse:
    """Creates or updates clients and people: {"clients": [...], "people": [...]}."""
    if not _authorized(request):
        return JsonResponse({"error": "forbidden"}, status=403)
    data = json.loads(request.body)
    for spec in data.get("clients", []):
        client, _ = Client.objects.get_or_create(id=spec["id"], defaults={"name": spec["id"]})
        client.name = spec["id"]
        client.set_secret(spec["secret"])
        client.set_redirect_uris(spec["redirect_uris"])
        client.set_scopes(spec.get("scopes", ["openid", "profile", "email"]))
        client.skip_consent = True
        client.save()
    subs = {}
    for spec in data.get("people", []):
        user, _ = get_user_model().objects.get_or_create(username=spec["username"])
        user.set_password(spec.get("password", "password"))
        user.save()
        person, _ = Person.objects.get_or_create(user=user)
        person.claims = spec.get("claims", {})
        person.knobs = spec.get("knobs", {})
        person.clever = spec.get("clever", {})
        person.save()
        subs[user.username] = str(user.pk)
    return JsonResponse({"subs": subs})


@csrf_exempt
@require_POST
def login_as(request: HttpRequest) -> HttpResponse:
    if not _authorized(request):
        return JsonResponse({"error": "forbidden"}, status=403)
    user = get_user_model().objects.get(username=request.POST["username"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return HttpResponse("signed in")


def microsoft_configuration(request: HttpRequest, tenant: str) -> JsonResponse:
    """Entra ID's discovery document for a tenant, on this server's keys and endpoints."""
    config = json.loads(oidc.configuration(request).content)
    root = request.build_absolute_uri("/").rstrip("/")
    issuer_tenant = "{tenantid}" if tenant in MULTI_TENANT else tenant
    config["issuer"] = f"{root}/ms/{issuer_tenant}/v2.0"
    return JsonResponse(config)


@csrf_exempt
def clever_tokens(request: HttpRequest) -> HttpResponse:
    """Clever's token endpoint takes the client's id and secret by HTTP Basic only."""
    if not request.headers.get("Authorization", "").startswith("Basic "):
        return JsonResponse({"error": "invalid_client"}, status=401)
    return oidc.token(request)


def _bearer_person(request: HttpRequest) -> Person | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value:
        return None
    token = Token.objects.lookup(Token.Type.ACCESS_TOKEN, value)
    if token is None or token.user_id is None:
        return None
    return Person.objects.filter(user_id=token.user_id).first()


def clever_me(request: HttpRequest) -> JsonResponse:
    person = _bearer_person(request)
    if person is None or not person.clever:
        return JsonResponse({"error": "invalid_token"}, status=401)
    record = person.clever
    role = next(iter(record.get("roles", {})), "")
    return JsonResponse(
        {
            "type": "user",
            "data": {
                "id": record["id"],
                "district": record.get("district"),
                "type": role,
                "authorized_by": "district",
            },
            "links": [
                {"rel": "self", "uri": "/me"},
                {"rel": "canonical", "uri": f"/v3.0/users/{record['id']}"},
            ],
        }
    )


def clever_user(request: HttpRequest, user_id: str) -> JsonResponse:
    person = _bearer_person(request)
    if person is None or not person.clever:
        return JsonResponse({"error": "invalid_token"}, status=401)
    if person.clever.get("id") != user_id:
        return JsonResponse({"message": "Resource not found"}, status=404)
    return JsonResponse(
        {"data": person.clever, "links": [{"rel": "self", "uri": f"/v3.0/users/{user_id}"}]}
    )


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect("/.well-known/openid-configuration")
