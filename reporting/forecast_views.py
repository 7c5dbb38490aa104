"""The manager's backlog forecast page (issue 7), and the default officer capacity of each area
team that a manager sets on it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from common.replica import reading_from_replica
from reporting.current import REFRESH_MINUTES, current_forecast
from reporting.forecast import WEEKS, forecast_chart, forecast_last_day, week_start
from reporting.forecast_capacity import (
    forecast_capacities_save,
    forecast_capacity_defaults,
    forecast_capacity_may_change,
)
from reporting.forecast_inputs import MEASURED_MINIMUM, THROUGHPUT_WEEKS, forecast_inputs_from
from reporting.forms import ForecastCapacityForm, ForecastForm
from reporting.models import MAX_REVIEWS_PER_OFFICER_PER_WEEK, MIN_REVIEWS_PER_OFFICER_PER_WEEK
from reporting.views import worked_out_in_words


@role_required(Role.MANAGER)
@reading_from_replica()
def forecast(request: HttpRequest) -> HttpResponse:
    """Week by week for the next 26 weeks: when the backlog clears, or what would clear it.

    A POST saves the default officer capacity of each area team (managers only; nothing is
    saved unless every row is valid), then shows the same forecast again."""
    user = signed_in_user(request)
    today = timezone.localdate()
    last_day = forecast_last_day(today)
    form = (
        ForecastForm(request.GET, today=today, last_day=last_day)
        if request.GET
        else ForecastForm(today=today, last_day=last_day)
    )
    this_page = reverse("reporting:forecast") + (
        f"?{request.GET.urlencode()}" if request.GET else ""
    )
    defaults = forecast_capacity_defaults()
    capacity_form = ForecastCapacityForm(
        request.POST if request.method == "POST" else None,
        areas=[area for area, _ in defaults],
        current={area.pk: rate for area, rate in defaults if rate is not None},
    )
    capacity_form.helper.form_action = this_page
    status = 200
    if request.method == "POST":
        if not forecast_capacity_may_change(user):
            raise PermissionDenied
        if capacity_form.is_valid():
            changed = forecast_capacities_save(actor=user, rates=capacity_form.rates())
            messages.success(
                request,
                f"Default capacity saved for {_and_list([a.name for a in changed])}."
                if changed
                else "No default capacity was changed.",
            )
            return redirect(this_page)
        status = 400

    context = {
        "form": form,
        "capacity_form": capacity_form,
        "weeks": WEEKS,
        "last_day": last_day,
        "measured_minimum": MEASURED_MINIMUM,
        "throughput_weeks": THROUGHPUT_WEEKS,
        "min_rate": MIN_REVIEWS_PER_OFFICER_PER_WEEK,
        "max_rate": MAX_REVIEWS_PER_OFFICER_PER_WEEK,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "reporting/forecast.html", context, status=400)

    area = form.cleaned_data["area"] if form.is_bound else None
    clear_by = form.cleaned_data["clear_by"] if form.is_bound else None
    # The aggregates the worker keeps current (reporting.current), with today's defaults.
    current = current_forecast(area, today=today)
    inputs = forecast_inputs_from(current.measures)
    context.update(
        area=area,
        inputs=inputs,
        missing=_and_list([a.name for a in inputs.areas_without_capacity]),
        worked_out=worked_out_in_words(current.worked_out_at, now=timezone.now()),
        refresh_minutes=REFRESH_MINUTES,
    )
    if inputs.can_forecast:
        result = inputs.forecast()
        late = result.clears_on is None or (
            clear_by is not None and result.clears_on > week_start(clear_by)
        )
        target = clear_by or last_day
        context.update(
            forecast=result,
            chart=forecast_chart(result, where=area.name if area else "all area teams"),
            clear_by=target,
            extra_days=inputs.extra_volunteer_days_needed(clear_by=target) if late else None,
        )
    return render(request, "reporting/forecast.html", context, status=status)


def _and_list(names: list[str]) -> str:
    """["East", "North", "West"] reads "East, North and West"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
