"""The board report: the same numbers as the dashboard, per area and for the whole service,
as CSV, XLSX and a PDF printed by a real Celery worker."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import Event
from casework.models import CeaseReason, PlanStatus
from kentsend.celery import app as celery_app
from organisation.models import AreaTeam
from reporting.board import (
    board_numbers,
    board_report_html,
    board_report_render,
    board_report_request,
)
from reporting.models import BoardReport, BoardReportStatus, ForecastCapacity
from reviews.recompute import recompute_reviews
from tests.conftest import client_for, wait_for
from tests.factories import CaseOfficerFactory, PlanFactory, ReviewFactory, UserFactory

TODAY = date(2026, 11, 23)
HEADINGS = [
    "EHCP annual reviews: board report",
    "Key figures",
    "Timeliness",
    "The backlog",
    "Forecast",
    "Phase transfers",
    "Volunteer programme",
    "By area team",
]


def caseload(north: AreaTeam, west: AreaTeam) -> None:
    """North: two active plans, one review 40 days overdue, one ceased plan. West: one plan
    whose review is due in 4 weeks."""
    ReviewFactory.create(plan=PlanFactory.create(area=north), due_on=TODAY - timedelta(40))
    ReviewFactory.create(plan=PlanFactory.create(area=north), due_on=TODAY + timedelta(200))
    ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            status=PlanStatus.CEASED,
            ceased_on=TODAY - timedelta(10),
            cease_reason=CeaseReason.MOVED_LA,
        ),
        due_on=TODAY - timedelta(90),
    )
    ReviewFactory.create(plan=PlanFactory.create(area=west), due_on=TODAY + timedelta(28))
    recompute_reviews(today=TODAY)


def _value(rows, area: str, measure: str):
    [row] = [r for r in rows if r.area == area and r.measure == measure]
    return row


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_numbers_hold_each_area_and_the_whole_service(north, west):
    caseload(north, west)
    rows = board_numbers(today=TODAY).rows
    assert _value(rows, "All area teams", "Active plans").value == 3
    assert _value(rows, "North", "Active plans").value == 2
    assert _value(rows, "West", "Active plans").value == 1
    assert _value(rows, "All area teams", "Reviews overdue").value == 1
    assert _value(rows, "North", "Reviews overdue").value == 1
    assert _value(rows, "West", "Reviews overdue").value == 0
    assert _value(rows, "West", "Reviews due in the next 12 weeks").value == 1
    assert {r.area for r in rows} == {"All area teams", "North", "West"}


def decisions_outstanding(area: AreaTeam) -> None:
    """Four reviews due and met on 1 June 2026: one decision notified on day 20, three never
    recorded."""
    ReviewFactory.create(
        plan=PlanFactory.create(area=area),
        decided=True,
        due_on=date(2026, 6, 1),
        decision_notified_on=date(2026, 6, 21),
    )
    for _ in range(3):
        ReviewFactory.create(plan=PlanFactory.create(area=area), held=True, due_on=date(2026, 6, 1))


TWELVE_MONTHS = "Timeliness, reviews due in the 12 months to 23 November 2026"


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_numbers_count_the_decisions_never_recorded_in_the_whole(north, west):
    decisions_outstanding(north)

    rows = [r for r in board_numbers(today=TODAY).rows if r.section == TWELVE_MONTHS]

    on_time = _value(rows, "North", "Decisions notified within 4 weeks of the meeting")
    assert (on_time.part, on_time.whole, on_time.percent) == (1, 4, Decimal("25.0"))
    assert _value(rows, "North", "Decisions: none recorded").value == 3
    assert _value(rows, "North", "Decisions notified later").value == 0
    assert _value(rows, "All area teams", "Reviews expected").value == 4
    assert _value(rows, "West", "Reviews expected").value == 0
    assert {r.section for r in board_numbers(today=TODAY).rows} >= {
        "Timeliness, reviews due in 2025",
        TWELVE_MONTHS,
        "Decisions due each month",
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_csv_and_the_xlsx_hold_the_same_rows(north, west, manager):
    caseload(north, west)
    client = client_for(manager)
    response = client.get(reverse("reporting:board-csv"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    from_csv = list(csv.reader(io.StringIO(text)))
    assert from_csv[0] == ["Area", "Section", "Measure", "Count", "Of which", "Out of", "Per cent"]
    assert ["North", "Caseload", "Active plans", "2", "", "", ""] in from_csv

    response = client.get(reverse("reporting:board-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    from_xlsx = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert from_xlsx[0] == from_csv[0]
    assert len(from_xlsx) == len(from_csv)
    assert ["North", "Caseload", "Active plans", "2", "", "", ""] in from_xlsx
    assert Event.objects.filter(action="export.board_numbers").count() == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_report_pdf_has_its_headings_and_each_area(north, west, manager):
    caseload(north, west)
    report = board_report_render(
        str(BoardReport.objects.create(as_at=TODAY, requested_by=manager).pk)
    )
    assert report.status == BoardReportStatus.READY
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(bytes(report.pdf or b""))).pages
    )
    for heading in HEADINGS:
        assert heading in text
    assert "North" in text
    assert "West" in text


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_report_shows_each_share_with_its_numbers_and_how_it_is_counted(north, west):
    decisions_outstanding(north)

    html = board_report_html(board_numbers(today=TODAY))

    assert "How these figures are counted" in html
    assert "<strong>1 of 4, 25.0%</strong>None recorded: 3." in html
    assert "<th>Due in 2025</th><th>Due in the 12 months to 23 November 2026</th>" in html
    assert "statistics of EHCP annual reviews" in html
    # In the key figures and the timeliness section no percentage stands alone, as the old
    # "within 4 weeks 100.0%" did (the tables by area give each its own columns).
    summary = html.split("<h2>Key figures</h2>", 1)[1].split("<h2>The backlog</h2>", 1)[0]
    assert re.findall(r">\s*[\d.]+%\s*<", summary) == []


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_a_report_printed_twice_is_printed_once(north, west, manager):
    caseload(north, west)
    report = BoardReport.objects.create(as_at=TODAY, requested_by=manager)
    first = board_report_render(str(report.pk)).finished_at
    assert board_report_render(str(report.pk)).finished_at == first


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_prints_the_report_a_manager_asks_for(north, west, manager):
    caseload(north, west)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = client_for(manager).post(reverse("reporting:board"))
        report = BoardReport.objects.get()
        assert response["Location"] == reverse("reporting:board-report", args=[report.pk])
        wait_for(
            lambda: BoardReport.objects.get(pk=report.pk).status != BoardReportStatus.PREPARING,
            seconds=60,
        )
    report.refresh_from_db()
    assert report.status == BoardReportStatus.READY
    download = client_for(manager).get(reverse("reporting:board-report-pdf", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert Event.objects.filter(action="export.board_report").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer_north", "volunteer", "headteacher", "editor"])
def test_only_managers_reach_the_board_report(who, personas):
    report = BoardReport.objects.create(as_at=TODAY, requested_by=personas["manager"])
    client = client_for(personas[who])
    for url in [
        reverse("reporting:board"),
        reverse("reporting:board-csv"),
        reverse("reporting:board-xlsx"),
        reverse("reporting:board-report", args=[report.pk]),
        reverse("reporting:board-report-pdf", args=[report.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reporting:board")).status_code == 403
    assert BoardReport.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_or_unfinished_report_is_not_found(manager):
    client = client_for(manager)
    unknown = "00000000-0000-0000-0000-000000000001"
    assert client.get(f"/manager/board-report/{unknown}/").status_code == 404
    preparing = BoardReport.objects.create(as_at=TODAY, requested_by=manager)
    page = client.get(reverse("reporting:board-report", args=[preparing.pk]))
    assert page.status_code == 200
    assert b'http-equiv="refresh"' in page.content
    pdf = client.get(reverse("reporting:board-report-pdf", args=[preparing.pk]))
    assert pdf.status_code == 404


@pytest.mark.django_db
def test_asking_for_a_report_records_who_asked(manager):
    report = board_report_request(actor=manager, today=TODAY)
    assert report.status == BoardReportStatus.PREPARING
    assert Event.objects.get(action="board_report.requested").actor == manager


# The forecast: which capacity figure each area team's case officers were given, and why,
# in the forecast's own words; never a total that leaves out a team with no figure.


def _overdue(area: AreaTeam, count: int) -> None:
    """`count` reviews due on 1 October 2026, overdue on 23 November."""
    for _ in range(count):
        ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=date(2026, 10, 1))
    recompute_reviews(today=TODAY)


def _default(area: AreaTeam, rate: str) -> None:
    ForecastCapacity.objects.create(
        area=area, reviews_per_officer_per_week=Decimal(rate), updated_by=UserFactory.create()
    )


def _words(html: str) -> str:
    return " ".join(html.split())


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_with_a_default_and_no_recent_conclusions_the_report_says_the_default_was_used(north):
    CaseOfficerFactory.create_batch(2, areas=[north])
    _default(north, "4")
    _overdue(north, 20)
    # No review concluded in the last 4 weeks, so 2 officers at 4 a week: 8 a week.
    # 20 - 8 = 12, 12 - 8 = 4, 4 - 8 < 0: empty at the end of the week of 7 December.

    html = _words(board_report_html(board_numbers(today=TODAY)))

    assert (
        "Default set by a manager: 4 reviews per officer per week for 2 case officers, so 8 a "
        "week." in html
    )
    assert (
        escape(
            "Because no reviews were concluded without a volunteer in the last 4 weeks, and at "
            "least 10 are needed to measure the team's own rate."
        )
        in html
    )
    assert "At the current rate the backlog clears in the week of 7 December 2026." in html
    assert (
        '<td>23 Nov 2026</td><td class="number">0</td><td class="number">0</td>'
        '<td class="number">8</td><td class="number">12</td>' in html
    )
    assert "at their rate over the last 4 weeks" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_with_no_default_the_report_names_the_areas_it_cannot_forecast_and_gives_no_date(
    north, west, manager
):
    CaseOfficerFactory.create_batch(2, areas=[north])
    _default(north, "4")
    _overdue(north, 20)
    _overdue(west, 5)
    east = AreaTeam.objects.create(name="East")

    html = _words(board_report_html(board_numbers(today=TODAY)))

    assert (
        "The backlog cannot be forecast: there is no figure for the capacity of the case "
        "officers in East and West." in html
    )
    assert "Cannot forecast East until a manager sets a default." in html
    assert "Cannot forecast West until a manager sets a default." in html
    assert "Default set by a manager: 4 reviews per officer per week for 2 case officers" in html
    assert "At the current rate" not in html
    assert "clears in the week of" not in html
    assert "Forecast week by week" not in html
    assert "The area teams added together." not in html

    report = board_report_render(
        str(BoardReport.objects.create(as_at=TODAY, requested_by=manager).pk)
    )
    pdf = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(bytes(report.pdf or b""))).pages
    )
    assert "The backlog cannot be forecast" in pdf
    assert east.name in pdf
    assert "clears in the week of" not in pdf
