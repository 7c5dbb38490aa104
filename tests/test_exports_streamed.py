"""The streamed downloads hold exactly what the straightforward reading of the same query
holds: for a generated caseload with hostile names, the plans and reviews files row for row
as django-import-export wrote them before (same header, same rows, same order, the same
formula guard), the SEN2 file row for row as `sen2_row` formats each plan in Python, and the
spreadsheet the same rows as the CSV file."""

import csv
import hashlib
import io
from datetime import date

import pytest
from django.db import connection
from django.db.models import CharField, DateField, IntegerField, Value
from openpyxl import load_workbook

from audit.models import Event
from caseload.resources import PlanExportResource, ReviewExportResource
from casework.models import Child, Plan, UpnUnknownReason
from common import csv_stream
from common.csv_stream import FormulaSafe, IsoDate, NumberText, csv_copy_stream
from common.downloads import neutralise_formulae
from common.tabular import FORMULA_STARTS, formula_safe
from demo.caseload import demo_caseload_seed
from organisation.models import AreaTeam
from reporting.sen2 import Sen2Period, sen2_plans, sen2_plans_in_scope, sen2_rows, sen2_stream
from reviews.models import Review
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import CaseOfficerFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
HOSTILE = [
    '=HYPERLINK("http://evil")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tTab",
    "\rReturn",
    'O\'Brien, "Jo"',
    "Line\nbreak",
    "Zoë",
    "a=b",
    " spaced",
]


@pytest.fixture
def generated(north, west):
    CaseOfficerFactory.create(areas=[north])
    demo_caseload_seed(plans=120, today=TODAY, seed=20)
    children = list(Child.objects.order_by("id"))
    for n, child in enumerate(children[: len(HOSTILE) * 2]):
        child.forename = HOSTILE[n % len(HOSTILE)]
        child.surname = HOSTILE[(n + 3) % len(HOSTILE)]
        child.upn = f"A{n:012d}" if n % 3 == 0 else None
        child.uln = f"{n:010d}" if n % 3 == 1 else ""
        child.upn_unknown_reason = UpnUnknownReason.UN4 if n % 3 == 2 else ""
        child.save()
    Plan.objects.filter(pk__in=[p.pk for p in Plan.objects.order_by("id")[:5]]).update(
        setting=None, case_officer=None
    )
    Plan.objects.filter(pk=Plan.objects.order_by("id")[6].pk).update(plan_ref="-7")
    recompute_reviews(today=TODAY)


def parsed(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def streamed(response) -> list[list[str]]:
    return parsed(body(response))


def as_before(resource, queryset) -> list[list[str]]:
    """What the download held before it was streamed: the resource's rows, neutralised."""
    dataset = neutralise_formulae(resource.export(queryset=queryset))
    return parsed(dataset.export("csv").encode("utf-8"))


def test_the_plans_file_is_the_straightforward_export_row_for_row(manager, generated):
    got = streamed(client_for(manager).get("/casework/export/plans.csv"))
    expected = as_before(PlanExportResource(), Plan.objects.order_by("plan_ref"))
    assert len(got) == Plan.objects.count() + 1
    assert got == expected


def test_an_officer_s_plans_file_holds_only_their_area_row_for_row(officer_north, generated):
    got = streamed(client_for(officer_north).get("/casework/export/plans.csv"))
    north_plans = Plan.objects.filter(area__name="North").order_by("plan_ref")
    assert got == as_before(PlanExportResource(), north_plans)
    assert {row[9] for row in got[1:]} == {"North"}


def test_the_backlog_file_is_the_straightforward_export_row_for_row(manager, generated):
    got = streamed(client_for(manager).get("/casework/export/reviews.csv?in_backlog=true"))
    backlog = (
        Review.objects.filter(in_backlog=True).with_urgency().order_by("-priority", "due_on", "id")
    )
    assert len(got) > 10
    assert got == as_before(ReviewExportResource(), backlog)


def test_every_review_is_in_the_reviews_file_in_queue_order(manager, generated):
    got = streamed(client_for(manager).get("/casework/export/reviews.csv"))
    every = Review.objects.with_urgency().order_by("-priority", "due_on", "id")
    assert got == as_before(ReviewExportResource(), every)


def test_the_sen2_file_is_each_plan_formatted_in_python_row_for_row(manager, generated):
    census_day = date(2026, 1, 15)
    plans = sen2_plans_in_scope(Plan.objects.all(), period=Sen2Period(census_day))
    expected = [list(row) for row in sen2_rows(sen2_plans(plans, census_day=census_day))]
    got = parsed(b"".join(sen2_stream(plans, census_day=census_day)))
    assert len(got) > 50
    assert got == expected


def test_the_spreadsheet_holds_the_same_rows_as_the_csv_file(manager, generated):
    csv_rows = streamed(client_for(manager).get("/casework/export/plans.csv"))
    response = client_for(manager).get("/casework/export/plans.xlsx")
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True)
    xlsx_rows = [
        ["" if value is None else value for value in row]
        for row in sheet.active.iter_rows(values_only=True)
    ]
    # XML keeps no carriage return: a spreadsheet cell reads it back as a line feed.
    assert xlsx_rows == [[cell.replace("\r", "\n") for cell in row] for row in csv_rows]


@pytest.mark.parametrize(
    "text", ["", "plain", "a=b", *HOSTILE, *(start + "x" for start in FORMULA_STARTS)]
)
def test_the_database_guards_formulae_exactly_as_formula_safe_does(text, north):
    cell = (
        AreaTeam.objects.filter(pk=north.pk)
        .values_list(FormulaSafe(Value(text, output_field=CharField())), flat=True)
        .get()
    )
    assert (cell or "") == formula_safe(text)


def test_a_download_abandoned_part_way_records_no_sent_event_and_leaves_the_connection_usable(
    manager, generated, monkeypatch
):
    monkeypatch.setattr(csv_stream, "BLOCK_BYTES", 64)
    sent = []
    rows = Plan.objects.order_by("plan_ref").values_list(FormulaSafe("plan_ref"))
    stream = csv_copy_stream(rows, ["plan_ref"], when_sent=lambda *a: sent.append(a))
    next(stream)
    next(stream)
    stream.close()
    assert sent == []
    assert Plan.objects.count() == 120
    assert not Event.objects.filter(action="caseload.export_sent").exists()


def test_a_download_sent_whole_reports_the_rows_copy_wrote_with_its_size_and_checksum(
    manager, generated, monkeypatch
):
    monkeypatch.setattr(csv_stream, "BLOCK_BYTES", 64)  # many blocks, rows split across them
    sent = []
    rows = Plan.objects.order_by("plan_ref").values_list(FormulaSafe("plan_ref"))
    data = b"".join(csv_copy_stream(rows, ["plan_ref"], when_sent=lambda *a: sent.append(a)))
    assert sent == [(len(data), hashlib.sha256(data).hexdigest(), 120)]


@pytest.mark.parametrize("number", [-120, -1, 0, 7, 2_147_483_647, None])
def test_a_number_is_guarded_exactly_as_formula_safe_guards_its_text(number, north):
    cell = (
        AreaTeam.objects.filter(pk=north.pk)
        .values_list(NumberText(Value(number, output_field=IntegerField())), flat=True)
        .get()
    )
    assert cell == (None if number is None else formula_safe(str(number)))


def test_dates_are_written_year_first_whatever_the_sessions_date_style(north):
    rows = AreaTeam.objects.filter(pk=north.pk).values_list(
        IsoDate(Value(date(2026, 3, 9), output_field=DateField())),
        IsoDate(Value(None, output_field=DateField())),
    )
    with connection.cursor() as cursor:
        cursor.execute("SET DateStyle = 'SQL, DMY'")
        try:
            data = b"".join(csv_copy_stream(rows, ["day", "none"]))
        finally:
            cursor.execute("RESET DateStyle")
    assert data == b"day,none\n2026-03-09,\n"
