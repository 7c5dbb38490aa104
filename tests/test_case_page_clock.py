"""The statutory clock on the case page in words: steps not received or not recorded, the
phase transfer met, who writes the report, and a decision after the 12-month period."""

from datetime import date

import pytest

from reviews import services
from reviews.models import Decision
from tests.case_page_cases import (
    case_url,
    clock_row,
    fixture_review,  # noqa: F401  (a fixture)
)
from tests.conftest import client_for
from tests.factories import ChildFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# The clock in words ---------------------------------------------------------------------------


def test_a_report_that_never_came_reads_not_received_and_other_missed_steps_not_recorded(
    officer_north, review
):
    services.review_hold_meeting(review.pk, on=date(2026, 10, 5), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 10, 19), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "Not received" in clock_row(page, "Report of the meeting")
    assert "Not recorded" in clock_row(page, "Invitations sent")
    assert "Not recorded" in clock_row(page, "Advice circulated")


def test_the_phase_transfer_row_shows_the_day_the_duty_was_met(officer_north, north):
    # Year 6 in 2026/27 at a primary school: the plan must name the next school by 14 February.
    review = ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-CASE-6",
            child=ChildFactory.create(date_of_birth=date(2016, 1, 10)),
        ),
        due_on=date(2026, 12, 1),
    )
    services.review_hold_meeting(review.pk, on=date(2026, 11, 2), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 11, 20), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    row = clock_row(page, "Phase transfer plan")
    assert "14 Feb 2027" in row
    assert "20 Nov 2026" in row
    assert "Done on time" in row
    assert "before 15 February (so by 14 February)" in row


def test_for_a_child_at_no_school_the_report_step_says_the_council_writes_it(officer_north, north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-7", setting=None),
        due_on=date(2026, 12, 1),
    )
    services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=None)

    page = client_for(officer_north).get(case_url(review)).content.decode()

    row = clock_row(page, "Report of the meeting")
    assert "the council prepares the report itself, within 2 weeks after the meeting" in row
    assert "reg 21(7)" in row
    assert "reg 21(3)" in clock_row(page, "Invitations sent")


def test_a_child_at_a_school_has_the_schools_report_rule(officer_north, review):
    services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=None)

    page = client_for(officer_north).get(case_url(review)).content.decode()

    row = clock_row(page, "Report of the meeting")
    assert "Within 2 weeks after the meeting, to the council and everyone invited" in row
    assert "reg 20(7)" in row
    assert "reg 21(7)" not in page


def test_a_decision_after_the_12_month_period_is_flagged_on_the_case_page(officer_north, north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-8"), due_on=date(2026, 10, 1)
    )
    services.review_hold_meeting(review.pk, on=date(2026, 9, 30), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 10, 2), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "Decision after the 12-month review period (Code of Practice 9.169)" in page


def test_a_decision_inside_the_12_month_period_is_not_flagged(officer_north, north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-CASE-9"), due_on=date(2026, 10, 1)
    )
    services.review_hold_meeting(review.pk, on=date(2026, 9, 30), actor=None)
    services.review_notify_decision(
        review.pk, decision=Decision.MAINTAIN, on=date(2026, 10, 1), actor=None
    )

    page = client_for(officer_north).get(case_url(review)).content.decode()

    assert "12-month review period (Code" not in page
