from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.access import client_address, signed_in_user
from accounts.models import User
from accounts.selectors import api_token_list_for_user
from accounts.services import api_token_issue, api_token_revoke


class TokenRequestSerializer(serializers.Serializer[dict[str, Any]]):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(
            self.context["request"],
            email=attrs["email"].strip().lower(),
            password=attrs["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                "Enter a correct email address and password.", code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenRequestThrottle(AnonRateThrottle):
    rate = "20/min"

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request)


class ObtainTokenView(APIView):
    """Exchange an email address and password for a new API token (`Authorization: Token
    <key>`). It ends after 8 hours without use, 30 days after it was issued, when the
    password changes, or when revoked; the key is shown only here."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRequestThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            429: OpenApiResponse(
                response=inline_serializer("TooManyAttempts", {"detail": serializers.CharField()}),
                description="Too many requests or failed sign-ins from this address: wait.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(
            data=request.data, context={"request": request._request}
        )
        serializer.is_valid(raise_exception=True)
        key = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": key}, status=status.HTTP_200_OK)


class ApiTokenSerializer(serializers.Serializer[AuthToken]):
    id = serializers.CharField(source="token_key", help_text="The first characters of the key.")
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField(
        source="expiry", help_text="When it ends unless it is used before then."
    )
    current = serializers.SerializerMethodField(help_text="Whether this request used it.")

    def get_current(self, token: AuthToken) -> bool:
        return bool(token == self.context["request"].auth)


class TokenListView(APIView):
    """The caller's API tokens that still work (never their keys)."""

    @extend_schema(responses=ApiTokenSerializer(many=True))
    def get(self, request: Request) -> Response:
        tokens = api_token_list_for_user(signed_in_user(request))
        return Response(ApiTokenSerializer(tokens, many=True, context={"request": request}).data)


class TokenRevokeView(APIView):
    """Revoke one of the caller's API tokens by its id."""

    @extend_schema(responses={204: None, 404: OpenApiResponse(description="Not your token.")})
    def delete(self, request: Request, token_id: str) -> Response:
        api_token_revoke(
            user=signed_in_user(request), token_id=token_id, reason="revoked by its owner"
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.Serializer[User]):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    areas = serializers.SerializerMethodField()
    setting_urn = serializers.CharField(source="setting.urn", allow_null=True, default=None)

    def get_areas(self, user: User) -> list[str]:
        return [area.name for area in user.areas.all()]


class MeView(APIView):
    """Who the caller is: their role, area teams and school."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(signed_in_user(request)).data)
