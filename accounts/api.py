from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.access import signed_in_user
from accounts.models import User
from audit.services import event_record


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


class ObtainTokenView(APIView):
    """Exchange an email address and password for an API token (`Authorization: Token <key>`)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRequestThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(
            data=request.data, context={"request": request._request}
        )
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, created = Token.objects.get_or_create(user=user)
        event_record(actor=user, action="api.token_issued", details={"new": created})
        return Response({"token": token.key}, status=status.HTTP_200_OK)


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
