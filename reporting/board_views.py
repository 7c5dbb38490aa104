"""The board report: a PDF the worker prints, and the same numbers as CSV and XLSX."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from common.downloads import attachment
from common.replica import reading_from_replica
from reporting.board import board_csv, board_numbers, board_report_request, board_xlsx
from reporting.board_summary import OVERDUE_WEEKS, board_summary
from reporting.models import BoardReport, BoardReportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_or_404(report_id: uuid.UUID) -> BoardReport:
    report = BoardReport.objects.select_related("requested_by").filter(pk=report_id).first()
    if report is None:
        raise Http404("No such board report.")
    return report


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def board(request: HttpRequest) -> HttpResponse:
    """The reports printed so far, and a button to print today's."""
    user = signed_in_user(request)
    if request.method == "POST":
        report = board_report_request(actor=user, today=timezone.localdate())
        return redirect("reporting:board-report", report_id=report.pk)
    reports = BoardReport.objects.select_related("requested_by").defer("pdf")[:20]
    return render(request, "reporting/board.html", {"reports": reports})


@role_required(Role.MANAGER)
@reading_from_replica()
def board_summary_page(request: HttpRequest) -> HttpResponse:
    """One page, one table: each area team's figures and the total, ready to print."""
    return render(
        request,
        "reporting/board_summary.html",
        {
            "summary": board_summary(today=timezone.localdate()),
            "overdue_weeks": OVERDUE_WEEKS,
            "worked_out_at": timezone.now(),
        },
    )


@role_required(Role.MANAGER)
def board_report(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    """One report: waiting for the worker (the page refreshes itself), ready or failed."""
    report = _report_or_404(report_id)
    return render(
        request,
        "reporting/board_report_status.html",
        {"report": report, "preparing": report.status == BoardReportStatus.PREPARING},
    )


@role_required(Role.MANAGER)
def board_report_pdf(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = _report_or_404(report_id)
    if report.status != BoardReportStatus.READY or report.pdf is None:
        raise Http404("This board report is not ready.")
    event_record(
        actor=signed_in_user(request),
        action="export.board_report",
        target=report,
        details={"as_at": report.as_at.isoformat()},
    )
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    filename = f"board-report-{report.as_at:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = attachment(filename)
    return response


@role_required(Role.MANAGER)
@reading_from_replica()
def board_numbers_csv(request: HttpRequest) -> StreamingHttpResponse:
    today = timezone.localdate()
    numbers = board_numbers(today=today)
    event_record(
        actor=signed_in_user(request),
        action="export.board_numbers",
        details={"format": "csv", "rows": len(numbers.rows)},
    )
    response = StreamingHttpResponse(board_csv(numbers), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(f"board-numbers-{today:%Y-%m-%d}.csv")
    return response


@role_required(Role.MANAGER)
@reading_from_replica()
def board_numbers_xlsx(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    numbers = board_numbers(today=today)
    event_record(
        actor=signed_in_user(request),
        action="export.board_numbers",
        details={"format": "xlsx", "rows": len(numbers.rows)},
    )
    response = HttpResponse(board_xlsx(numbers), content_type=XLSX)
    response["Content-Disposition"] = attachment(f"board-numbers-{today:%Y-%m-%d}.xlsx")
    return response
