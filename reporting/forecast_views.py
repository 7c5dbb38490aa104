"""The manager's backlog forecast page (issue 7)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import role_required
from accounts.models import Role
from reporting.forecast import WEEKS, forecast_inputs, forecast_last_day, week_start
from reporting.forms import ForecastForm


@role_required(Role.MANAGER)
def forecast(request: HttpRequest) -> HttpResponse:
    """Week by week for the next 26 weeks: when the backlog clears, or what would clear it."""
    today = timezone.localdate()
    last_day = forecast_last_day(today)
    form = (
        ForecastForm(request.GET, today=today, last_day=last_day)
        if request.GET
        else ForecastForm(today=today, last_day=last_day)
    )
    context = {"form": form, "weeks": WEEKS, "last_day": last_day}
    if form.is_bound and not form.is_valid():
        return render(request, "reporting/forecast.html", context, status=400)

    area = form.cleaned_data["area"] if form.is_bound else None
    clear_by = form.cleaned_data["clear_by"] if form.is_bound else None
    inputs = forecast_inputs(today=today, area=area)
    result = inputs.forecast()
    late = result.clears_on is None or (
        clear_by is not None and result.clears_on > week_start(clear_by)
    )
    target = clear_by or last_day
    context.update(
        area=area,
        inputs=inputs,
        forecast=result,
        clear_by=target,
        extra_days=inputs.extra_volunteer_days_needed(clear_by=target) if late else None,
    )
    return render(request, "reporting/forecast.html", context)
