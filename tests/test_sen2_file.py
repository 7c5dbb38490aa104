"""The SEN2-aligned CSV file: the whole file for a small caseload, no child named, limited to
one area, neutralised plan references, its name and the event recording the download. The census
day in these tests is 15 January 2026 unless said otherwise, so the collection year is 1 January
2025 to 31 December 2025.
"""

from datetime import date

import pytest

from accounts.models import User
from audit.models import Event
from casework.models import UpnUnknownReason
from organisation.models import AreaTeam
from reviews.models import Decision
from tests.conftest import client_for
from tests.factories import ChildFactory, ReviewFactory
from tests.sen2_cases import CENSUS, CSV_URL, _ceased, _download, _plan, _rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_whole_file_for_a_small_caseload(manager: User, north: AreaTeam, west: AreaTeam):
    maintained = _plan("N-1", north, child=ChildFactory.create(upn="A123456789012"))
    ReviewFactory.create(
        plan=maintained,
        concluded=True,
        meeting_on=date(2025, 11, 10),
        decision_notified_on=date(2025, 11, 20),
    )
    ReviewFactory.create(plan=maintained, is_first_review=False, due_on=date(2026, 11, 9))
    ReviewFactory.create(plan=_plan("N-2", north, child=ChildFactory.create(uln="1234567890")))
    ceased = _ceased(
        "W-1",
        west,
        on=date(2025, 7, 1),
        child=ChildFactory.create(upn_unknown_reason=UpnUnknownReason.UN4),
    )
    ReviewFactory.create(
        plan=ceased,
        concluded=True,
        meeting_on=date(2025, 5, 1),
        decision=Decision.CEASE,
        decision_notified_on=date(2025, 5, 20),
        concluded_on=date(2025, 7, 1),
    )
    assert _download(manager, **CENSUS) == [
        [
            "PlanRef",
            "UPN",
            "UniqueLearnerNumber",
            "UPNunknown",
            "ReviewMeeting",
            "ReviewOutcome",
            "LastReview",
            "ReviewDraft",
            "PhaseTransferDueDate",
            "PhaseTransferFinalDate",
        ],
        ["N-1", "A123456789012", "", "", "2025-11-10", "M", "2025-11-20", "", "", ""],
        ["N-2", "", "1234567890", "", "", "", "", "", "", ""],
        ["W-1", "", "", "UN4", "2025-05-01", "C", "2025-05-20", "", "", ""],
    ]


def test_the_file_names_no_child_and_gives_no_date_of_birth(manager: User, north: AreaTeam):
    child = ChildFactory.create(surname="Surname-of-the-child")
    _plan("N-1", north, child=child)
    text = str(_download(manager, **CENSUS))
    assert child.surname not in text
    assert child.forename not in text
    assert child.date_of_birth.isoformat() not in text


def test_the_export_may_be_limited_to_one_area(manager: User, north: AreaTeam, west: AreaTeam):
    _plan("N-1", north)
    _plan("W-1", west)
    assert sorted(_rows(manager, area="West")) == ["W-1"]


def test_a_plan_reference_a_spreadsheet_would_run_is_neutralised(manager: User, north: AreaTeam):
    _plan("=HYPERLINK(1)", north)
    assert list(_rows(manager)) == ["'=HYPERLINK(1)"]


def test_the_download_is_named_by_its_census_day_and_recorded(manager: User, north: AreaTeam):
    _plan("N-1", north)
    _plan("N-2", north, child=ChildFactory.create(upn="A123456789012"))
    response = client_for(manager).get(CSV_URL, {**CENSUS, "area": "North"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="sen2-annual-reviews-2026-01-15.csv"'
    )
    event = Event.objects.get(action="export.sen2")
    assert event.actor == manager
    assert event.details == {
        "file": "sen2-annual-reviews-2026-01-15.csv",
        "rows": 2,
        "children_without_identity": 1,
        "filters": {"census_day": "2026-01-15", "area": "North"},
    }


def test_without_a_census_day_the_file_is_for_the_default_one(manager: User, north: AreaTeam):
    _plan("N-1", north, issued_on=date(2026, 1, 17))
    _plan("N-2", north, issued_on=date(2026, 1, 19))
    response = client_for(manager).get(CSV_URL)
    assert response["Content-Disposition"] == (
        'attachment; filename="sen2-annual-reviews-2026-01-18.csv"'
    )
    assert [row[0] for row in _download(manager)[1:]] == ["N-1"]
