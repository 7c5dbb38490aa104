"""Downloads for the annual statutory return (issue 7)."""

import csv

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from casework.selectors import plan_list_for_user
from common.downloads import attachment
from reporting.forms import Sen2Form
from reporting.sen2 import sen2_active_plans, sen2_plans, sen2_rows


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a stream."""

    def write(self, value: str) -> str:
        return value


@role_required(Role.MANAGER)
def sen2_export(request: HttpRequest) -> HttpResponseBase:
    """The SEN2 annual-review items of every active plan (or one area's), streamed as CSV."""
    form = Sen2Form(request.GET) if request.GET else Sen2Form()
    if form.is_bound and not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    area = form.cleaned_data["area"] if form.is_bound else None

    filename = f"sen2-annual-reviews-{timezone.localdate():%Y-%m-%d}.csv"
    # Through the plans' access rule, like every export; one row per plan, so they are
    # counted without the export's sort.
    plans = sen2_active_plans(plan_list_for_user(signed_in_user(request)), area=area)
    rows = plans.count()
    event_record(
        actor=signed_in_user(request),
        action="export.sen2",
        details={"file": filename, "rows": rows, "filters": {"area": area.name} if area else {}},
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in sen2_rows(sen2_plans(plans))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = attachment(filename)
    return response
