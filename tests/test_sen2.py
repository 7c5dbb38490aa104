"""The SEN2-aligned export: the annual-review items of each plan in the return for a census
day, checked by hand. The census day in these tests is 15 January 2026 unless said otherwise,
so the collection year is 1 January 2025 to 31 December 2025."""

import csv
import io
from datetime import date
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from audit.models import Event
from casework.models import CeaseReason, Child, Plan, PlanStatus, UpnUnknownReason
from organisation.models import AreaTeam
from reporting.sen2 import HEADER, Sen2Period, sen2_census_day_default
from reviews.models import Decision, Review
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

CSV_URL = "/manager/exports/sen2.csv"
PAGE_URL = "/manager/exports/sen2/"
CENSUS = {"census_day_0": "15", "census_day_1": "1", "census_day_2": "2026"}


def _plan(ref: str, area: AreaTeam, *, child: Child | None = None, **fields: object) -> Plan:
    return PlanFactory.create(
        plan_ref=ref, area=area, child=child or ChildFactory.create(), **fields
    )


def _ceased(
    ref: str, area: AreaTeam, *, on: date, child: Child | None = None, **fields: object
) -> Plan:
    return _plan(
        ref,
        area,
        child=child,
        status=PlanStatus.CEASED,
        ceased_on=on,
        cease_reason=CeaseReason.NEEDS_MET,
        **fields,
    )


def _download(user: User, **query: str) -> list[list[str]]:
    response = client_for(user).get(CSV_URL, query)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def _rows(user: User, **query: str) -> dict[str, dict[str, str]]:
    header, *rows = _download(user, **{**CENSUS, **query})
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


# --- The census day and the collection year ---------------------------------------------------


@pytest.mark.parametrize(
    ("today", "census_day"),
    [
        (date(2026, 11, 23), date(2026, 1, 18)),
        (date(2026, 1, 18), date(2026, 1, 18)),
        (date(2026, 1, 17), date(2025, 1, 18)),
    ],
)
def test_the_census_day_defaults_to_the_most_recent_18_january(today, census_day):
    assert sen2_census_day_default(today=today) == census_day


def test_the_collection_year_is_the_calendar_year_before_the_census_day():
    period = Sen2Period(date(2026, 1, 15))
    assert (period.collection_year, period.starts_on, period.ends_on) == (
        2025,
        date(2025, 1, 1),
        date(2025, 12, 31),
    )


# --- Which plans ------------------------------------------------------------------------------


def test_a_plan_ceased_in_the_collection_year_is_included(manager: User, north: AreaTeam):
    _ceased("CEASED-JUL-2025", north, on=date(2025, 7, 1))
    _ceased("CEASED-1-JAN-2025", north, on=date(2025, 1, 1))
    _ceased("CEASED-JAN-2026", north, on=date(2026, 1, 10))
    _ceased("CEASED-DEC-2024", north, on=date(2024, 12, 31))
    _plan("ACTIVE", north)
    assert sorted(_rows(manager)) == [
        "ACTIVE",
        "CEASED-1-JAN-2025",
        "CEASED-JAN-2026",
        "CEASED-JUL-2025",
    ]


def test_a_plan_issued_after_the_census_day_is_not(manager: User, north: AreaTeam):
    _plan("ISSUED-ON-CENSUS-DAY", north, issued_on=date(2026, 1, 15))
    _plan("ISSUED-THE-DAY-AFTER", north, issued_on=date(2026, 1, 16))
    # Issued and ceased between the collection year and the census day: never counted.
    _ceased("ISSUED-AND-CEASED-IN-JANUARY", north, on=date(2026, 1, 12), issued_on=date(2026, 1, 5))
    assert sorted(_rows(manager)) == ["ISSUED-ON-CENSUS-DAY"]


# --- The review items -------------------------------------------------------------------------


def test_the_latest_meeting_on_or_before_the_census_day_is_taken_across_two_reviews(
    manager: User, north: AreaTeam
):
    plan = _plan("N-1", north)
    ReviewFactory.create(
        plan=plan,
        concluded=True,
        meeting_on=date(2024, 11, 12),
        decision_notified_on=date(2024, 11, 28),
    )
    ReviewFactory.create(
        plan=plan,
        is_first_review=False,
        final_plan=True,
        concluded=True,
        meeting_on=date(2025, 11, 3),
        decision_notified_on=date(2025, 11, 24),
        final_plan_issued_on=date(2026, 1, 9),
    )
    # Held after the census day: not counted.
    ReviewFactory.create(
        plan=plan,
        is_first_review=False,
        held=True,
        meeting_on=date(2026, 1, 20),
        due_on=date(2026, 11, 2),
    )
    row = _rows(manager)["N-1"]
    assert (row["ReviewMeeting"], row["ReviewOutcome"], row["LastReview"], row["ReviewDraft"]) == (
        "2025-11-03",
        "A",
        "2025-11-24",
        "2025-11-24",
    )


def test_a_meeting_on_the_child_s_earlier_plan_counts_too(manager: User, north: AreaTeam):
    child = ChildFactory.create()
    earlier = _ceased("OLD", north, child=child, on=date(2025, 3, 1))
    ReviewFactory.create(
        plan=earlier,
        concluded=True,
        meeting_on=date(2025, 2, 3),
        decision=Decision.CEASE,
        decision_notified_on=date(2025, 2, 17),
        concluded_on=date(2025, 3, 1),
    )
    ReviewFactory.create(plan=_plan("NEW", north, child=child, issued_on=date(2025, 9, 1)))
    row = _rows(manager)["NEW"]
    assert (row["ReviewMeeting"], row["ReviewOutcome"], row["LastReview"]) == (
        "2025-02-03",
        "C",
        "2025-02-17",
    )


@pytest.mark.parametrize(("decision", "code"), [(Decision.MAINTAIN, "M"), (Decision.CEASE, "C")])
def test_a_concluded_review_s_decision_gives_last_review_and_the_outcome_code(
    manager: User, north: AreaTeam, decision: Decision, code: str
):
    plan = _plan("N-1", north)
    ReviewFactory.create(
        plan=plan,
        concluded=True,
        meeting_on=date(2025, 12, 1),
        decision=decision,
        decision_notified_on=date(2025, 12, 22),
    )
    ReviewFactory.create(plan=plan, is_first_review=False, due_on=date(2026, 11, 30))
    row = _rows(manager)["N-1"]
    assert (row["ReviewMeeting"], row["ReviewOutcome"], row["LastReview"], row["ReviewDraft"]) == (
        "2025-12-01",
        code,
        "2025-12-22",
        "",
    )


def test_a_decision_notified_after_the_census_day_is_not_yet_an_outcome(
    manager: User, north: AreaTeam
):
    plan = _plan("N-1", north)
    ReviewFactory.create(
        plan=plan,
        concluded=True,
        meeting_on=date(2025, 1, 6),
        decision_notified_on=date(2025, 1, 27),
    )
    ReviewFactory.create(
        plan=plan,
        is_first_review=False,
        amended=True,
        meeting_on=date(2026, 1, 5),
        decision_notified_on=date(2026, 1, 29),
        due_on=date(2027, 1, 4),
    )
    row = _rows(manager)["N-1"]
    # The latest meeting is the one held on 5 January; its decision came after the census
    # day, so the outcome and the draft are blank and the last decision is January 2025's.
    assert (row["ReviewMeeting"], row["ReviewOutcome"], row["LastReview"], row["ReviewDraft"]) == (
        "2026-01-05",
        "",
        "2025-01-27",
        "",
    )


def test_a_plan_never_reviewed_has_blank_review_items(manager: User, north: AreaTeam):
    ReviewFactory.create(plan=_plan("N-1", north, issued_on=date(2025, 6, 1)))
    row = _rows(manager)["N-1"]
    assert [row[column] for column in HEADER[4:]] == ["", "", "", "", "", ""]


def test_the_phase_transfer_items_come_from_the_owning_review(manager: User, north: AreaTeam):
    plan = _plan("N-1", north, issued_on=date(2021, 3, 1))
    # Owned the transfer to secondary school three years ago: outside the years reported.
    ReviewFactory.create(
        plan=plan,
        final_plan=True,
        concluded=True,
        meeting_on=date(2022, 10, 3),
        decision_notified_on=date(2022, 10, 31),
        final_plan_issued_on=date(2023, 1, 9),
        phase_transfer_due_on=date(2023, 2, 14),
        phase_transfer_met_on=date(2023, 1, 9),
    )
    # Owns the transfer to post-16: its deadline and the day its outcome became final.
    ReviewFactory.create(
        plan=plan,
        is_first_review=False,
        final_plan=True,
        concluded=True,
        meeting_on=date(2025, 10, 6),
        decision_notified_on=date(2025, 10, 27),
        final_plan_issued_on=date(2025, 12, 15),
        phase_transfer_due_on=date(2026, 3, 30),
        phase_transfer_met_on=date(2025, 12, 15),
    )
    # The next review holds no transfer of its own.
    ReviewFactory.create(plan=plan, is_first_review=False, due_on=date(2026, 10, 5))
    row = _rows(manager)["N-1"]
    assert (row["PhaseTransferDueDate"], row["PhaseTransferFinalDate"]) == (
        "2026-03-30",
        "2025-12-15",
    )


def test_a_transfer_review_that_decided_no_change_is_final_on_its_decision(
    manager: User, north: AreaTeam
):
    ReviewFactory.create(
        plan=_plan("N-1", north),
        decided=True,
        meeting_on=date(2025, 11, 17),
        decision_notified_on=date(2025, 12, 8),
        phase_transfer_due_on=date(2026, 2, 14),
        phase_transfer_met_on=date(2025, 12, 8),
        due_on=date(2026, 1, 14),
    )
    row = _rows(manager)["N-1"]
    assert (row["PhaseTransferDueDate"], row["PhaseTransferFinalDate"]) == (
        "2026-02-14",
        "2025-12-08",
    )


def test_a_transfer_final_after_the_census_day_is_not_yet_final(manager: User, north: AreaTeam):
    ReviewFactory.create(
        plan=_plan("N-1", north),
        final_plan=True,
        meeting_on=date(2025, 11, 10),
        decision_notified_on=date(2025, 12, 1),
        final_plan_issued_on=date(2026, 1, 26),
        phase_transfer_due_on=date(2026, 2, 14),
        phase_transfer_met_on=date(2026, 1, 26),
        due_on=date(2026, 1, 14),
    )
    row = _rows(manager)["N-1"]
    assert (row["PhaseTransferDueDate"], row["PhaseTransferFinalDate"]) == ("2026-02-14", "")


def test_a_transfer_review_concluded_without_its_final_day_gives_its_final_plan_date(
    manager: User, north: AreaTeam
):
    ReviewFactory.create(
        plan=_plan("N-1", north),
        final_plan=True,
        concluded=True,
        meeting_on=date(2025, 10, 1),
        decision_notified_on=date(2025, 10, 20),
        final_plan_issued_on=date(2025, 12, 10),
        phase_transfer_due_on=date(2026, 2, 14),
    )
    assert _rows(manager)["N-1"]["PhaseTransferFinalDate"] == "2025-12-10"


# --- Who the child is -------------------------------------------------------------------------


def test_the_upn_is_used_when_known(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn="A123456789012", uln="1234567890"))
    row = _rows(manager)["N-1"]
    assert (row["UPN"], row["UniqueLearnerNumber"], row["UPNunknown"]) == (
        "A123456789012",
        "1234567890",
        "",
    )


def test_the_uln_is_used_when_there_is_no_upn(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn=None, uln="1234567890"))
    row = _rows(manager)["N-1"]
    assert (row["UPN"], row["UniqueLearnerNumber"], row["UPNunknown"]) == ("", "1234567890", "")


def test_the_reason_is_used_when_neither_number_is_known(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn_unknown_reason=UpnUnknownReason.UN3))
    # A reason left beside a number that is now known is not sent.
    _plan(
        "N-2",
        north,
        child=ChildFactory.create(uln="9876543210", upn_unknown_reason=UpnUnknownReason.UN1),
    )
    rows = _rows(manager)
    assert (rows["N-1"]["UPN"], rows["N-1"]["UniqueLearnerNumber"], rows["N-1"]["UPNunknown"]) == (
        "",
        "",
        "UN3",
    )
    assert rows["N-2"]["UPNunknown"] == ""


def test_children_with_no_upn_uln_or_reason_are_exported_and_counted_on_the_page(
    manager: User, north: AreaTeam
):
    twice = ChildFactory.create()
    _plan("N-1", north, child=twice)
    _ceased("N-2", north, child=twice, on=date(2025, 4, 1))
    _plan("N-3", north)
    _plan("N-4", north, child=ChildFactory.create(upn="A123456789012"))
    _plan("N-5", north, child=ChildFactory.create(upn_unknown_reason=UpnUnknownReason.UN2))

    assert [row["UPNunknown"] for row in _rows(manager).values()] == ["", "", "", "", "UN2"]
    page = client_for(manager).get(PAGE_URL, CENSUS).content.decode()
    assert "2 children have no UPN, ULN or reason." in page
    assert 'id="sen2-plans">5<' in page


def test_no_warning_is_shown_when_every_child_can_be_identified(manager: User, north: AreaTeam):
    _plan("N-1", north, child=ChildFactory.create(upn="A123456789012"))
    page = client_for(manager).get(PAGE_URL, CENSUS).content.decode()
    assert "sen2-without-identity" not in page


def test_a_uln_must_be_ten_digits():
    child = ChildFactory.build(uln="12345")
    with pytest.raises(ValidationError) as refused:
        child.full_clean()
    assert refused.value.message_dict["uln"] == ["Enter a unique learner number of 10 digits."]


def test_the_database_refuses_a_uln_that_is_not_ten_digits():
    with pytest.raises(IntegrityError):
        ChildFactory.create(uln="12345abcde")


def test_the_database_refuses_an_unknown_reason_code():
    with pytest.raises(IntegrityError):
        ChildFactory.create(upn_unknown_reason="UN99")


# --- The page and the file --------------------------------------------------------------------


def test_the_page_names_the_default_census_day_and_its_collection_year(
    manager: User, north: AreaTeam
):
    _plan("N-1", north)
    page = client_for(manager).get(PAGE_URL).content.decode()
    assert "18 January 2026" in page
    assert "1 January 2025 to 31 December 2025" in page
    assert 'name="census_day_0" value="18"' in page
    assert escape("?census_day_0=18&census_day_1=1&census_day_2=2026") in page


def test_the_page_links_to_the_file_for_the_day_and_area_chosen(
    manager: User, north: AreaTeam, west: AreaTeam
):
    _plan("W-1", west)
    page = client_for(manager).get(PAGE_URL, {**CENSUS, "area": "West"}).content.decode()
    assert "15 January 2026" in page
    assert escape(f"{CSV_URL}?census_day_0=15&census_day_1=1&census_day_2=2026&area=West") in page


def test_the_manager_s_home_links_to_the_page(manager: User):
    page = client_for(manager).get("/manager/").content.decode()
    assert f'href="{PAGE_URL}"' in page


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
def test_the_census_day_field_rejects_31_02_2026_with_a_message(manager: User, url: str):
    response = client_for(manager).get(
        url, {"census_day_0": "31", "census_day_1": "2", "census_day_2": "2026"}
    )
    assert response.status_code == 400
    assert not isinstance(response, StreamingHttpResponse)
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter the census day as a real date, for example 15 1 2026" in page
    assert not Event.objects.filter(action="export.sen2").exists()


def test_a_census_day_without_its_year_is_refused_with_a_message(manager: User):
    response = client_for(manager).get(CSV_URL, {"census_day_0": "15", "census_day_1": "1"})
    assert response.status_code == 400
    assert "Enter the year" in response.content.decode()
    assert not Event.objects.filter(action="export.sen2").exists()


def test_an_unknown_area_is_refused_with_a_reason(manager: User):
    response = client_for(manager).get(CSV_URL, {**CENSUS, "area": "Atlantis"})
    assert response.status_code == 400
    assert "Select an area team from the list" in response.content.decode()
    assert not Event.objects.filter(action="export.sen2").exists()


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


def _queries(client: Client, url: str, query: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
        assert response.status_code == 200
        if isinstance(response, StreamingHttpResponse):
            b"".join(response.streaming_content)
    return len(captured)


def _reviewed_plans(area: AreaTeam, first: int, last: int) -> None:
    for n in range(first, last):
        plan = _plan(f"N-{n:03d}", area, child=ChildFactory.create(uln=f"{n:010d}"))
        ReviewFactory.create(
            plan=plan,
            final_plan=True,
            concluded=True,
            meeting_on=date(2025, 10, 6),
            decision_notified_on=date(2025, 10, 27),
            final_plan_issued_on=date(2025, 12, 15),
            phase_transfer_due_on=date(2026, 2, 14),
            phase_transfer_met_on=date(2025, 12, 15),
        )
        ReviewFactory.create(plan=plan, is_first_review=False, due_on=date(2026, 10, 5))


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
def test_5_and_50_plans_take_the_same_number_of_queries(manager: User, north: AreaTeam, url):
    client = client_for(manager)
    _reviewed_plans(north, 0, 5)
    _queries(client, url, CENSUS)  # the session's first request renews it; measure the next
    five = _queries(client, url, CENSUS)
    _reviewed_plans(north, 5, 50)
    assert _queries(client, url, CENSUS) == five
    assert Review.objects.count() == 100


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
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
def test_only_managers_may_use_the_sen2_export(
    personas: dict[str, User], persona: str, status: int, url: str
):
    assert client_for(personas[persona]).get(url).status_code == status


@pytest.mark.parametrize("url", [PAGE_URL, CSV_URL])
def test_it_sends_anonymous_visitors_to_sign_in(url: str):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
