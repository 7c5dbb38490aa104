"""The SEN2-aligned export: the annual-review items of each active plan, checked by hand."""

import csv
import io
from datetime import date

import pytest
from django.http import StreamingHttpResponse

from accounts.models import User
from audit.models import Event
from casework.models import AreaTeam, CeaseReason, Plan, PlanStatus
from reporting.sen2 import HEADER
from reviews.models import Decision, ReviewStatus
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

URL = "/manager/exports/sen2.csv"


def _plan(ref: str, area: AreaTeam, upn: str | None = None) -> Plan:
    return PlanFactory.create(plan_ref=ref, area=area, child=ChildFactory.create(upn=upn))


@pytest.fixture
def caseload(north: AreaTeam, west: AreaTeam) -> None:
    # Maintained last year; this year's review not yet held: the last year's review is reported.
    maintained = _plan("N-1", north, upn="A123456789012")
    ReviewFactory.create(
        plan=maintained,
        status=ReviewStatus.CONCLUDED,
        meeting_on=date(2025, 11, 10),
        decision=Decision.MAINTAIN,
        decision_notified_on=date(2025, 11, 20),
        concluded_on=date(2025, 11, 20),
    )
    ReviewFactory.create(plan=maintained, is_first_review=False, due_on=date(2026, 11, 10))

    # To be amended: the proposed amendments went with the decision.
    ReviewFactory.create(
        plan=_plan("N-2", north, upn="B123456789012"),
        status=ReviewStatus.AMENDMENT_NOTICE_SENT,
        meeting_on=date(2026, 9, 1),
        decision=Decision.AMEND,
        decision_notified_on=date(2026, 9, 22),
        amendment_notice_on=date(2026, 9, 22),
    )

    # To cease: the plan stays active until it ceases.
    ReviewFactory.create(
        plan=_plan("N-3", north),
        status=ReviewStatus.DECISION_NOTIFIED,
        meeting_on=date(2026, 10, 1),
        decision=Decision.CEASE,
        decision_notified_on=date(2026, 10, 15),
    )

    # Never reviewed: the meeting is still to come.
    ReviewFactory.create(plan=_plan("N-4", north))

    # A phase-transfer review, amended and concluded; the next review not yet held.
    transfer = _plan("W-1", west, upn="C123456789012")
    ReviewFactory.create(
        plan=transfer,
        status=ReviewStatus.CONCLUDED,
        meeting_on=date(2025, 10, 1),
        decision=Decision.AMEND,
        decision_notified_on=date(2025, 10, 20),
        amendment_notice_on=date(2025, 10, 20),
        final_plan_issued_on=date(2025, 12, 10),
        phase_transfer_due_on=date(2026, 2, 15),
        concluded_on=date(2025, 12, 10),
    )
    ReviewFactory.create(plan=transfer, is_first_review=False, due_on=date(2026, 10, 1))

    # Ceased: left out.
    ceased = PlanFactory.create(
        plan_ref="W-2",
        area=west,
        status=PlanStatus.CEASED,
        ceased_on=date(2026, 7, 1),
        cease_reason=CeaseReason.NEEDS_MET,
    )
    ReviewFactory.create(
        plan=ceased,
        status=ReviewStatus.CONCLUDED,
        meeting_on=date(2026, 5, 1),
        decision=Decision.CEASE,
        decision_notified_on=date(2026, 5, 20),
        concluded_on=date(2026, 7, 1),
    )


def _download(user: User, **query: str) -> list[list[str]]:
    response = client_for(user).get(URL, query)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_each_active_plan_has_a_row_of_its_annual_review_items(manager: User, caseload: None):
    assert _download(manager) == [
        [
            "PlanRef",
            "UPN",
            "ReviewMeeting",
            "ReviewOutcome",
            "LastReview",
            "ReviewDraft",
            "PhaseTransferDueDate",
            "PhaseTransferFinalDate",
        ],
        ["N-1", "A123456789012", "2025-11-10", "M", "2025-11-20", "", "", ""],
        ["N-2", "B123456789012", "2026-09-01", "A", "2026-09-22", "2026-09-22", "", ""],
        ["N-3", "", "2026-10-01", "C", "2026-10-15", "", "", ""],
        ["N-4", "", "", "", "", "", "", ""],
        [
            "W-1",
            "C123456789012",
            "2025-10-01",
            "A",
            "2025-10-20",
            "2025-10-20",
            "2026-02-15",
            "2025-12-10",
        ],
    ]


def test_ceased_plans_are_left_out(manager: User, caseload: None):
    assert "W-2" not in [row[0] for row in _download(manager)]


def test_the_file_names_no_child_and_gives_no_date_of_birth(manager: User, caseload: None):
    child = Plan.objects.get(plan_ref="N-1").child
    child.surname = "Surname-of-the-child"  # a generated one could match a column's name
    child.save(update_fields=["surname"])
    text = str(_download(manager))
    assert child.surname not in text
    assert child.date_of_birth.isoformat() not in text
    assert _download(manager)[0] == HEADER


def test_the_export_may_be_limited_to_one_area(manager: User, caseload: None):
    assert [row[0] for row in _download(manager, area="West")] == ["PlanRef", "W-1"]


def test_a_plan_reference_a_spreadsheet_would_run_is_neutralised(manager: User, north: AreaTeam):
    ReviewFactory.create(plan=_plan("=HYPERLINK(1)", north))
    assert _download(manager)[1][0] == "'=HYPERLINK(1)"


def test_the_download_is_named_by_date_and_recorded(manager: User, caseload: None):
    response = client_for(manager).get(URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="sen2-annual-reviews-2026-11-23.csv"'
    )
    event = Event.objects.get(action="export.sen2")
    assert event.actor == manager
    assert event.details == {
        "file": "sen2-annual-reviews-2026-11-23.csv",
        "rows": 5,
        "filters": {},
    }


def test_the_export_reads_every_plan_in_the_same_few_queries(
    manager: User, north: AreaTeam, django_assert_max_num_queries
):
    for n in range(40):
        ReviewFactory.create(plan=_plan(f"N-{n:02d}", north))
    client = client_for(manager)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
        rows = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert len(rows) == 41


def test_an_unknown_area_is_refused_with_a_reason(manager: User, caseload: None):
    response = client_for(manager).get(URL, {"area": "Atlantis"})
    assert response.status_code == 400
    assert response.content.decode() == "Select an area team from the list"
    assert not Event.objects.filter(action="export.sen2").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("manager", 200),
        ("officer_north", 403),
        ("volunteer", 403),
        ("headteacher", 403),
        ("editor", 403),
    ],
)
def test_only_managers_may_download_the_sen2_export(
    personas: dict[str, User], persona: str, status: int
):
    assert client_for(personas[persona]).get(URL).status_code == status
