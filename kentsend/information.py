"""The service's information pages, open to everyone and linked from every page's footer:
the accessibility statement, the privacy notice and the cookies page, each written for this
service and naming the council that runs it (common.council)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.council import council_details

# When the statements were last reviewed: shown on the pages, changed when their words change.
STATEMENTS_REVIEWED_ON = "4 December 2026"


def _page(request: HttpRequest, template: str) -> HttpResponse:
    return render(
        request,
        template,
        {
            "council": council_details(),
            "reviewed_on": STATEMENTS_REVIEWED_ON,
            "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        },
    )


@login_not_required
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "information/accessibility.html")


@login_not_required
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, "information/privacy.html")


@login_not_required
@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return _page(request, "information/cookies.html")
