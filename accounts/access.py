"""Who may use which page. Every signed-in page declares its roles with `role_required`.

Anonymous visitors never reach a view: `DenyByDefaultMiddleware` sends them to sign-in
unless the view is marked public with Django's `login_not_required`. A signed-in person
whose role is not allowed gets 403. Per-object rules (404 when you may not see an object)
live in each entity's `<entity>_get_for_user` selector, which these pages call.
"""

import ipaddress
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
    Role.CASE_OFFICER: "workbench:officer-home",
    Role.MANAGER: "reporting:manager-home",
    Role.VOLUNTEER: "volunteers:volunteer-home",
    Role.HEADTEACHER: "volunteers:headteacher-home",
    Role.LOCALOFFER_EDITOR: "localoffer-editor:home",
    Role.SCHOOL: "portal:school-home",
    Role.FAMILY: "portal:family-home",
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


def client_address(request: HttpRequest) -> str:
    """The address of the client: REMOTE_ADDR, or behind NUM_PROXIES proxies the address the
    outermost of them received the request from (counted from the right of X-Forwarded-For,
    as each proxy appends what it saw). Anything the client itself wrote there is ignored;
    an entry that is not an address falls back to REMOTE_ADDR."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies: int = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in str(forwarded).split(",")]
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


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
    """What someone locked out by django-axes sees: a GOV.UK page, or JSON from the API.

    It says whether this account was tried too often from here, or too many accounts were
    tried from this address (password spraying), since the second locks out colleagues too.
    """
    from accounts.lockout import address_is_locked  # axes' models load after this module

    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    minutes = round(cooloff.total_seconds() / 60)
    whole_address = address_is_locked(request)
    if request.path.startswith("/api/"):
        where = " from your network" if whole_address else ""
        message = f"Too many failed sign-in attempts{where}. Try again in {minutes} minutes."
        response: HttpResponseBase = JsonResponse({"detail": message}, status=429)
    else:
        context = {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_timedelta": cooloff,
            "whole_address": whole_address,
            # A family member typing emailed codes, not a password (accounts.code_views).
            "by_code": request.path.startswith("/sign-in/family/"),
        }
        response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response
