"""The set-based recompute's deadlines and states for every open review: overdue and due soon,
the steps after the meeting, invitations and advice, amendments, the phase transfer and an
officer's overrides; concluded reviews are left alone.
"""

from datetime import date

import pytest

from organisation.models import SettingPhase
from reviews.recompute import recompute_reviews
from tests.recompute_cases import TODAY, fresh, review_with

# Days overdue and priority are worked out when read, as of the day the recompute ran.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_a_first_review_past_its_due_date_is_overdue_and_in_the_backlog():
    review = review_with(issued=date(2025, 9, 1))  # due by 31 August 2026
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.meeting_state == "overdue"
    assert review.state == "overdue"
    assert review.in_backlog is True
    assert review.days_overdue == 84  # 31 August to 23 November 2026


def test_a_review_not_yet_due_is_outside_the_backlog():
    review = review_with(issued=date(2026, 6, 1))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert (review.state, review.in_backlog, review.days_overdue) == ("not_yet_due", False, 0)


def test_a_step_inside_the_warning_window_is_due_soon():
    review = review_with(issued=date(2025, 12, 1))  # due by 30 November 2026, 7 days away
    recompute_reviews(today=TODAY)
    assert fresh(review).state == "due_soon"


def test_after_the_meeting_the_report_and_decision_deadlines_follow_it():
    review = review_with(held=True, meeting_on=date(2026, 11, 1))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.report_due_on == date(2026, 11, 15)
    assert review.decision_due_on == date(2026, 11, 29)
    assert review.report_state == "overdue"
    assert review.decision_state == "due_soon"
    assert review.meeting_state == "done_late"  # held after its 14 January 2025 deadline
    assert review.state == "overdue"
    assert review.days_overdue == 8


def test_invitations_never_recorded_before_a_held_meeting_are_not_recorded_rather_than_overdue():
    review = review_with(held=True, meeting_on=date(2026, 11, 20))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.invitations_due_on == date(2026, 11, 6)
    assert review.invitations_state == "not_done"
    assert review.state == "due_soon"  # the report, due 4 December


def test_invitations_and_advice_are_due_two_weeks_before_the_planned_meeting():
    review = review_with(issued=date(2026, 1, 20), meeting_planned_on=date(2026, 12, 10))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.invitations_due_on == review.advice_due_on == date(2026, 11, 26)
    assert review.invitations_state == "due_soon"


def test_an_amendment_has_a_notice_and_a_final_plan_deadline():
    review = review_with(
        amended=True,
        meeting_on=date(2026, 9, 1),
        decision_notified_on=date(2026, 9, 20),
        report_received_on=date(2026, 9, 10),
    )
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.amendment_notice_due_on == date(2026, 9, 29)
    assert review.amendment_notice_state == "done_on_time"
    # 8 weeks from the notice (15 November) comes before 12 weeks from the meeting (24 November).
    assert review.final_plan_due_on == date(2026, 11, 15)
    assert review.final_plan_state == "overdue"


@pytest.mark.parametrize(
    ("phase", "born", "expected"),
    [
        (SettingPhase.PRIMARY, date(2015, 10, 1), date(2027, 2, 14)),  # Year 6 in 2026/27
        (SettingPhase.INFANT, date(2019, 10, 1), date(2027, 2, 14)),  # Year 2
        (SettingPhase.MIDDLE, date(2013, 10, 1), date(2027, 2, 14)),  # Year 8
        (SettingPhase.SECONDARY, date(2010, 10, 1), date(2027, 3, 30)),  # Year 11 to post-16
        (SettingPhase.EARLY_YEARS, date(2022, 10, 1), date(2027, 2, 14)),  # nursery year, NCY -1
        (SettingPhase.PRIMARY, date(2016, 10, 1), None),  # Year 5: not a transfer year
        (SettingPhase.SPECIAL, date(2015, 10, 1), None),  # no automatic deadline
    ],
)
def test_the_phase_transfer_deadline_follows_the_setting_phase_and_year_group(
    phase, born, expected
):
    review = review_with(phase=phase, born=born)
    recompute_reviews(today=TODAY)
    assert fresh(review).phase_transfer_due_on == expected


def test_an_officer_set_year_group_and_transfer_date_override_the_computed_ones():
    review = review_with(born=date(2016, 10, 1), ncy_override=6, phase=SettingPhase.SPECIAL)
    review.phase_transfer_override_on = date(2027, 1, 31)
    review.save()
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.ncy == 6
    assert review.phase_transfer_due_on == date(2027, 1, 31)


def test_concluded_reviews_are_left_alone():
    review = review_with(concluded=True, meeting_on=date(2025, 1, 1), concluded_on=date(2025, 2, 1))
    assert recompute_reviews(today=TODAY) == 0
    assert fresh(review).state is None
