"""The real URLconf plus one view that fails, to show the page a server error answers with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from kentsend.urls import handler404, handler500
from kentsend.urls import urlpatterns as real_urlpatterns


@login_not_required
def failing_page(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in the service")


urlpatterns = [*real_urlpatterns, path("fault/", failing_page, name="failing-page")]

__all__ = [
    "handler404",
    "handler500",
    "urlpatterns",
]  # the real error pages, as kentsend.urls names them
