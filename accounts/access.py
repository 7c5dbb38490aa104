"""Who may use which page. Every signed-in page declares its roles with `role_required`.

Anonymous visitors never reach a view: `DenyByDefaultMiddleware` sends them to sign-in
unless the view is marked public with Django's `login_not_required`. A signed-in person
whose role is not allowed gets 403. Per-object rules (404 when you may not see an object)
live in each entity's `<entity>_get_for_user` selector, which these pages call.
"""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import render

from accounts.models import Role, User

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])

ALL_ROLES = frozenset(Role)

HOME_URL_NAMES: dict[str, str] = {
    Role.CASE_OFFICER: "casework:officer-home",
    Role.MANAGER: "casework:manager-home",
    Role.VOLUNTEER: "reviews:volunteer-home",
    Role.HEADTEACHER: "reviews:headteacher-home",
    Role.LOCALOFFER_EDITOR: "localoffer-editor:home",
}


def signed_in_user(request: HttpRequest) -> User:
    """The person making a request that the access rules have already let through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def user_has_role(user: Any, roles: frozenset[Role]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def role_required(*roles: Role) -> Callable[[ViewFunc], ViewFunc]:
    """Allow the view to signed-in people holding one of `roles`; everyone else gets 403."""
    allowed = frozenset(roles)
    if not allowed:
        raise ValueError("role_required needs at least one role")

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not user_has_role(request.user, allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


any_role = role_required(*ALL_ROLES)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The email address a sign-in attempt was for, whichever form or API sent it.

    The sign-in page posts it as `username`, the token endpoint as `email`; django-axes
    counts failures against this value, lowercased like the stored addresses.
    """
    for source in (credentials or {}, request.POST):
        for key in ("username", "email"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponseBase | None,
    credentials: dict[str, Any] | None,
) -> HttpResponseBase:
    """What someone locked out by django-axes sees: a GOV.UK page, or JSON from the API."""
    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    minutes = round(cooloff.total_seconds() / 60)
    if request.path.startswith("/api/"):
        message = f"Too many failed sign-in attempts. Try again in {minutes} minutes."
        return JsonResponse({"detail": message}, status=429)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_timedelta": cooloff}
    return render(request, "accounts/locked_out.html", context, status=429)
