from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from casework.models import AreaTeam


@role_required(Role.CASE_OFFICER)
def officer_home(request: HttpRequest) -> HttpResponse:
    areas = AreaTeam.objects.filter(members=signed_in_user(request))
    return render(
        request, "casework/officer_home.html", {"heading": "Your caseload", "areas": areas}
    )


@role_required(Role.MANAGER)
def manager_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casework/manager_home.html",
        {"heading": "Service overview", "areas": AreaTeam.objects.all()},
    )
