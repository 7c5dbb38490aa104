from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from casework.models import AreaTeam
from reviews.alerts import alert_list_for_user


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


@role_required(Role.CASE_OFFICER)
def notifications(request: HttpRequest) -> HttpResponse:
    alerts = alert_list_for_user(signed_in_user(request)).order_by("-raised_at", "review__due_on")
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(request, "casework/notifications.html", {"page": page})
