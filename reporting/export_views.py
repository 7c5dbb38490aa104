"""The SEN2 export for the annual statutory return (issue 7): a page to choose the census day
and see what the file will hold, and the file itself."""

from datetime import date
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from casework.models import Plan
from casework.selectors import plan_list_for_user
from common.downloads import attachment
from common.replica import pinned, reading_from_replica
from organisation.models import AreaTeam
from reporting.forms import Sen2Form
from reporting.sen2 import (
    SEN2_COLUMNS,
    Sen2Period,
    sen2_census_day_default,
    sen2_plans_in_scope,
    sen2_stream,
    sen2_summary,
)

TEMPLATE = "reporting/sen2.html"


def _form(request: HttpRequest) -> Sen2Form:
    default = sen2_census_day_default(today=timezone.localdate())
    if request.GET:
        return Sen2Form(request.GET, default_census_day=default)
    return Sen2Form(default_census_day=default)


def _in_scope(request: HttpRequest, census_day: date, area: AreaTeam | None) -> QuerySet[Plan]:
    # Through the plans' access rule, like every export.
    plans = plan_list_for_user(signed_in_user(request))
    return sen2_plans_in_scope(plans, period=Sen2Period(census_day), area=area)


def _refused(request: HttpRequest, form: Sen2Form) -> HttpResponse:
    """The page again with the form's errors: nothing is exported."""
    return render(request, TEMPLATE, {"form": form, "columns": SEN2_COLUMNS}, status=400)


def _download_url(census_day: date, area: AreaTeam | None) -> str:
    query: dict[str, str | int] = {
        "census_day_0": census_day.day,
        "census_day_1": census_day.month,
        "census_day_2": census_day.year,
    }
    if area is not None:
        query["area"] = area.name
    return f"{reverse('reporting:sen2-csv')}?{urlencode(query)}"


@role_required(Role.MANAGER)
@reading_from_replica()
def sen2_page(request: HttpRequest) -> HttpResponse:
    """Choose the census day (and an area) and see how many plans the file holds and how many
    children the DfE cannot identify, before downloading it."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _refused(request, form)
    census_day, area = form.choice()
    summary = sen2_summary(_in_scope(request, census_day, area))
    context = {
        "form": form,
        "columns": SEN2_COLUMNS,
        "period": Sen2Period(census_day),
        "area": area,
        "summary": summary,
        "download_url": _download_url(census_day, area),
    }
    return render(request, TEMPLATE, context)


@role_required(Role.MANAGER)
@reading_from_replica()
def sen2_export(request: HttpRequest) -> HttpResponseBase:
    """The SEN2 annual-review items of every plan in the return (or one area's) for a census
    day, streamed as CSV; the download is recorded as an event."""
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return _refused(request, form)
    census_day, area = form.choice()

    # Its database chosen now, before the event below is written (common.replica).
    plans = pinned(_in_scope(request, census_day, area))
    summary = sen2_summary(plans)
    filename = f"sen2-annual-reviews-{census_day:%Y-%m-%d}.csv"
    filters: dict[str, str] = {"census_day": census_day.isoformat()}
    if area is not None:
        filters["area"] = area.name
    event_record(
        actor=signed_in_user(request),
        action="export.sen2",
        details={
            "file": filename,
            "rows": summary.plans,
            "children_without_identity": summary.children_without_identity,
            "filters": filters,
        },
    )
    response = StreamingHttpResponse(
        sen2_stream(plans, census_day=census_day), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = attachment(filename)
    return response
