"""`Authorization: Token <key>` for the API, with django-rest-knox's expiring, hashed tokens."""

from typing import Any

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class ExpiringTokenAuthentication(TokenAuthentication):  # type: ignore[misc]
    """knox's token check, answering 401 instead of failing on a key that is not text."""

    def authenticate_credentials(self, token: bytes) -> tuple[Any, Any]:
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        return super().authenticate_credentials(token)  # type: ignore[no-any-return]


class ExpiringTokenScheme(KnoxTokenScheme):  # type: ignore[no-untyped-call]
    """How the API schema describes it: `Authorization: Token <key>`."""

    target_class = "accounts.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"
