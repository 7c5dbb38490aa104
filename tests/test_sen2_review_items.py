"""The annual-review items of each plan in the SEN2-aligned return, checked by hand: the latest
meeting, the outcome code, and the phase-transfer items. The census day in these tests is 15
January 2026 unless said otherwise, so the collection year is 1 January 2025 to 31 December
2025.
"""

from datetime import date

import pytest

from accounts.models import User
from organisation.models import AreaTeam
from reporting.sen2 import HEADER
from reviews.models import Decision
from tests.factories import ChildFactory, ReviewFactory
from tests.sen2_cases import _ceased, _plan, _rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

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
