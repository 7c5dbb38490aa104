"""Downloads of plans and reviews (CSV or XLSX), limited to what the person may see."""

import hashlib
from typing import Any

import tablib
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from caseload.filters import ReviewFilter
from caseload.resources import PlanExportResource, ReviewExportResource
from casework.selectors import plan_list_for_user
from common.downloads import attachment, neutralise_formulae
from reviews.selectors import review_list_for_user

FORMATS = {"csv": CSV, "xlsx": XLSX}


def _download(
    request: HttpRequest, dataset: tablib.Dataset, fmt: str, name: str, filters: dict[str, Any]
) -> HttpResponse:
    file_format = FORMATS[fmt]()
    content = file_format.export_data(neutralise_formulae(dataset))
    data = content.encode("utf-8") if isinstance(content, str) else content
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    event_record(
        actor=signed_in_user(request),
        action="caseload.exported",
        details={
            "file": filename,
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": len(dataset),
            "filters": filters,
        },
    )
    response = HttpResponse(data, content_type=file_format.get_content_type())
    response["Content-Disposition"] = attachment(filename)
    return response


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def export_plans(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Plans can be downloaded as CSV or XLSX.")
    plans = plan_list_for_user(signed_in_user(request)).order_by("plan_ref")
    return _download(request, PlanExportResource().export(queryset=plans), fmt, "plans", {})


@role_required(Role.CASE_OFFICER, Role.MANAGER)
def export_reviews(request: HttpRequest, fmt: str) -> HttpResponse:
    """Reviews, filtered as the reviews list is (for example ?in_backlog=true&area=North)."""
    if fmt not in FORMATS:
        raise Http404("Reviews can be downloaded as CSV or XLSX.")
    filtered = ReviewFilter(request.GET, queryset=review_list_for_user(signed_in_user(request)))
    if not filtered.is_valid():
        raise Http404("Those filters are not valid.")
    reviews = filtered.qs.with_urgency().order_by("-priority", "due_on", "id")
    filters = {k: v for k, v in request.GET.items() if k in filtered.filters}
    return _download(
        request, ReviewExportResource().export(queryset=reviews), fmt, "reviews", filters
    )
