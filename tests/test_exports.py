"""Downloads of plans and reviews: only what the person may see, safe to open in a spreadsheet."""

import csv
import hashlib
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from audit.models import Event
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseload(north, west):
    risky = ChildFactory.create(forename='=HYPERLINK("http://evil")', surname="@SUM(A1)")
    ReviewFactory.create(plan=PlanFactory.create(plan_ref="N-1", area=north, child=risky))
    ReviewFactory.create(
        plan=PlanFactory.create(plan_ref="N-2", area=north, issued_on=date(2026, 6, 1)),
        due_on=date(2027, 6, 1),
    )
    ReviewFactory.create(plan=PlanFactory.create(plan_ref="W-1", area=west))
    recompute_reviews(today=date(2026, 11, 23))


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8"))))


def test_a_case_officer_downloads_only_their_areas_plans(officer_north, caseload):
    response = client_for(officer_north).get("/casework/export/plans.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="plans-')
    assert [r["plan_ref"] for r in rows(response)] == ["N-1", "N-2"]


def test_a_manager_downloads_every_plan(manager, caseload):
    assert [r["plan_ref"] for r in rows(client_for(manager).get("/casework/export/plans.csv"))] == [
        "N-1",
        "N-2",
        "W-1",
    ]


def test_cells_a_spreadsheet_would_run_as_formulae_are_neutralised(manager, caseload):
    plan = next(
        r
        for r in rows(client_for(manager).get("/casework/export/plans.csv"))
        if r["plan_ref"] == "N-1"
    )
    assert plan["forename"] == '\'=HYPERLINK("http://evil")'
    assert plan["surname"] == "'@SUM(A1)"


def test_the_xlsx_download_opens_and_is_neutralised_too(manager, caseload):
    response = client_for(manager).get("/casework/export/plans.xlsx")
    sheet = load_workbook(io.BytesIO(content(response))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["plan_ref", "upn", "forename"]
    assert '\'=HYPERLINK("http://evil")' in values[1]


def test_the_backlog_download_follows_the_filter(officer_north, caseload):
    response = client_for(officer_north).get("/casework/export/reviews.csv?in_backlog=true")
    backlog = rows(response)
    assert [r["plan_ref"] for r in backlog] == ["N-1"]
    assert backlog[0]["state"] == "overdue"


def test_every_download_is_recorded_before_it_is_sent_then_with_its_rows_checksum_and_size(
    officer_north, caseload
):
    response = client_for(officer_north).get("/casework/export/reviews.csv?area=North")
    event = Event.objects.get(action="caseload.exported")
    assert event.actor == officer_north
    assert event.details == {"file": event.details["file"], "filters": {"area": "North"}}
    assert not Event.objects.filter(action="caseload.export_sent").exists()
    data = content(response)
    sent = Event.objects.get(action="caseload.export_sent")
    assert sent.actor == officer_north
    assert sent.details["rows"] == 2 == len(data.decode().splitlines()) - 1
    assert sent.details["sha256"] == hashlib.sha256(data).hexdigest()
    assert sent.details["bytes"] == len(data)


def test_a_spreadsheet_download_is_recorded_with_its_checksum(manager, caseload):
    data = content(client_for(manager).get("/casework/export/plans.xlsx"))
    event = Event.objects.get(action="caseload.exported")
    assert event.details["rows"] == 3
    assert event.details["sha256"] == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("persona", ["volunteer", "headteacher", "editor"])
def test_people_without_casework_cannot_download(persona, personas):
    assert client_for(personas[persona]).get("/casework/export/plans.csv").status_code == 403


def test_an_unknown_format_or_filter_is_not_found(manager):
    assert client_for(manager).get("/casework/export/plans.pdf").status_code == 404
    assert client_for(manager).get("/casework/export/reviews.csv?state=sideways").status_code == 404
    assert not Event.objects.exists()
