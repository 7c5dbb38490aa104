"""The board report: the dashboard's KPIs for the whole service and for each area team, the
charts, the forecast, as a PDF (printed by WeasyPrint in a Celery task) and as CSV and XLSX
files of the same numbers.

The numbers come from reporting.kpis.dashboard_figures, the charts from reporting.views'
chart builders and the forecast from reporting.forecast, so the report never disagrees with
the dashboard. One row of `board_rows` is one figure of one area: the three files hold the
same rows.
"""

import csv
import datetime
import io
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import User
from audit.services import event_record
from common.jobs import QUEUE_UNAVAILABLE, job_claim, job_enqueue_on_commit
from common.pdf import pdf_from_html
from organisation.models import AreaTeam
from reporting.current import current_figures
from reporting.dashboard_charts import figure_charts, trend_charts
from reporting.definitions import TIMELINESS_DEFINITIONS
from reporting.forecast_inputs import forecast_inputs
from reporting.kpis import Dashboard
from reporting.models import BoardReport, BoardReportStatus
from reporting.snapshots import snapshot_series
from reporting.timeliness import (
    ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024,
    PeriodTimeliness,
    Share,
    StepTimeliness,
)
from reporting.views import period_heading, timeliness_tables
from reviews import statutory

logger = logging.getLogger(__name__)

WHOLE_SERVICE = "All area teams"
REPORT_NOT_QUEUED = (
    f"{QUEUE_UNAVAILABLE}, so the report was not prepared. Ask for it again in a few minutes."
)
REPORT_STOPPED = (
    "The printing of the report stopped before it finished. Ask for it again; if it stops "
    "again, tell the service's support team."
)
REPORT_FAILED = (
    "The report could not be printed. Ask for it again; if it fails again, tell the service's "
    "support team (the reason is in the service's log)."
)
TREND_DAYS = 365


@dataclass(frozen=True)
class BoardRow:
    """One figure for one area: a count, or `part` of `whole` with its percentage."""

    area: str
    section: str
    measure: str
    value: int | None = None
    part: int | None = None
    whole: int | None = None
    percent: Decimal | None = None

    @property
    def cells(self) -> list[Any]:
        return [
            self.area,
            self.section,
            self.measure,
            self.value,
            self.part,
            self.whole,
            None if self.percent is None else float(self.percent),
        ]


HEADER = ["Area", "Section", "Measure", "Count", "Of which", "Out of", "Per cent"]


def _share(area: str, section: str, measure: str, share: Share) -> BoardRow:
    return BoardRow(
        area, section, measure, part=share.part, whole=share.whole, percent=share.percent
    )


def _step(
    area: str, section: str, step: StepTimeliness, on_time: str, late: str, none: str
) -> list[BoardRow]:
    """A step's share on time of all counted, then the late and the none recorded beside it."""
    return [
        _share(area, section, on_time, step.share),
        BoardRow(area, section, late, value=step.late),
        BoardRow(area, section, none, value=step.none_recorded),
        BoardRow(area, section, f"{none}: of which still in time", value=step.still_in_time),
    ]


def _period_rows(area: str, timeliness: PeriodTimeliness) -> list[BoardRow]:
    """The timeliness of the reviews due in one period (reporting.kpis's definitions)."""
    section = f"Timeliness, reviews due in {timeliness.period.label}"
    weeks = statutory.DECISION_WEEKS_AFTER
    final_weeks = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING
    months = statutory.REVIEW_PERIOD_MONTHS
    outcomes = timeliness.outcomes
    return [
        BoardRow(area, section, "Reviews expected", value=timeliness.expected),
        *_step(
            area,
            section,
            timeliness.meetings,
            f"Meetings held within the {months}-month period",
            "Meetings held late",
            "Meetings not held",
        ),
        *_step(
            area,
            section,
            timeliness.decisions,
            f"Decisions notified within {weeks} weeks of the meeting",
            "Decisions notified later",
            "Decisions: none recorded",
        ),
        BoardRow(area, section, "Outcome: plan maintained", value=outcomes.maintained),
        BoardRow(area, section, "Outcome: plan amended", value=outcomes.amended),
        BoardRow(area, section, "Outcome: plan ceased", value=outcomes.ceased),
        BoardRow(area, section, "Outcome: none recorded", value=outcomes.none_recorded),
        *_step(
            area,
            section,
            timeliness.final_plans,
            f"Final amended plans issued within {final_weeks} weeks of the meeting",
            "Final amended plans issued later",
            "Final amended plans not issued",
        ),
        BoardRow(
            area,
            section,
            f"Decisions outside the {months}-month period",
            value=timeliness.decisions_outside_period,
        ),
        BoardRow(
            area,
            section,
            "Reports of the meeting not received",
            value=timeliness.reports_not_received,
        ),
    ]


def figures_rows(figures: Dashboard) -> list[BoardRow]:
    """Every figure of one area's (or the whole service's) dashboard, as rows."""
    area = figures.area.name if figures.area else WHOLE_SERVICE
    rows = [
        BoardRow(area, "Caseload", "Active plans", value=figures.caseload.active_plans),
        BoardRow(
            area,
            "Caseload",
            "Reviews due in the next 12 weeks",
            value=figures.caseload.reviews_due_next_12_weeks,
        ),
        BoardRow(area, "Backlog", "Reviews overdue", value=figures.backlog.total),
        *(
            BoardRow(area, "Backlog", f"Overdue by {band.label}", value=band.count)
            for band in figures.backlog.bands
        ),
        *_period_rows(area, figures.calendar_year),
        *_period_rows(area, figures.twelve_months),
        *(
            row
            for month in figures.decisions_by_month
            for row in (
                _share(
                    area,
                    "Decisions due each month",
                    f"{month.month:%B %Y}: notified within {statutory.DECISION_WEEKS_AFTER} weeks",
                    month.share,
                ),
                BoardRow(
                    area,
                    "Decisions due each month",
                    f"{month.month:%B %Y}: none recorded",
                    value=month.none_recorded,
                ),
            )
        ),
        *(
            row
            for deadline in figures.phase_transfer.deadlines
            for row in (
                _share(
                    area,
                    f"Phase transfers {figures.phase_transfer.academic_year}",
                    f"Outcome final by the deadline: {deadline.label}",
                    deadline.share,
                ),
                BoardRow(
                    area,
                    f"Phase transfers {figures.phase_transfer.academic_year}",
                    f"Outcome not yet final: {deadline.label}",
                    value=deadline.not_met,
                ),
            )
        ),
    ]
    volunteers = figures.volunteers
    section = "Volunteer programme"
    rows += [
        BoardRow(area, section, "Volunteers active", value=volunteers.volunteers_active),
        BoardRow(area, section, "Release days approved", value=volunteers.release_days_approved),
        BoardRow(area, section, "Release days used", value=volunteers.release_days_used),
        BoardRow(area, section, "Checklists submitted", value=volunteers.checklists_submitted),
        *(
            BoardRow(area, section, f"Graded {grade.label}", value=grade.count)
            for grade in volunteers.grades
        ),
        _share(
            area, section, "Checklists recommending amendment", volunteers.recommending_amendment
        ),
        BoardRow(
            area,
            section,
            "Moderation agreement",
            part=volunteers.moderation.agreed,
            whole=volunteers.moderation.compared,
            percent=volunteers.moderation.percent,
        ),
    ]
    return rows


@dataclass(frozen=True)
class BoardNumbers:
    today: datetime.date
    service: Dashboard
    areas: list[Dashboard]

    @property
    def rows(self) -> list[BoardRow]:
        return [row for figures in [self.service, *self.areas] for row in figures_rows(figures)]


def board_numbers(*, today: datetime.date) -> BoardNumbers:
    """The whole service's figures and each area team's, as the dashboard shows them
    (reporting.current): the report never disagrees with the page a manager just read."""
    return BoardNumbers(
        today=today,
        service=current_figures(None, today=today).figures,
        areas=[
            current_figures(area, today=today).figures for area in AreaTeam.objects.order_by("name")
        ],
    )


def board_csv(numbers: BoardNumbers) -> Iterator[str]:
    """The numbers as CSV lines (UTF-8 with a BOM, which Excel needs to read accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in numbers.rows:
        writer.writerow(["" if cell is None else cell for cell in row.cells])
    yield "\ufeff" + buffer.getvalue()


def board_xlsx(numbers: BoardNumbers) -> bytes:
    """The numbers as an XLSX workbook: one sheet, a bold header, percentages as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Board report {numbers.today:%Y-%m-%d}"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in numbers.rows:
        sheet.append(row.cells)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFG", (18, 34, 58, 10, 10, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def board_report_html(numbers: BoardNumbers) -> str:
    """The report as one HTML document for WeasyPrint: no external resources."""
    service = numbers.service
    inputs = forecast_inputs(today=numbers.today)
    snapshots = list(snapshot_series(area=None, until=numbers.today, days=TREND_DAYS))
    return render_to_string(
        "reporting/board_report.html",
        {
            "numbers": numbers,
            "figures": service,
            "council_name": settings.COUNCIL_NAME,
            "charts": figure_charts(service),
            "trends": trend_charts(snapshots, where=WHOLE_SERVICE.lower()),
            "inputs": inputs,
            # A team with no capacity figure would add nothing to a total: give none at all.
            "forecast": inputs.forecast() if inputs.can_forecast else None,
            "periods": [
                period_heading(service.calendar_year),
                period_heading(service.twelve_months),
            ],
            "timeliness_tables": timeliness_tables(service),
            "definitions": TIMELINESS_DEFINITIONS,
            "england_decisions": ENGLAND_DECISIONS_WITHIN_4_WEEKS_2024,
            "area_rows": [(figures, figures_rows(figures)) for figures in numbers.areas],
        },
    )


def board_report_pdf(numbers: BoardNumbers) -> bytes:
    """Print the report with WeasyPrint, refusing to fetch anything from outside."""
    return pdf_from_html(board_report_html(numbers))


def board_report_request(*, actor: User, today: datetime.date) -> BoardReport:
    """Ask the worker to print the board report; the page waits for it."""
    from reporting.tasks import render_board_report

    with transaction.atomic():
        report = BoardReport.objects.create(as_at=today, requested_by=actor)
        event_record(
            actor=actor,
            action="board_report.requested",
            target=report,
            details={"as_at": today.isoformat()},
        )
        job_enqueue_on_commit(
            lambda: render_board_report.delay(str(report.pk)),
            on_failure=lambda: board_report_fail(report.pk, reason=REPORT_NOT_QUEUED),
        )
    return report


def board_reports_fail(reports: QuerySet[BoardReport], *, reason: str) -> int:
    """Fail the reports still being prepared, with the reason the manager will read."""
    now = timezone.now()
    return reports.filter(status=BoardReportStatus.PREPARING).update(
        status=BoardReportStatus.FAILED, error=reason, finished_at=now, updated_at=now
    )


def board_report_fail(report_id: str | uuid.UUID, *, reason: str) -> None:
    board_reports_fail(BoardReport.objects.filter(pk=report_id), reason=reason)


def board_report_render(report_id: str) -> BoardReport:
    """Print one requested report (the worker's task). A report no longer being prepared is
    left as it is, so a task delivered twice does the work once; one that has stopped its
    worker JOB_MAX_ATTEMPTS times is failed."""
    preparing = BoardReport.objects.filter(pk=report_id, status=BoardReportStatus.PREPARING)
    if not job_claim(preparing):
        board_reports_fail(preparing, reason=REPORT_STOPPED)
        return BoardReport.objects.get(pk=report_id)
    report = BoardReport.objects.get(pk=report_id)
    try:
        pdf = board_report_pdf(board_numbers(today=report.as_at))
        now = timezone.now()
        with transaction.atomic():
            preparing.update(
                pdf=pdf, status=BoardReportStatus.READY, finished_at=now, updated_at=now
            )
    except OperationalError:
        raise  # the database went away: the task tries again
    except Exception:  # whatever stopped the printing, the manager is told and can ask again
        logger.exception("Board report %s could not be printed", report_id)
        board_report_fail(report_id, reason=REPORT_FAILED)
    report.refresh_from_db()
    return report
