from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import role_required
from accounts.models import Role


@role_required(Role.VOLUNTEER)
def volunteer_home(request: HttpRequest) -> HttpResponse:
    return render(request, "reviews/volunteer_home.html", {"heading": "Your volunteer reviews"})


@role_required(Role.HEADTEACHER)
def headteacher_home(request: HttpRequest) -> HttpResponse:
    return render(request, "reviews/headteacher_home.html", {"heading": "Releasing your SENCO"})
