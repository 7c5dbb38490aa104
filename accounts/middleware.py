import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase
from rest_framework.views import APIView

from accounts.models import Role
from audit.services import event_record


class DenyByDefaultMiddleware(LoginRequiredMiddleware):
    """Send anonymous visitors to sign-in unless a page is marked `login_not_required`.

    API views are left to Django REST framework, whose default permission
    (IsAuthenticated) answers 401 instead of redirecting.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response, so that no browser or proxy
    keeps a copy of a child's data (or a sign-in, reset or join page), except the public
    Local Offer and its Open Referral feed seen by anonymous visitors, which keep whatever
    caching they set. Static files are served before this (WhiteNoise) and keep theirs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not _may_be_stored(request):
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
        return response


# Public data only: the Local Offer's pages and its feed (URL namespaces).
STORABLE_NAMESPACES = frozenset({"localoffer", "openreferral"})


def _may_be_stored(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace in STORABLE_NAMESPACES


class SessionActivityMiddleware:
    """Renew a signed-in session's idle timeout at most once a minute, not on every request.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) costs a write per page
    view on the busiest pages; the 30-minute idle timeout needs no finer grain than this.
    Placed after SessionMiddleware, so that its mark is saved by it on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            minute = int(time.time() // ACTIVITY_GRAIN_SECONDS)
            if session.get(ACTIVITY_KEY) != minute:
                session[ACTIVITY_KEY] = minute
        return response


ACTIVITY_KEY = "_activity_minute"
ACTIVITY_GRAIN_SECONDS = 60


class FamilyPageReadMiddleware:
    """Every page a family member reads is an event (DESIGN section 9): a parent's or a young
    person's reading of a child's record is recorded like an officer's. Placed after
    AuthenticationMiddleware; only pages that were shown (200) are counted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method in {"GET", "HEAD"}
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and user.role == Role.FAMILY
        ):
            match = getattr(request, "resolver_match", None)
            event_record(
                actor=user,
                action="family.page_read",
                details={"path": request.path, "page": match.view_name if match else ""},
            )
        return response
