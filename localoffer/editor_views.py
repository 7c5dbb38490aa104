from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import role_required
from accounts.models import Role


@role_required(Role.LOCALOFFER_EDITOR)
def editor_home(request: HttpRequest) -> HttpResponse:
    return render(request, "localoffer/editor_home.html", {"heading": "Your Local Offer services"})
