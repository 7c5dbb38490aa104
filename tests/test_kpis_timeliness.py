"""The managers' timeliness KPIs (issues 7 and 15), each checked against figures counted by
hand: the periods, meetings on time, decisions within 4 weeks, outcomes, final amended
plans within 12 weeks, decisions outside the period, reports not received, ceased plans,
and decisions by month.
Today is Monday 23 November 2026 unless a test says otherwise."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from organisation.models import AreaTeam
from reporting.timeliness import (
    MonthDecisions,
    Outcomes,
    Share,
    StepTimeliness,
    kpi_decisions_by_month,
    kpi_timeliness,
    last_complete_year,
    period_calendar_year,
    period_twelve_months_to,
    years_to_choose_from,
)
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import ReviewFactory
from tests.kpi_cases import TODAY, decided, everything, plan_in, review_in, twelve_months

pytestmark = pytest.mark.django_db


# --- The periods -------------------------------------------------------------------------------


def test_the_12_months_to_today_start_the_day_after_the_same_date_last_year():
    period = period_twelve_months_to(TODAY)
    assert (period.starts_on, period.ends_on) == (date(2025, 11, 24), date(2026, 11, 23))
    assert period.label == "the 12 months to 23 November 2026"
    leap = period_twelve_months_to(date(2028, 2, 29))
    assert (leap.starts_on, leap.ends_on) == (date(2027, 3, 1), date(2028, 2, 29))


def test_the_calendar_year_defaults_to_the_last_complete_one_and_offers_five():
    assert last_complete_year(TODAY) == 2025
    assert years_to_choose_from(TODAY) == [2025, 2024, 2023, 2022, 2021]
    year = period_calendar_year(2025)
    assert (year.starts_on, year.ends_on, year.label) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
        "2025",
    )


def test_a_review_belongs_to_the_period_its_due_date_falls_in(north, manager):
    """Reviews due on eight days. In the 12 months to today (24 Nov 2025 to 23 Nov 2026):
    24 Nov 2025, 31 Dec 2025, 1 Jan 2026 and today; not 23 Nov 2025 nor tomorrow. In 2025:
    1 Jan, 23 Nov, 24 Nov and 31 Dec 2025; not 31 Dec 2024 nor 1 Jan 2026."""
    for due in (
        date(2024, 12, 31),
        date(2025, 1, 1),
        date(2025, 11, 23),
        date(2025, 11, 24),
        date(2025, 12, 31),
        date(2026, 1, 1),
        TODAY,
        TODAY + timedelta(days=1),
    ):
        review_in(north, due_on=due)

    year = kpi_timeliness(everything(manager), period=period_calendar_year(2025), today=TODAY)

    assert twelve_months(manager).expected == 4
    assert year.expected == 4


# --- Meetings -----------------------------------------------------------------------------------


def test_a_meeting_on_its_due_date_is_within_the_period_and_a_day_later_is_not(north, manager):
    """Due 30 June 2026: held on 30 June and on 1 May (on time), 1 July (late). Not held: due
    1 August (overdue) and due today (still in time). Expected 5: 2 of 5 on time."""
    due = date(2026, 6, 30)
    for held in (due, date(2026, 5, 1), due + timedelta(days=1)):
        review_in(north, status=ReviewStatus.MEETING_HELD, due_on=due, meeting_on=held)
    review_in(north, due_on=date(2026, 8, 1))
    review_in(north, due_on=TODAY)

    figures = twelve_months(manager)

    assert figures.expected == 5
    assert figures.meetings == StepTimeliness(on_time=2, late=1, none_recorded=2, still_in_time=1)
    assert figures.meetings.share.in_words == "2 of 5, 40.0%"


# --- Decisions ----------------------------------------------------------------------------------


def test_a_decision_on_day_28_is_within_4_weeks_and_one_on_day_29_is_not(
    north, manager, django_assert_num_queries
):
    """Meetings on 1 October 2026 (their due date): decided on day 27, 28 and 29, and one with
    no decision (overdue since 29 October). A meeting on 10 November with no decision yet is
    still in time (until 8 December). A review not yet due is not in the period. On time: 2
    of 5, with 2 none recorded in the whole."""
    meeting = date(2026, 10, 1)
    for day in (27, 28, 29, None):
        decided(north, meeting_on=meeting, after_days=day)
    decided(north, meeting_on=date(2026, 11, 10), due_on=date(2026, 11, 15), after_days=None)
    review_in(north, due_on=date(2026, 12, 1))

    with django_assert_num_queries(1):  # every measure of the period: one aggregate query
        figures = twelve_months(manager).decisions

    assert figures == StepTimeliness(on_time=2, late=1, none_recorded=2, still_in_time=1)
    assert figures.share == Share(2, 5)
    assert figures.percent == Decimal("40.0")
    assert figures.share.in_words == "2 of 5, 40.0%"


def test_decisions_never_made_keep_the_share_down_instead_of_leaving_it_at_100_per_cent(
    north, manager
):
    """The board once read 100% while most decisions were late and outstanding: one decision
    made on time and three meetings months ago with none recorded is 1 of 4, not 1 of 1."""
    decided(north, meeting_on=date(2026, 3, 2), after_days=10)
    for _ in range(3):
        decided(north, meeting_on=date(2026, 3, 2), after_days=None)

    figures = twelve_months(manager).decisions

    assert (figures.on_time, figures.late, figures.none_recorded) == (1, 0, 3)
    assert figures.percent == Decimal("25.0")


def test_a_concluded_review_counts_like_an_open_one(north, manager):
    review = decided(north, meeting_on=date(2026, 9, 1), after_days=28)
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.CONCLUDED, concluded_on=date(2026, 10, 1)
    )

    figures = twelve_months(manager)

    assert (figures.expected, figures.decisions.on_time, figures.decisions.total) == (1, 1, 1)


def test_with_no_reviews_due_the_share_has_no_percentage(north, manager):
    figures = twelve_months(manager).decisions
    assert figures.share == Share(0, 0)
    assert figures.percent is None
    assert figures.share.in_words == "0 of 0"


# --- Outcomes -----------------------------------------------------------------------------------


def test_the_outcomes_of_the_meetings_held_add_up_to_the_meetings_held(north, manager):
    meeting = date(2026, 6, 1)
    for decision in (Decision.MAINTAIN, Decision.AMEND, Decision.AMEND, Decision.CEASE):
        decided(north, meeting_on=meeting, after_days=20, decision=decision)
    decided(north, meeting_on=meeting, after_days=None)
    review_in(north, due_on=meeting)  # not held: no outcome to count

    figures = twelve_months(manager)

    assert figures.outcomes == Outcomes(maintained=1, amended=2, ceased=1, none_recorded=1)
    assert figures.outcomes.total == figures.meetings.on_time + figures.meetings.late == 5


# --- Final amended plans ------------------------------------------------------------------------


def final_plan(
    area: AreaTeam,
    *,
    meeting_on: date,
    issued_after: int | None = None,
    withdrawn_after: int | None = None,
) -> Review:
    return review_in(
        area,
        amended=True,
        due_on=meeting_on,
        decision_notified_on=meeting_on + timedelta(days=20),
        final_plan_issued_on=meeting_on + timedelta(days=issued_after) if issued_after else None,
        amendments_withdrawn_on=(
            meeting_on + timedelta(days=withdrawn_after) if withdrawn_after else None
        ),
    )


def test_a_final_plan_on_day_84_is_within_12_weeks_and_one_on_day_85_is_not(north, manager):
    """Meetings on 1 June 2026: final plans on day 84 (on time) and 85 (late); amendments
    withdrawn on day 50 (met on time) and day 90 (late); one with nothing yet (not issued,
    overdue since 24 August). A meeting on 1 October with nothing yet is still in time (until
    24 December). A decision to maintain has no final plan to count. On time: 2 of 6."""
    meeting = date(2026, 6, 1)
    final_plan(north, meeting_on=meeting, issued_after=84)
    final_plan(north, meeting_on=meeting, issued_after=85)
    final_plan(north, meeting_on=meeting, withdrawn_after=50)
    final_plan(north, meeting_on=meeting, withdrawn_after=90)
    final_plan(north, meeting_on=meeting)
    final_plan(north, meeting_on=date(2026, 10, 1))
    decided(north, meeting_on=meeting, after_days=10)

    figures = twelve_months(manager).final_plans

    assert figures == StepTimeliness(on_time=2, late=2, none_recorded=2, still_in_time=1)
    assert figures.share.in_words == "2 of 6, 33.3%"


# --- Decisions outside the period, reports not received, ceased plans ---------------------------


def test_decisions_outside_the_period_and_reports_not_received_are_counted(north, manager):
    """Due 1 June 2026 (first reviews, so the period is known):
    - met 1 May, decided 20 May with no report: report not received;
    - met 20 May, report 25 May, decided 10 June: decision outside the period;
    - concluded: met 1 May, decided 20 May, no report: report not received (its clock said
      so when the decision was recorded, and concluding keeps it);
    - concluded with its report: neither;
    - concluded from an imported history, whose steps were never recorded: neither.
    """
    due = date(2026, 6, 1)

    def review(*, meeting: date, decided_on: date, report: date | None, concluded: bool) -> None:
        review_in(
            north,
            status=ReviewStatus.CONCLUDED if concluded else ReviewStatus.DECISION_NOTIFIED,
            due_on=due,
            meeting_on=meeting,
            report_received_on=report,
            decision=Decision.MAINTAIN,
            decision_notified_on=decided_on,
            concluded_on=decided_on if concluded else None,
            report_state="not_done" if concluded and report is None else None,
        )

    review(meeting=date(2026, 5, 1), decided_on=date(2026, 5, 20), report=None, concluded=False)
    review(
        meeting=date(2026, 5, 20),
        decided_on=date(2026, 6, 10),
        report=date(2026, 5, 25),
        concluded=False,
    )
    review(meeting=date(2026, 5, 1), decided_on=date(2026, 5, 20), report=None, concluded=True)
    review(
        meeting=date(2026, 5, 1),
        decided_on=date(2026, 5, 20),
        report=date(2026, 5, 5),
        concluded=True,
    )
    review_in(  # imported: no step states
        north,
        status=ReviewStatus.CONCLUDED,
        due_on=due,
        meeting_on=date(2026, 5, 1),
        decision=Decision.MAINTAIN,
        decision_notified_on=date(2026, 5, 20),
        concluded_on=date(2026, 5, 20),
    )
    recompute_reviews(today=TODAY)

    figures = twelve_months(manager)

    assert (figures.decisions_outside_period, figures.reports_not_received) == (1, 2)


def test_a_ceased_plans_review_counts_if_it_was_held_or_the_plan_ceased_after_it_was_due(
    north, manager
):
    """Due 1 October 2026: a plan ceased on 1 November, its review not held (counted, not
    held); one ceased on 1 September before its review was due (no review expected); one
    ceased after a meeting and a decision to cease (counted, ceased)."""
    due = date(2026, 10, 1)
    for ceased_on in (date(2026, 11, 1), date(2026, 9, 1)):
        ReviewFactory.create(plan=plan_in(north, ceased=True, ceased_on=ceased_on), due_on=due)
    held = decided(north, meeting_on=due, after_days=20, decision=Decision.CEASE, ceased=True)
    Review.objects.filter(pk=held.pk).update(status=ReviewStatus.CONCLUDED)

    figures = twelve_months(manager)

    assert figures.expected == 2
    assert (figures.meetings.on_time, figures.meetings.none_recorded) == (1, 1)
    assert figures.outcomes.ceased == 1


# --- Decisions by month -------------------------------------------------------------------------


def test_decisions_are_counted_in_the_month_their_4_weeks_ended(north, manager):
    """The months run from December 2025 to November 2026 (until yesterday):
    - met 20 Oct 2025, 4 weeks ended 17 Nov 2025: before the first month;
    - met 10 Nov 2025, ended 8 Dec 2025, decided on day 21: December, on time;
    - met 20 Sep 2026, ended 18 Oct, decided on day 29: October, later;
    - met 1 Oct 2026, ended 29 Oct, none recorded: October;
    - met 20 Oct 2026, ended 17 Nov, decided on day 28: November, on time;
    - met 26 Oct 2026, ended today: not yet counted."""
    decided(north, meeting_on=date(2025, 10, 20), after_days=20)
    decided(north, meeting_on=date(2025, 11, 10), after_days=21)
    decided(north, meeting_on=date(2026, 9, 20), after_days=29)
    decided(north, meeting_on=date(2026, 10, 1), after_days=None)
    decided(north, meeting_on=date(2026, 10, 20), after_days=28)
    decided(north, meeting_on=date(2026, 10, 26), after_days=None)

    months = kpi_decisions_by_month(everything(manager), today=TODAY)

    assert [m.month for m in months] == [date(2025, 12, 1)] + [
        date(2026, n, 1) for n in range(1, 12)
    ]
    assert months[0] == MonthDecisions(date(2025, 12, 1), on_time=1, late=0, none_recorded=0)
    assert months[-2] == MonthDecisions(date(2026, 10, 1), on_time=0, late=1, none_recorded=1)
    assert months[-1] == MonthDecisions(date(2026, 11, 1), on_time=1, late=0, none_recorded=0)
    assert [m.total for m in months[1:-2]] == [0] * 9
    assert months[-2].share.in_words == "0 of 2, 0.0%"
