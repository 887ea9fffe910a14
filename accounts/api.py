"""Account endpoints of the API: obtaining a token, rate limited."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from core.ratelimits import TokenAccountThrottle, TokenIPThrottle

from .permissions import has_verified_email
from .sso.selectors import password_refusal


class TokenView(ObtainAuthToken):
    """Exchange an e-mail address and password for an API token.

    Rate limited in the shared cache per account from one IP (`API_TOKEN_RATE`, default
    5/minute) and per IP (`API_TOKEN_IP_RATE`, default 30/minute), and, like the web
    sign-in, only for active accounts with a verified e-mail address.
    """

    throttle_classes = [TokenIPThrottle, TokenAccountThrottle]

    def refusal(self, user) -> str | None:
        """Why `user`, whose password was right, gets no token (None: they get one).
        Layers above add their own rules (config.mfa.tokens)."""
        refusal = password_refusal(user)
        if refusal is not None:
            return refusal.api_message()
        if not has_verified_email(user):
            return "Verify your e-mail address before using the API."
        return None

    @extend_schema(
        tags=["auth"],
        summary="Obtain an API token",
        description="Send your e-mail address as `username` with your password; use the "
        "returned key as `Authorization: Token <key>`.",
        auth=[],
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: inline_serializer(
                "TokenError",
                {"non_field_errors": serializers.ListField(child=serializers.CharField())},
            ),
        },
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        refusal = self.refusal(user)
        if refusal is not None:
            return Response({"non_field_errors": [refusal]}, status=status.HTTP_400_BAD_REQUEST)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
