"""Schools' SEN information reports: the school's own check, by its SENCO or headteacher, and
the council's view of every school's, for managers and Local Offer editors.

Who may see or change which school's report is decided once, in localoffer.selectors.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from import_export.formats.base_formats import CSV

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from audit.services import event_record
from common.downloads import attachment, neutralise_formulae
from common.pagination import page_links
from localoffer.models import SenReportItem
from localoffer.selectors import sen_report_get_for_user, sen_report_setting_list_for_user
from localoffer.sen_report_forms import ComplianceFilterForm, SenReportForm
from localoffer.sen_reports import (
    COMPLIANCE_SORTS,
    ITEM_GUIDANCE,
    ITEM_TOTAL,
    ComplianceStatus,
    compliance_filter,
    compliance_rows,
    compliance_sort,
    compliance_summary,
    sen_report_assess,
    sen_report_status,
)
from organisation.models import AreaTeam, Setting

COUNCIL = (Role.MANAGER, Role.LOCALOFFER_EDITOR)
SCHOOL = (Role.VOLUNTEER, Role.HEADTEACHER)
PAGE_SIZES = (25, 50, 100)
SIZE_VALUES = frozenset(str(size) for size in PAGE_SIZES)
DEFAULT_SORT = "school"
COLUMN_ORDER = ("school", "area", "report", "items", "status", "assessed")
UNSORTED_COLUMNS = {"report": "Report"}


# The school's own check ----------------------------------------------------------------------


@role_required(*SCHOOL)
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.setting_id is None:
        raise Http404("You are not recorded as belonging to a school.")
    report = sen_report_get_for_user(user, user.setting_id, write=request.method == "POST")
    form = (
        SenReportForm(request.POST)
        if request.method == "POST"
        else SenReportForm(initial={"url": report.url, "items_met": report.items_met})
    )
    if request.method == "POST" and form.is_valid():
        try:
            sen_report_assess(
                user=user,
                setting_id=user.setting_id,
                url=form.cleaned_data["url"],
                items_met=form.cleaned_data["items_met"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Your check of the SEN information report is saved.")
            return redirect("sen-reports:mine")
    return render(
        request,
        "localoffer/sen_reports/mine.html",
        {
            "heading": "Your school's SEN information report",
            "form": form,
            "report": report,
            "school": report.setting,
            "status": sen_report_status(report),
            "missing": report.items_missing(),
            "item_total": ITEM_TOTAL,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# The council's view --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    href: str
    aria_sort: str
    numeric: bool = False


@dataclass(frozen=True)
class ComplianceTable:
    form: ComplianceFilterForm
    area: AreaTeam | None
    scope: QuerySet[Setting]
    rows: QuerySet[Setting]
    sort: str
    descending: bool
    filters: dict[str, str]


def _compliance_table(request: HttpRequest, user: User) -> ComplianceTable:
    """The schools the person may see, narrowed by the valid filters and sorted as asked."""
    areas = list(AreaTeam.objects.order_by("name"))
    form = ComplianceFilterForm(request.GET, areas=areas)
    form.is_valid()
    area_id: int | None = form.cleaned_data.get("area")
    area = next((a for a in areas if a.pk == area_id), None)
    status: str = form.cleaned_data.get("status") or ""
    scope = sen_report_setting_list_for_user(user)
    if area is not None:
        scope = scope.filter(area=area)
    requested = request.GET.get("sort", DEFAULT_SORT)
    descending = requested.startswith("-")
    sort = requested.removeprefix("-")
    if sort not in COMPLIANCE_SORTS:
        sort, descending = DEFAULT_SORT, False
    rows = compliance_sort(
        compliance_filter(compliance_rows(scope), status=status), sort, descending=descending
    )
    filters = {"area": str(area.pk) if area else "", "status": status}
    return ComplianceTable(form, area, scope, rows, sort, descending, filters)


def _columns(query: QueryDict, table: ComplianceTable) -> list[Column]:
    """The table's headings in order. A sortable one links to the table sorted by it;
    following the current one again reverses the order."""
    columns = []
    for key in COLUMN_ORDER:
        if key in UNSORTED_COLUMNS:
            columns.append(Column(key, UNSORTED_COLUMNS[key], "", ""))
            continue
        label = COMPLIANCE_SORTS[key][0]
        current = key == table.sort
        params = query.copy()
        params.pop("page", None)
        params["sort"] = f"-{key}" if current and not table.descending else key
        aria_sort = ("descending" if table.descending else "ascending") if current else "none"
        columns.append(Column(key, label, f"?{params.urlencode()}", aria_sort, key == "items"))
    return columns


@role_required(*COUNCIL)
@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    """Every school's report: a summary, then a table, sorted and paginated on the server."""
    user = signed_in_user(request)
    table = _compliance_table(request, user)
    size = int(request.GET["size"]) if request.GET.get("size") in SIZE_VALUES else 25
    page = Paginator(table.rows, size).get_page(request.GET.get("page"))
    summary = compliance_summary(table.scope)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "localoffer/sen_reports/compliance.html",
        {
            "heading": "Schools' SEN information reports",
            "form": table.form,
            "area": table.area,
            "summary": summary,
            "page": page,
            "columns": _columns(request.GET, table),
            "query": query.urlencode(),
            "page_links": page_links(page.number, page.paginator.num_pages, query.urlencode())
            if page.has_other_pages()
            else [],
            "sort": _sort_param(table),
            "csv_query": _csv_query(table),
            "item_total": ITEM_TOTAL,
            "page_sizes": PAGE_SIZES,
            "size": size,
        },
        status=400 if table.form.errors else 200,
    )


def _sort_param(table: ComplianceTable) -> str:
    return f"-{table.sort}" if table.descending else table.sort


def _csv_query(table: ComplianceTable) -> str:
    params = QueryDict(mutable=True)
    for name, value in table.filters.items():
        if value:
            params[name] = value
    params["sort"] = _sort_param(table)
    return params.urlencode()


CSV_HEADERS = [
    "URN",
    "School",
    "Area team",
    "Report web address",
    "Items covered",
    "Items required",
    "Status",
    "Last assessed",
    "Assessed by",
]


def _csv_row(row: Any) -> list[Any]:
    covered = set(row.report_items or ())
    assessed_at = timezone.localtime(row.assessed_at) if row.assessed_at else None
    return [
        row.urn,
        row.name,
        row.area.name,
        row.report_url,
        row.items_covered,
        ITEM_TOTAL,
        ComplianceStatus(row.status).label,
        f"{assessed_at:%Y-%m-%d %H:%M}" if assessed_at else "",
        row.assessed_by_name or "",
        *("Yes" if item.value in covered else "No" for item in SenReportItem),
    ]


@role_required(*COUNCIL)
@require_GET
def compliance_csv(request: HttpRequest) -> HttpResponse:
    """The compliance table as CSV, with the same filters and order, every row, and one
    Yes/No column per Schedule 1 item."""
    user = signed_in_user(request)
    table = _compliance_table(request, user)
    if table.form.errors:
        return HttpResponse("Those filters are not valid.", status=400, content_type="text/plain")
    dataset = tablib.Dataset(headers=[*CSV_HEADERS, *(item.label for item in SenReportItem)])
    for row in table.rows.iterator(chunk_size=2000):
        dataset.append(_csv_row(row))
    data = CSV().export_data(neutralise_formulae(dataset)).encode("utf-8")
    filename = f"sen-information-reports-{timezone.localdate():%Y-%m-%d}.csv"
    event_record(
        actor=user,
        action="sen_reports.exported",
        details={
            "file": filename,
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": len(dataset),
            "filters": {name: value for name, value in table.filters.items() if value},
        },
    )
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(filename)
    return response


@role_required(*COUNCIL, *SCHOOL)
@require_GET
def school(request: HttpRequest, setting_id: int) -> HttpResponse:
    """One school's report, read-only: each Schedule 1 item, covered or missing."""
    user = signed_in_user(request)
    report = sen_report_get_for_user(user, setting_id)
    covered = set(report.items_met)
    return render(
        request,
        "localoffer/sen_reports/school.html",
        {
            "heading": report.setting.name,
            "report": report,
            "school": report.setting,
            "status": sen_report_status(report),
            "items": [
                (item, item.value in covered, ITEM_GUIDANCE[item.value]) for item in SenReportItem
            ],
            "covered": len(covered),
            "item_total": ITEM_TOTAL,
            "council": user.role in COUNCIL,
        },
    )
