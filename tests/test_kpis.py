"""The managers' KPIs (issues 7 and 15), each checked against figures counted by hand on a
small caseload. Today is Monday 23 November 2026 unless a test says otherwise."""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import User
from casework.models import CeaseReason, Plan, PlanStatus
from organisation.models import AreaTeam, SettingPhase
from qa.models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ChecklistStatus,
    ChecklistTemplate,
    Grade,
    Moderation,
    ModerationAnswer,
    ModerationStatus,
    Recommendation,
    Response,
)
from reporting.backlog import Band, kpi_backlog
from reporting.kpis import (
    TransferDeadline,
    dashboard_figures,
    kpi_caseload,
    kpi_phase_transfer,
    kpi_volunteer_programme,
)
from reporting.scope import Scope, scope_for_user, scope_whole_service
from reporting.timeliness import (
    MonthDecisions,
    Outcomes,
    PeriodTimeliness,
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
from reviews.overdue import OVERDUE_BANDS
from reviews.recompute import recompute_reviews
from tests.factories import (
    ChildFactory,
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from volunteers.models import AgreementStatus, Assignment
from volunteers.services import WITHDRAWN

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def plan_in(area: AreaTeam, *, ceased: bool = False, **kwargs: object) -> Plan:
    if ceased:
        kwargs = {
            "status": PlanStatus.CEASED,
            "ceased_on": date(2026, 11, 1),
            "cease_reason": CeaseReason.NEEDS_MET,
        } | kwargs
    return PlanFactory.create(area=area, **kwargs)


def review_in(area: AreaTeam, *, ceased: bool = False, **kwargs: object) -> Review:
    return ReviewFactory.create(plan=plan_in(area, ceased=ceased), **kwargs)


def decided(
    area: AreaTeam,
    *,
    meeting_on: date,
    after_days: int | None,
    due_on: date | None = None,
    ceased: bool = False,
    decision: Decision = Decision.MAINTAIN,
) -> Review:
    """A review whose meeting was held on `meeting_on` (its due date unless given) and whose
    decision was notified `after_days` later (None: no decision recorded)."""
    held = {"due_on": due_on or meeting_on, "meeting_on": meeting_on}
    if after_days is None:
        return review_in(area, ceased=ceased, held=True, **held)
    notified = meeting_on + timedelta(days=after_days)
    return review_in(
        area, ceased=ceased, decided=True, decision=decision, decision_notified_on=notified, **held
    )


def everything(manager: User) -> Scope:
    return scope_for_user(manager)


def twelve_months(manager: User) -> PeriodTimeliness:
    return kpi_timeliness(everything(manager), period=period_twelve_months_to(TODAY), today=TODAY)


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


# --- Caseload and backlog ---------------------------------------------------------------------


def test_active_plans_and_reviews_due_in_the_next_12_weeks(north, manager):
    """Due today and on 15 Feb 2027 (day 84) count; 16 Feb 2027, yesterday (overdue), one
    whose meeting is held and one of a ceased plan do not. Six active plans, one ceased."""
    for due in (TODAY, date(2027, 2, 15), date(2027, 2, 16), TODAY - timedelta(days=1)):
        review_in(north, due_on=due)
    review_in(north, status=ReviewStatus.MEETING_HELD, due_on=TODAY, meeting_on=TODAY)
    review_in(north, ceased=True, due_on=TODAY)
    plan_in(north)  # no review open

    figures = kpi_caseload(everything(manager), today=TODAY)

    assert (figures.active_plans, figures.reviews_due_next_12_weeks) == (6, 2)


def test_the_backlog_is_banded_by_days_overdue(north, manager):
    """Meetings overdue by 1, 28 (up to 4 weeks), 29 (4 to 12 weeks), 364 (26 to 52 weeks)
    and 365 days (more than 52 weeks). Not in it: due today, a ceased plan's overdue review,
    a concluded review."""
    for days in (1, 28, 29, 364, 365):
        review_in(north, due_on=TODAY - timedelta(days=days))
    review_in(north, due_on=TODAY)
    review_in(north, ceased=True, due_on=TODAY - timedelta(days=40))
    review_in(
        north,
        status=ReviewStatus.CONCLUDED,
        due_on=TODAY - timedelta(days=40),
        meeting_on=TODAY - timedelta(days=50),
    )
    recompute_reviews(today=TODAY)

    figures = kpi_backlog(everything(manager), today=TODAY)

    assert figures.total == 5
    assert figures.bands == (
        Band("Up to 4 weeks", 2),
        Band("4 to 12 weeks", 1),
        Band("12 to 26 weeks", 0),
        Band("26 to 52 weeks", 1),
        Band("More than 52 weeks", 1),
    )


def test_the_backlog_bands_end_at_whole_weeks_from_the_statutory_rules():
    assert [
        (band.slug, band.label, band.fewest_days, band.most_days) for band in OVERDUE_BANDS
    ] == [
        ("up_to_4_weeks", "Up to 4 weeks", 1, 28),
        ("4_to_12_weeks", "4 to 12 weeks", 29, 84),
        ("12_to_26_weeks", "12 to 26 weeks", 85, 182),
        ("26_to_52_weeks", "26 to 52 weeks", 183, 364),
        ("more_than_52_weeks", "More than 52 weeks", 365, None),
    ]


@pytest.mark.parametrize(
    "module",
    [
        "reporting/kpis.py",
        "reporting/backlog.py",
        "reporting/timeliness.py",
        "reporting/definitions.py",
        "reviews/overdue.py",
    ],
)
def test_the_kpis_write_no_statutory_number_of_days_themselves(module):
    """The 4 and 12 weeks come from reviews.statutory (DECISION_WEEKS_AFTER, WEEK, ...): the
    modules of the figures and of their bands, docstrings included, write neither 28 nor 84
    days."""
    source = (Path(__file__).parent.parent / module).read_text()
    assert re.findall(r"\b(?:14|28|56|84)\b", source) == []


# --- Phase transfer ---------------------------------------------------------------------------


def transfer(
    area: AreaTeam,
    phase: str,
    born: date,
    final_on: date | None,
    *,
    maintained_on: date | None = None,
    **kwargs: object,
) -> Review:
    """A review of a child at a setting of `phase`, met 1 October 2026: with a final amended
    plan issued on `final_on`, or a decision to maintain notified on `maintained_on`, or
    neither yet."""
    plan = PlanFactory.create(
        area=area,
        child=ChildFactory.create(date_of_birth=born),
        setting=SettingFactory.create(area=area, phase=phase),
        **kwargs,
    )
    if maintained_on:
        return ReviewFactory.create(
            plan=plan,
            due_on=date(2026, 10, 1),
            status=ReviewStatus.DECISION_NOTIFIED,
            meeting_on=date(2026, 10, 1),
            decision=Decision.MAINTAIN,
            decision_notified_on=maintained_on,
        )
    return ReviewFactory.create(
        plan=plan,
        due_on=date(2026, 10, 1),
        status=ReviewStatus.FINAL_PLAN_ISSUED if final_on else ReviewStatus.PLANNING,
        meeting_on=date(2026, 10, 1) if final_on else None,
        decision=Decision.AMEND if final_on else "",
        final_plan_issued_on=final_on,
    )


def test_phase_transfer_readiness_counts_plans_whose_outcome_was_final_by_each_deadline(
    north, manager
):
    """On 10 April 2027 (academic year 2026/27). Year 6 at primary schools (before 15
    February, so by 14 February): amended on 14 February, amended on 15 February (late), a
    decision to maintain on 1 December (no amendment needed: met), and not yet final. Year
    11 at secondary schools (before 31 March, so by 30 March): amended on 30 March, and not
    yet. An officer's date (1 June) at a special school, not yet. Not counted: Year 5, and a
    ceased plan's Year 6."""
    year6, year11, year5 = date(2016, 1, 10), date(2011, 1, 10), date(2017, 1, 10)
    transfer(north, SettingPhase.PRIMARY, year6, date(2027, 2, 14))
    transfer(north, SettingPhase.PRIMARY, year6, date(2027, 2, 15))
    transfer(north, SettingPhase.PRIMARY, year6, None, maintained_on=date(2026, 12, 1))
    transfer(north, SettingPhase.PRIMARY, year6, None)
    transfer(north, SettingPhase.SECONDARY, year11, date(2027, 3, 30))
    transfer(north, SettingPhase.SECONDARY, year11, None)
    Review.objects.filter(pk=transfer(north, SettingPhase.SPECIAL, year6, None).pk).update(
        phase_transfer_override_on=date(2027, 6, 1)
    )
    transfer(north, SettingPhase.PRIMARY, year5, None)
    transfer(
        north,
        SettingPhase.PRIMARY,
        year6,
        None,
        status=PlanStatus.CEASED,
        ceased_on=date(2026, 12, 1),
        cease_reason=CeaseReason.MOVED_LA,
    )
    today = date(2027, 4, 10)
    recompute_reviews(today=today)

    figures = kpi_phase_transfer(everything(manager), today=today)

    assert figures.academic_year == "2026/27"
    assert figures.deadlines == (
        TransferDeadline("Before 15 February", 4, 2, 1, date(2027, 2, 14)),
        TransferDeadline("Before 31 March (secondary to post-16)", 2, 1, 0, date(2027, 3, 30)),
        TransferDeadline("Other dates set by officers", 1, 0, 0, None),
    )
    assert [d.not_met for d in figures.deadlines] == [1, 1, 1]
    assert figures.deadlines[0].share.in_words == "2 of 4, 50.0%"


def test_with_no_transfers_due_both_statutory_deadlines_show_nothing_due(north, manager):
    figures = kpi_phase_transfer(everything(manager), today=TODAY)
    assert [(d.label, d.due, d.percent) for d in figures.deadlines] == [
        ("Before 15 February", 0, None),
        ("Before 31 March (secondary to post-16)", 0, None),
    ]


# --- The volunteer programme ------------------------------------------------------------------


@pytest.fixture
def programme(north: AreaTeam, west: AreaTeam) -> dict[str, User]:
    """On Monday 23 November 2026, by hand:

    Agreements of North schools' SENCOs (weeks): Ann approved Tuesdays from 2 Nov (12,
    running); Bea approved Mondays 31 Aug (12, last day 16 Nov: over); Cat approved Mondays
    from 7 Sep (12, last day today: running); Dee paused (6); Eve requested (12) and
    declined (12). West: Fay approved, running (10).
    North: 2 active, 12 + 12 + 12 + 6 = 42 days approved. All: 3 active, 52 days.

    Release days used by North reviews: Ann on 3 Nov (two reviews) and 10 Nov; not 17 Nov
    (withdrawn) nor 24 Nov (to come): 2. Fay in West on 3 Nov: all areas 3.

    Submitted checklists of North reviews: outstanding/amend, good/amend, good/no amendment,
    inadequate/no amendment; a draft does not count. West: one good/amend.
    North: 4 submitted, 2 recommend amendment (50%). All: 5, 3 (60%).

    Moderation: one North checklist, two items, the moderator agrees on one (50%); a
    waiting moderation does not count.
    """
    school = SettingFactory.create(area=north)
    west_school = SettingFactory.create(area=west)
    people = {
        name: VolunteerFactory.create(
            full_name=name, setting=west_school if name == "Fay" else school
        )
        for name in ("Ann", "Bea", "Cat", "Dee", "Eve", "Fay")
    }
    approved = AgreementStatus.APPROVED
    for name, weekday, start, weeks, status in [
        ("Ann", 1, date(2026, 11, 2), 12, approved),
        ("Bea", 0, date(2026, 8, 31), 12, approved),
        ("Cat", 0, date(2026, 9, 7), 12, approved),
        ("Dee", 2, date(2026, 10, 1), 6, AgreementStatus.PAUSED),
        ("Eve", 3, date(2026, 11, 5), 12, AgreementStatus.REQUESTED),
        ("Eve", 3, date(2026, 9, 3), 12, AgreementStatus.DECLINED),
        ("Fay", 4, date(2026, 11, 6), 10, approved),
    ]:
        ReleaseAgreementFactory.create(
            volunteer=people[name], weekday=weekday, start_on=start, weeks=weeks, status=status
        )

    def held(name: str, day: date, area: AreaTeam = north, closed: str = "") -> Assignment:
        return Assignment.objects.create(
            review=review_in(area),
            volunteer=people[name],
            release_day=day,
            closed_at=timezone.now() if closed else None,
            closed_reason=closed,
        )

    template = ChecklistTemplate.objects.create(name="KPI checklist", version=1)
    section = ChecklistSection.objects.create(template=template, position=1, code="E", title="E")
    items = [
        ChecklistItem.objects.create(section=section, position=n, prompt=f"Q{n}") for n in (1, 2)
    ]

    def checklist(assignment: Assignment, grade: str, recommendation: str) -> Checklist:
        return Checklist.objects.create(
            assignment=assignment,
            review=assignment.review,
            volunteer=assignment.volunteer,
            template=template,
            status=ChecklistStatus.SUBMITTED if grade else ChecklistStatus.DRAFT,
            grade=grade,
            recommendation=recommendation,
            submitted_at=timezone.now() if grade else None,
        )

    amend, keep = Recommendation.AMEND, Recommendation.NO_AMENDMENT
    moderated = checklist(held("Ann", date(2026, 11, 3)), Grade.OUTSTANDING, amend)
    checklist(held("Ann", date(2026, 11, 3)), Grade.GOOD, amend)
    checklist(held("Ann", date(2026, 11, 10)), Grade.GOOD, keep)
    waiting = checklist(held("Ann", date(2026, 11, 24)), Grade.INADEQUATE, keep)
    checklist(held("Ann", date(2026, 11, 24)), "", "")
    held("Ann", date(2026, 11, 17), closed=WITHDRAWN)
    checklist(held("Fay", date(2026, 11, 3), area=west), Grade.GOOD, amend)

    for item in items:
        Answer.objects.create(checklist=moderated, item=item, response=Response.MET)
        Answer.objects.create(checklist=waiting, item=item, response=Response.MET)
    done = Moderation.objects.create(checklist=moderated, status=ModerationStatus.COMPLETED)
    pending = Moderation.objects.create(checklist=waiting)
    for item, response in zip(items, [Response.MET, Response.NOT_MET], strict=True):
        ModerationAnswer.objects.create(moderation=done, item=item, response=response)
        ModerationAnswer.objects.create(moderation=pending, item=item, response=response)
    return people


def test_the_volunteer_programme_figures_of_one_area(programme, north, manager):
    figures = kpi_volunteer_programme(scope_for_user(manager, area=north), today=TODAY)

    assert (figures.volunteers_active, figures.release_days_approved) == (2, 42)
    assert figures.release_days_used == 2
    assert figures.checklists_submitted == 4
    assert [(g.label, g.count) for g in figures.grades] == [
        ("Outstanding", 1),
        ("Good", 2),
        ("Requires improvement", 0),
        ("Inadequate", 1),
    ]
    assert figures.recommending_amendment == Share(2, 4)
    assert figures.recommending_amendment.percent == Decimal("50.0")
    assert (figures.moderation.compared, figures.moderation.agreed) == (2, 1)


def test_the_volunteer_programme_figures_of_all_areas(programme, manager):
    figures = kpi_volunteer_programme(everything(manager), today=TODAY)

    assert (figures.volunteers_active, figures.release_days_approved) == (3, 52)
    assert figures.release_days_used == 3
    assert figures.recommending_amendment == Share(3, 5)


# --- Scope and cost ---------------------------------------------------------------------------


def test_an_area_filter_counts_only_that_areas_plans(north, west, manager):
    decided(north, meeting_on=date(2026, 10, 1), after_days=28)
    decided(west, meeting_on=date(2026, 10, 1), after_days=29)
    decided(west, meeting_on=date(2026, 10, 1), after_days=None)

    def counted(scope: Scope) -> tuple[int, int, int]:
        figures = kpi_timeliness(scope, period=period_twelve_months_to(TODAY), today=TODAY)
        return figures.decisions.on_time, figures.decisions.late, figures.decisions.none_recorded

    assert counted(scope_for_user(manager, area=north)) == (1, 0, 0)
    assert counted(scope_for_user(manager, area=west)) == (0, 1, 1)
    assert counted(scope_for_user(manager)) == (1, 1, 1)
    assert counted(scope_whole_service(area=west)) == (0, 1, 1)


def test_the_figures_follow_the_access_rule_of_the_person_asking(north, west, officer_north):
    review_in(north, due_on=TODAY)
    review_in(west, due_on=TODAY)

    assert kpi_caseload(scope_for_user(officer_north), today=TODAY).active_plans == 1
    assert kpi_caseload(scope_whole_service(), today=TODAY).active_plans == 2
    twelve = period_twelve_months_to(TODAY)
    assert kpi_timeliness(scope_for_user(officer_north), period=twelve, today=TODAY).expected == 1


def test_every_figure_of_the_dashboard_costs_a_fixed_number_of_queries(
    programme, north, manager, django_assert_num_queries
):
    for day in (27, 28, 29, None):
        decided(north, meeting_on=date(2026, 10, 1), after_days=day)
    decided(north, meeting_on=date(2025, 6, 2), after_days=40, due_on=date(2025, 6, 30))
    recompute_reviews(today=TODAY)
    scope = scope_for_user(manager, area=north)

    # caseload 2, backlog 1, timeliness 1 for each period, decisions by month 1, phase
    # transfer 1, volunteer programme 4: the same whatever the number of plans.
    with django_assert_num_queries(11):
        figures = dashboard_figures(scope, today=TODAY)

    assert figures.twelve_months.decisions.share.in_words == "2 of 4, 50.0%"
    assert figures.calendar_year.period.label == "2025"
    assert figures.calendar_year.decisions == StepTimeliness(0, 1, 0)
    assert dashboard_figures(scope, today=TODAY, year=2024).calendar_year.expected == 0
