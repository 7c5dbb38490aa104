"""Downloads for the annual statutory return (issue 7)."""

import csv

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from casework.models import Plan, PlanStatus
from reporting.forms import Sen2Form
from reporting.sen2 import sen2_plans, sen2_rows


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
    # One row per active plan, so the plans are counted without the export's sort.
    active = Plan.objects.filter(status=PlanStatus.ACTIVE)
    rows = (active if area is None else active.filter(area=area)).count()
    event_record(
        actor=signed_in_user(request),
        action="export.sen2",
        details={"file": filename, "rows": rows, "filters": {"area": area.name} if area else {}},
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in sen2_rows(sen2_plans(area=area))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
