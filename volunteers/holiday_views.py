"""The programme manager's school holidays: release days that fall in one are not worked."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from common.dates import long_date
from common.forms import form_status
from volunteers.forms import SchoolHolidayForm
from volunteers.models import SchoolHoliday
from volunteers.services import school_holiday_add, school_holiday_remove


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def school_holidays(request: HttpRequest) -> HttpResponse:
    """The holidays to come, each removable, and a form to add one."""
    form = SchoolHolidayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        holiday = school_holiday_add(
            actor=signed_in_user(request),
            name=form.cleaned_data["name"],
            start_on=form.cleaned_data["start_on"],
            end_on=form.cleaned_data["end_on"],
        )
        messages.success(
            request,
            f"{holiday.name} added: no reviews are planned from {long_date(holiday.start_on)} "
            f"to {long_date(holiday.end_on)}.",
        )
        return redirect("volunteers:school-holidays")
    today = timezone.localdate()
    return render(
        request,
        "volunteers/school_holidays.html",
        {
            "form": form,
            "holidays": SchoolHoliday.objects.filter(end_on__gte=today),
            "past": SchoolHoliday.objects.filter(end_on__lt=today).order_by("-start_on")[:10],
        },
        status=form_status(form),
    )


@role_required(Role.MANAGER)
@require_POST
def school_holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    removed = school_holiday_remove(actor=signed_in_user(request), holiday_id=pk)
    if removed is not None:
        messages.success(request, f"{removed.name} removed: its days are release days again.")
    return redirect("volunteers:school-holidays")
