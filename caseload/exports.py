"""Downloads of plans and reviews (CSV or XLSX), limited to what the person may see.

Both are read through the entity's access rule (`plan_list_for_user`, `review_list_for_user`)
and recorded as an event before the first row leaves. The CSV is streamed from PostgreSQL's
COPY (common.csv_stream), so a council's whole caseload downloads in about the time the
database takes to write it, in constant memory; once the last block is sent, a second event
records the file's size and SHA-256. The XLSX is written row by row to a temporary file by
openpyxl in write-only mode (constant memory), then sent; its event carries its SHA-256.

Every cell is text, formatted in SQL as django-import-export wrote it before (dates
YYYY-MM-DD, booleans 1 and 0, NULL as an empty cell) and guarded against formulae
(common.tabular.formula_safe).
"""

import codecs
import csv
import hashlib
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import Case, F, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

from accounts.access import role_required, signed_in_user
from accounts.models import Role, User
from audit.services import event_record
from caseload.filters import ReviewFilter
from casework.selectors import plan_list_for_user
from common.csv_stream import FormulaSafe, IsoDate, NumberText, OneOrZero, csv_copy_stream
from common.downloads import attachment
from common.replica import pinned, reading_from_replica
from reviews.models import ReviewQuerySet
from reviews.selectors import review_list_for_user

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

PLAN_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("plan_ref", FormulaSafe(F("plan_ref"))),
    ("upn", FormulaSafe(F("child__upn"))),
    ("forename", FormulaSafe(F("child__forename"))),
    ("surname", FormulaSafe(F("child__surname"))),
    ("date_of_birth", IsoDate(F("child__date_of_birth"))),
    ("primary_need", FormulaSafe(F("primary_need"))),
    ("setting_urn", FormulaSafe(F("setting__urn"))),
    ("setting_name", FormulaSafe(F("setting__name"))),
    ("setting_phase", FormulaSafe(F("setting__phase"))),
    ("area", FormulaSafe(F("area__name"))),
    ("plan_issued_on", IsoDate(F("issued_on"))),
    ("looked_after", Case(When(child__looked_after=True, then=Value("Y")), default=Value("N"))),
    ("case_officer_email", FormulaSafe(F("case_officer__email"))),
    ("status", FormulaSafe(F("status"))),
)
"""The plans file's columns, in order, each with the SQL that writes its cell."""

REVIEW_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("id", NumberText(F("id"))),
    ("plan_ref", FormulaSafe(F("plan__plan_ref"))),
    ("area", FormulaSafe(F("plan__area__name"))),
    ("status", FormulaSafe(F("status"))),
    ("ncy", NumberText(F("ncy"))),
    ("due_on", IsoDate(F("due_on"))),
    ("meeting_on", IsoDate(F("meeting_on"))),
    ("report_due_on", IsoDate(F("report_due_on"))),
    ("decision_due_on", IsoDate(F("decision_due_on"))),
    ("decision", FormulaSafe(F("decision"))),
    ("decision_notified_on", IsoDate(F("decision_notified_on"))),
    ("amendment_notice_on", IsoDate(F("amendment_notice_on"))),
    ("final_plan_due_on", IsoDate(F("final_plan_due_on"))),
    ("final_plan_issued_on", IsoDate(F("final_plan_issued_on"))),
    ("phase_transfer_due_on", IsoDate(F("phase_transfer_due_on"))),
    ("state", FormulaSafe(F("state"))),
    ("in_backlog", OneOrZero(F("in_backlog"))),
    ("days_overdue", NumberText(F("days_overdue"))),
    ("priority", NumberText(F("priority"))),
)
"""The reviews file's columns, in order, each with the SQL that writes its cell."""


def export_rows(
    queryset: QuerySet[Any], columns: Sequence[tuple[str, Any]]
) -> "QuerySet[Any, tuple[str | None, ...]]":
    """One tuple of text cells per row of `queryset`, in its order, in one query."""
    names = [f"cell_{number}" for number in range(len(columns))]
    cells = {name: expression for name, (_, expression) in zip(names, columns, strict=True)}
    rows: QuerySet[Any, tuple[str | None, ...]] = queryset.annotate(**cells).values_list(*names)
    return rows


def plans_export_rows(user: User) -> "QuerySet[Any, tuple[str | None, ...]]":
    """The plans file's rows: every plan `user` may see, by plan reference."""
    return export_rows(plan_list_for_user(user).order_by("plan_ref"), PLAN_COLUMNS)


def reviews_export_rows(
    reviews: ReviewQuerySet,
) -> "QuerySet[Any, tuple[str | None, ...]]":
    """The reviews file's rows, in the queue's order (highest priority first), with days
    overdue and priority as of today (reviews.models.ReviewQuerySet.with_urgency)."""
    return export_rows(reviews.with_urgency().order_by("-priority", "due_on", "id"), REVIEW_COLUMNS)


def _lines(blocks: Iterable[bytes]) -> Iterator[str]:
    """The lines of a CSV file sent in blocks, each with its line feed (csv.reader joins the
    lines of a quoted cell that holds line breaks)."""
    rest = ""
    decoder = codecs.getincrementaldecoder("utf-8")()  # a block may end inside a character
    for block in blocks:
        *lines, rest = (rest + decoder.decode(block)).split("\n")
        yield from (line + "\n" for line in lines)
    if rest:
        yield rest


def _download(
    request: HttpRequest,
    rows: "QuerySet[Any, tuple[str | None, ...]]",
    header: Sequence[str],
    fmt: str,
    name: str,
    filters: dict[str, Any],
) -> HttpResponseBase:
    user = signed_in_user(request)
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    # The rows' database chosen now, before the event below is written (common.replica).
    rows = pinned(rows)
    if fmt == "xlsx":
        return _xlsx_download(user, rows, header, filename, filters)
    # Recorded before the first row is sent; how many rows were sent is recorded once they
    # have been, as COPY counted them. Counting them first as well was a second query over
    # the whole selection (a fifth of the time of a download of the backlog at 700,000 plans)
    # and could disagree with the file, read in another statement.
    event_record(
        actor=user,
        action="caseload.exported",
        details={"file": filename, "filters": filters},
    )

    def sent(size: int, sha256: str, written: int) -> None:
        event_record(
            actor=user,
            action="caseload.export_sent",
            details={"file": filename, "rows": written, "bytes": size, "sha256": sha256},
        )

    response = StreamingHttpResponse(
        csv_copy_stream(rows, header, when_sent=sent), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = attachment(filename)
    return response


def _xlsx_download(
    user: User,
    rows: "QuerySet[Any, tuple[str | None, ...]]",
    header: Sequence[str],
    filename: str,
    filters: dict[str, Any],
) -> FileResponse:
    from openpyxl import Workbook  # imported here: only XLSX downloads need it

    workbook = Workbook(write_only=True)  # rows go to a temporary file, not memory
    sheet = workbook.create_sheet()
    count = -1  # the header is not a row
    # Read through COPY too: a server-side cursor's fast-start plan was far slower.
    for cells in csv.reader(_lines(csv_copy_stream(rows, header))):
        sheet.append(cells)
        count += 1
    file = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so deletes) it
    workbook.save(file)
    file.seek(0)
    digest = hashlib.file_digest(file, "sha256").hexdigest()
    file.seek(0)
    event_record(
        actor=user,
        action="caseload.exported",
        details={"file": filename, "sha256": digest, "rows": count, "filters": filters},
    )
    return FileResponse(
        file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"]
    )


@role_required(Role.CASE_OFFICER, Role.MANAGER)
@reading_from_replica()
def export_plans(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404("Plans can be downloaded as CSV or XLSX.")
    rows = plans_export_rows(signed_in_user(request))
    return _download(request, rows, [name for name, _ in PLAN_COLUMNS], fmt, "plans", {})


@role_required(Role.CASE_OFFICER, Role.MANAGER)
@reading_from_replica()
def export_reviews(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Reviews, filtered as the reviews list is (for example ?in_backlog=true&area=North)."""
    if fmt not in FORMATS:
        raise Http404("Reviews can be downloaded as CSV or XLSX.")
    filtered = ReviewFilter(request.GET, queryset=review_list_for_user(signed_in_user(request)))
    if not filtered.is_valid():
        raise Http404("Those filters are not valid.")
    filters = {k: v for k, v in request.GET.items() if k in filtered.filters}
    rows = reviews_export_rows(filtered.qs)
    return _download(request, rows, [name for name, _ in REVIEW_COLUMNS], fmt, "reviews", filters)
