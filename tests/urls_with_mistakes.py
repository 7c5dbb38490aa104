"""The real URLconf plus two views added carelessly, to prove the access walk notices."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from kentsend.urls import urlpatterns as real_urlpatterns


@login_not_required
def careless_public_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("children's records")


def page_without_roles(request: HttpRequest) -> HttpResponse:
    return HttpResponse("signed in, but who may see this?")


urlpatterns = [
    *real_urlpatterns,
    path("careless/", careless_public_page, name="careless-public-page"),
    path("no-roles/", page_without_roles, name="page-without-roles"),
]
