"""The managers' KPIs (issue 7), each checked against figures counted by hand on a small
caseload. Today is Monday 23 November 2026 unless a test says otherwise."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from casework.models import AreaTeam, CeaseReason, Plan, PlanStatus, SettingPhase
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
from reporting.kpis import (
    Band,
    MonthShare,
    Scope,
    Share,
    TransferDeadline,
    dashboard_figures,
    kpi_backlog,
    kpi_caseload,
    kpi_decisions_by_month,
    kpi_decisions_within_4_weeks,
    kpi_final_plans_within_12_weeks,
    kpi_meetings_within_12_months,
    kpi_phase_transfer,
    kpi_volunteer_programme,
    scope_for_user,
    scope_whole_service,
)
from reviews.models import Decision, Review, ReviewStatus
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
        kwargs |= {
            "status": PlanStatus.CEASED,
            "ceased_on": date(2026, 11, 1),
            "cease_reason": CeaseReason.NEEDS_MET,
        }
    return PlanFactory.create(area=area, **kwargs)


def review_in(area: AreaTeam, *, ceased: bool = False, **kwargs: object) -> Review:
    return ReviewFactory.create(plan=plan_in(area, ceased=ceased), **kwargs)


def decided(
    area: AreaTeam,
    *,
    meeting_on: date,
    after_days: int,
    ceased: bool = False,
    decision: Decision = Decision.MAINTAIN,
) -> Review:
    return review_in(
        area,
        ceased=ceased,
        status=ReviewStatus.DECISION_NOTIFIED,
        due_on=meeting_on,
        meeting_on=meeting_on,
        decision=decision,
        decision_notified_on=meeting_on + timedelta(days=after_days),
    )


def everything(manager: User) -> Scope:
    return scope_for_user(manager)


# --- Decisions within 4 weeks ----------------------------------------------------------------


def test_a_decision_on_day_28_is_within_4_weeks_and_one_on_day_29_is_not(north, manager):
    """Five reviews, meetings on 1 October: decided on day 27, 28 and 29; one not decided
    (late now, so outstanding); one of a ceased plan (left out); one with no meeting at all
    (nothing to decide). On time: 2 of 3 = 66.7%."""
    meeting = date(2026, 10, 1)
    for day in (27, 28, 29):
        decided(north, meeting_on=meeting, after_days=day)
    review_in(north, status=ReviewStatus.MEETING_HELD, due_on=meeting, meeting_on=meeting)
    decided(north, meeting_on=meeting, after_days=20, ceased=True)
    review_in(north, due_on=date(2026, 12, 1))

    figures = kpi_decisions_within_4_weeks(everything(manager), today=TODAY)

    assert (figures.done, figures.on_time, figures.late_outstanding) == (3, 2, 1)
    assert figures.percent == Decimal("66.7")


def test_decisions_count_over_the_12_months_to_today(north, manager):
    """Notified on 23 Nov 2025 (out: the window opens the day after) and on 24 Nov 2025 and
    today (in). A meeting 27 days ago with no decision is not late yet."""
    decided(north, meeting_on=date(2025, 11, 1), after_days=22)  # 23 Nov 2025
    decided(north, meeting_on=date(2025, 11, 2), after_days=22)  # 24 Nov 2025
    decided(north, meeting_on=date(2026, 10, 20), after_days=34)  # today, late
    review_in(
        north, status=ReviewStatus.MEETING_HELD, due_on=TODAY, meeting_on=TODAY - timedelta(27)
    )

    figures = kpi_decisions_within_4_weeks(everything(manager), today=TODAY)

    assert (figures.done, figures.on_time, figures.late_outstanding) == (2, 1, 0)
    assert figures.percent == Decimal("50.0")


def test_a_concluded_review_still_counts_and_an_undecided_concluded_one_is_not_outstanding(
    north, manager
):
    review = decided(north, meeting_on=date(2026, 9, 1), after_days=28)
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.CONCLUDED, concluded_on=date(2026, 10, 1)
    )
    review_in(
        north,
        status=ReviewStatus.CONCLUDED,
        due_on=date(2026, 5, 1),
        meeting_on=date(2026, 5, 1),
        concluded_on=date(2026, 6, 1),
    )

    figures = kpi_decisions_within_4_weeks(everything(manager), today=TODAY)

    assert (figures.done, figures.on_time, figures.late_outstanding) == (1, 1, 0)


def test_with_no_decisions_the_share_has_no_percentage(north, manager):
    figures = kpi_decisions_within_4_weeks(everything(manager), today=TODAY)
    assert figures.share == Share(0, 0)
    assert figures.percent is None


def test_decisions_per_month_cover_the_last_12_calendar_months_by_the_month_notified(
    north, manager
):
    """November 2025 is before the first month (December 2025); October 2026 has one late
    decision (day 29); November 2026 one on day 28 and one on day 10; December 2025 one on
    time; every other month has none."""
    decided(north, meeting_on=date(2025, 10, 20), after_days=20)  # 9 Nov 2025: out
    decided(north, meeting_on=date(2025, 11, 10), after_days=21)  # 1 Dec 2025
    decided(north, meeting_on=date(2026, 9, 20), after_days=29)  # 19 Oct 2026
    decided(north, meeting_on=date(2026, 10, 20), after_days=28)  # 17 Nov 2026
    decided(north, meeting_on=date(2026, 11, 1), after_days=10)  # 11 Nov 2026
    decided(north, meeting_on=date(2026, 10, 25), after_days=20, ceased=True)  # out

    months = kpi_decisions_by_month(everything(manager), today=TODAY)

    assert [m.month for m in months] == [date(2025, 12, 1)] + [
        date(2026, n, 1) for n in range(1, 12)
    ]
    assert months[0] == MonthShare(date(2025, 12, 1), done=1, on_time=1)
    assert months[-2] == MonthShare(date(2026, 10, 1), done=1, on_time=0)
    assert months[-1] == MonthShare(date(2026, 11, 1), done=2, on_time=2)
    assert [m.done for m in months[1:-2]] == [0] * 9
    assert months[-2].percent == Decimal("0.0")
    assert months[1].percent is None


# --- Meetings within 12 months ---------------------------------------------------------------


def test_a_meeting_on_its_due_date_is_on_time_and_a_day_later_is_not(north, manager):
    """Due 30 June: held 30 June (on time) and 1 July (late). Held 23 Nov 2025 (outside the
    window). Not held and due yesterday (outstanding); not held and due today (not late yet);
    a ceased plan's meeting (left out). On time: 1 of 2."""
    due = date(2026, 6, 30)
    for held in (due, due + timedelta(days=1)):
        review_in(north, status=ReviewStatus.MEETING_HELD, due_on=due, meeting_on=held)
    review_in(
        north,
        status=ReviewStatus.CONCLUDED,
        due_on=date(2025, 11, 23),
        meeting_on=date(2025, 11, 23),
    )
    review_in(north, due_on=TODAY - timedelta(days=1))
    review_in(north, due_on=TODAY)
    review_in(north, ceased=True, status=ReviewStatus.MEETING_HELD, due_on=due, meeting_on=due)

    figures = kpi_meetings_within_12_months(everything(manager), today=TODAY)

    assert (figures.done, figures.on_time, figures.late_outstanding) == (2, 1, 1)
    assert figures.percent == Decimal("50.0")


# --- Final amended plans within 12 weeks ------------------------------------------------------


def final_plan(area: AreaTeam, *, meeting_on: date, after_days: int | None) -> Review:
    return review_in(
        area,
        status=ReviewStatus.FINAL_PLAN_ISSUED if after_days else ReviewStatus.AMENDMENT_NOTICE_SENT,
        due_on=meeting_on,
        meeting_on=meeting_on,
        decision=Decision.AMEND,
        decision_notified_on=meeting_on + timedelta(days=20),
        amendment_notice_on=meeting_on + timedelta(days=20),
        final_plan_issued_on=meeting_on + timedelta(days=after_days) if after_days else None,
    )


def test_a_final_plan_on_day_84_is_within_12_weeks_and_one_on_day_85_is_not(north, manager):
    """Meetings on 1 June: final plans on day 84 (on time) and 85 (late); one still waiting
    (late, outstanding). A meeting on 1 October still within its 12 weeks; a decision to
    maintain (no final plan due). On time: 1 of 2 = 50%."""
    meeting = date(2026, 6, 1)
    final_plan(north, meeting_on=meeting, after_days=84)
    final_plan(north, meeting_on=meeting, after_days=85)
    final_plan(north, meeting_on=meeting, after_days=None)
    final_plan(north, meeting_on=date(2026, 10, 1), after_days=None)
    decided(north, meeting_on=meeting, after_days=10)

    figures = kpi_final_plans_within_12_weeks(everything(manager), today=TODAY)

    assert (figures.done, figures.on_time, figures.late_outstanding) == (2, 1, 1)
    assert figures.percent == Decimal("50.0")


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
    and 365 days (52 weeks or more). Not in it: due today, a ceased plan's overdue review,
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
        Band("52 weeks or more", 1),
    )


# --- Phase transfer ---------------------------------------------------------------------------


def transfer(
    area: AreaTeam, phase: str, born: date, final_on: date | None, **kwargs: object
) -> Review:
    plan = PlanFactory.create(
        area=area,
        child=ChildFactory.create(date_of_birth=born),
        setting=SettingFactory.create(area=area, phase=phase),
        **kwargs,
    )
    return ReviewFactory.create(
        plan=plan,
        due_on=date(2026, 10, 1),
        status=ReviewStatus.FINAL_PLAN_ISSUED if final_on else ReviewStatus.PLANNING,
        meeting_on=date(2026, 10, 1) if final_on else None,
        decision=Decision.AMEND if final_on else "",
        final_plan_issued_on=final_on,
    )


def test_phase_transfer_readiness_counts_plans_amended_by_each_deadline(north, manager):
    """On 10 April 2027 (academic year 2026/27). Year 6 at primary schools (15 February):
    amended on the day, the day after, and not yet. Year 11 at secondary schools (31 March):
    amended on the day, and not yet. An officer's date (1 June) at a special school, not
    amended. Not counted: Year 5, and a ceased plan's Year 6."""
    year6, year11, year5 = date(2016, 1, 10), date(2011, 1, 10), date(2017, 1, 10)
    transfer(north, SettingPhase.PRIMARY, year6, date(2027, 2, 15))
    transfer(north, SettingPhase.PRIMARY, year6, date(2027, 2, 16))
    transfer(north, SettingPhase.PRIMARY, year6, None)
    transfer(north, SettingPhase.SECONDARY, year11, date(2027, 3, 31))
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
        TransferDeadline("15 February", 3, 1, 1, date(2027, 2, 15)),
        TransferDeadline("31 March (secondary to post-16)", 2, 1, 0, date(2027, 3, 31)),
        TransferDeadline("Other dates set by officers", 1, 0, 0, None),
    )
    assert [d.not_amended for d in figures.deadlines] == [1, 1, 1]
    assert figures.deadlines[0].percent == Decimal("33.3")


def test_with_no_transfers_due_both_statutory_deadlines_show_nothing_due(north, manager):
    figures = kpi_phase_transfer(everything(manager), today=TODAY)
    assert [(d.label, d.due, d.percent) for d in figures.deadlines] == [
        ("15 February", 0, None),
        ("31 March (secondary to post-16)", 0, None),
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
    decided(west, meeting_on=date(2026, 10, 1), after_days=30)

    def done(scope: Scope) -> tuple[int, int]:
        figures = kpi_decisions_within_4_weeks(scope, today=TODAY)
        return figures.done, figures.on_time

    assert done(scope_for_user(manager, area=north)) == (1, 1)
    assert done(scope_for_user(manager, area=west)) == (2, 0)
    assert done(scope_for_user(manager)) == (3, 1)
    assert done(scope_whole_service(area=west)) == (2, 0)


def test_the_figures_follow_the_access_rule_of_the_person_asking(north, west, officer_north):
    review_in(north, due_on=TODAY)
    review_in(west, due_on=TODAY)

    assert kpi_caseload(scope_for_user(officer_north), today=TODAY).active_plans == 1
    assert kpi_caseload(scope_whole_service(), today=TODAY).active_plans == 2


def test_every_figure_of_the_dashboard_costs_a_fixed_number_of_queries(
    programme, north, manager, django_assert_num_queries
):
    for day in (27, 28, 29):
        decided(north, meeting_on=date(2026, 10, 1), after_days=day)
    recompute_reviews(today=TODAY)
    scope = scope_for_user(manager, area=north)

    # caseload 2, backlog 1, decisions 2, meetings 1, final plans 1, phase transfer 1,
    # volunteer programme 4: the same whatever the number of plans.
    with django_assert_num_queries(12):
        figures = dashboard_figures(scope, today=TODAY)

    assert figures.decisions.percent == Decimal("66.7")
