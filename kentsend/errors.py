"""Error answers: JSON under /api/, as every API answer is, and GOV.UK pages elsewhere."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import page_not_found


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """The problem page, rendered without the request's context processors (one of them may
    be what failed), given the council's name so the header still says whose service it is."""
    return HttpResponseServerError(
        render_to_string("500.html", {"council_name": settings.COUNCIL_NAME})
    )
