"""The set-based recompute on its boundary days, counted by hand (DESIGN section 3): the
anniversary, the phase transfer's 15 February, academic years, first schools, post-16 moves,
reports never received, the 12-month period and withdrawn amendments.
"""

from datetime import date

import pytest
import time_machine

from organisation.models import SettingPhase
from reviews import statutory
from reviews.models import ReviewStatus
from reviews.recompute import recompute_reviews
from tests.recompute_cases import TODAY, fresh, review_with

# Days overdue and priority are worked out when read, as of the day the recompute ran.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

# --- Boundary days, counted by hand (DESIGN section 3) ------------------------------------------


@pytest.mark.parametrize(
    ("meeting_on", "expected"),
    [
        (date(2026, 1, 14), "done_on_time"),  # the last day of the 12 months from 15 January 2025
        (date(2026, 1, 15), "done_late"),  # the anniversary
    ],
)
def test_a_meeting_on_the_day_before_the_anniversary_is_on_time_and_on_the_anniversary_late(
    meeting_on, expected
):
    review = review_with(issued=date(2025, 1, 15), held=True, meeting_on=meeting_on)
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.due_on == date(2026, 1, 14)
    assert review.meeting_state == expected


@pytest.mark.parametrize(
    ("notified_on", "expected"),
    [(date(2027, 2, 14), "done_on_time"), (date(2027, 2, 15), "done_late")],
)
def test_a_year_6_decision_to_maintain_on_14_february_meets_the_transfer_and_on_15_february_is_late(
    notified_on, expected
):
    review = review_with(
        born=date(2015, 10, 1),  # Year 6 in 2026/27
        decided=True,
        meeting_on=date(2027, 1, 20),
        decision_notified_on=notified_on,
        report_received_on=date(2027, 1, 25),
    )
    recompute_reviews(today=date(2027, 3, 1))
    review = fresh(review)
    assert review.phase_transfer_due_on == date(2027, 2, 14)
    assert review.phase_transfer_met_on == notified_on
    assert review.phase_transfer_state == expected


def test_a_review_after_one_held_this_academic_year_does_not_inherit_the_phase_transfer():
    # The Year 6 review held on 1 October 2026 concluded "maintain"; the next review is open.
    review = review_with(
        born=date(2015, 10, 1),
        is_first_review=False,
        previous_meeting_on=date(2026, 10, 1),
        due_on=statutory.next_review_due(previous_meeting_on=date(2026, 10, 1)),
    )
    recompute_reviews(today=date(2027, 2, 20))
    review = fresh(review)
    assert review.phase_transfer_due_on is None
    assert review.phase_transfer_state is None
    assert review.in_backlog is False
    assert review.priority_reasons == []


def test_a_review_after_one_held_last_academic_year_owns_this_years_transfer():
    review = review_with(
        born=date(2015, 10, 1),
        is_first_review=False,
        previous_meeting_on=date(2026, 6, 1),
        due_on=statutory.next_review_due(previous_meeting_on=date(2026, 6, 1)),
    )
    recompute_reviews(today=date(2027, 2, 20))
    review = fresh(review)
    assert review.phase_transfer_due_on == date(2027, 2, 14)
    assert review.phase_transfer_state == "overdue"
    with time_machine.travel("2027-02-20 10:00:00+00:00", tick=False):
        assert review.days_overdue == 6


def test_a_first_school_ending_in_year_4_gives_its_year_4_children_a_transfer_deadline():
    review = review_with(born=date(2017, 10, 1), phase=SettingPhase.OTHER)  # Year 4 in 2026/27
    setting = review.plan.setting
    assert setting is not None
    setting.last_year_of_phase = 4
    setting.save()
    recompute_reviews(today=TODAY)
    assert fresh(review).phase_transfer_due_on == date(2027, 2, 14)


def test_a_primary_setting_given_a_later_last_year_has_no_transfer_in_year_6():
    review = review_with(born=date(2015, 10, 1))  # Year 6 in a primary that keeps Year 7
    setting = review.plan.setting
    assert setting is not None
    setting.last_year_of_phase = 7
    setting.save()
    recompute_reviews(today=TODAY)
    assert fresh(review).phase_transfer_due_on is None


def test_a_planned_post16_move_is_due_for_review_5_months_before_it():
    review = review_with(born=date(2008, 10, 1), phase=SettingPhase.POST16)
    review.planned_move_on = date(2027, 1, 15)
    review.save()
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.phase_transfer_due_on == date(2026, 8, 15)
    assert review.phase_transfer_state == "overdue"


def test_a_report_never_received_after_the_decision_is_not_received_and_outside_the_backlog():
    review = review_with(
        issued=date(2025, 11, 1),  # due by 31 October 2026
        decided=True,
        meeting_on=date(2026, 10, 1),
        decision_notified_on=date(2026, 10, 20),
    )
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.report_due_on == date(2026, 10, 15)
    assert review.report_state == "not_done"
    assert review.in_backlog is False
    assert review.days_overdue == 0


def test_a_decision_after_the_12_month_period_is_flagged_and_one_inside_it_is_not():
    late = review_with(
        issued=date(2025, 9, 1),  # the period ends on 31 August 2026
        decided=True,
        meeting_on=date(2026, 8, 20),
        decision_notified_on=date(2026, 9, 1),
    )
    in_time = review_with(
        issued=date(2025, 9, 1),
        decided=True,
        meeting_on=date(2026, 8, 20),
        decision_notified_on=date(2026, 8, 31),
    )
    recompute_reviews(today=TODAY)
    assert fresh(late).decision_outside_period is True
    assert fresh(in_time).decision_outside_period is False


def test_withdrawn_amendments_meet_the_final_plan_step():
    review = review_with(
        amended=True,
        status=ReviewStatus.AMENDMENTS_WITHDRAWN,
        meeting_on=date(2026, 9, 1),
        decision_notified_on=date(2026, 9, 20),
        amendments_withdrawn_on=date(2026, 10, 30),
        report_received_on=date(2026, 9, 10),
    )
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.final_plan_state == "done_on_time"
    assert review.in_backlog is False
