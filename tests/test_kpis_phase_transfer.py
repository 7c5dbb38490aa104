"""The managers' phase transfer readiness KPI (issues 7 and 15): plans whose outcome was
final by each statutory deadline, counted by hand.
Today is Monday 23 November 2026 unless a test says otherwise."""

from datetime import date

import pytest

from casework.models import CeaseReason, PlanStatus
from organisation.models import AreaTeam, SettingPhase
from reporting.kpis import TransferDeadline, kpi_phase_transfer
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory
from tests.kpi_cases import TODAY, everything

pytestmark = pytest.mark.django_db


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
