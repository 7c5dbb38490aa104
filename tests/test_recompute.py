"""The set-based recompute: deadlines, states, backlog and priority for every open review."""

import threading
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kentsend import celery_app
from organisation.models import SettingPhase
from reviews import statutory
from reviews.models import Alert, DeadlineRules, Review, ReviewStatus
from reviews.recompute import RECOMPUTE_LOCK, recompute_reviews
from reviews.tasks import recompute_deadlines
from tests.conftest import run_at_once
from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def fresh(review: Review) -> Review:
    review.refresh_from_db()
    return review


def review_with(
    *,
    born: date = date(2015, 3, 10),
    issued: date = date(2024, 1, 15),
    phase: str = SettingPhase.PRIMARY,
    looked_after: bool = False,
    ncy_override: int | None = None,
    **fields,
) -> Review:
    child = ChildFactory.create(
        date_of_birth=born, looked_after=looked_after, ncy_override=ncy_override
    )
    plan = PlanFactory.create(
        child=child, issued_on=issued, setting=SettingFactory.create(phase=phase)
    )
    fields.setdefault("due_on", statutory.first_review_due(plan_issued_on=issued))
    return ReviewFactory.create(plan=plan, **fields)


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


def test_priority_adds_each_weight_that_applies_and_says_why():
    review = review_with(
        issued=date(2025, 9, 1), born=date(2011, 5, 5), looked_after=True
    )  # Year 10
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.priority == 84 + 40 + 30 + 15
    assert review.priority_reasons == [
        "Overdue by 84 days (+84)",
        "Looked-after child (+40)",
        "Not reviewed since the plan was issued (+30)",
        "Year 9 or above: preparing for adulthood (+15)",
    ]


def test_a_manager_changing_a_weight_changes_the_scores():
    review = review_with(
        issued=date(2026, 6, 1), born=date(2024, 1, 1), phase=SettingPhase.EARLY_YEARS
    )
    DeadlineRules.objects.update_or_create(
        id=1, defaults={"weight_under_five": 100, "weight_never_reviewed": 0}
    )
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.priority == 100
    assert review.priority_reasons == ["Under 5: review more often (+100)"]


def test_concluded_reviews_are_left_alone():
    review = review_with(concluded=True, meeting_on=date(2025, 1, 1), concluded_on=date(2025, 2, 1))
    assert recompute_reviews(today=TODAY) == 0
    assert fresh(review).state is None


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


def test_the_full_recompute_makes_the_same_queries_for_5_or_50_reviews():
    DeadlineRules.current()

    def queries_for(count: int) -> int:
        for _ in range(count):
            review_with()
        with CaptureQueriesContext(connection) as captured:
            recompute_reviews(today=TODAY)
        return len(captured.captured_queries)

    assert queries_for(5) == queries_for(45)


def test_running_twice_gives_the_same_result_and_no_duplicate_alerts():
    reviews = [
        review_with(issued=date(2025, 9, 1)),
        review_with(held=True, meeting_on=date(2026, 11, 1)),
    ]
    recompute_reviews(today=TODAY)
    first = list(Review.objects.order_by("id").values())
    alerts = Alert.objects.count()
    recompute_reviews(today=TODAY)
    assert list(Review.objects.order_by("id").values()) == first
    assert Alert.objects.count() == alerts == 3
    assert set(Alert.objects.values_list("review_id", "step", "kind")) == {
        (reviews[0].pk, "meeting", "overdue"),
        (reviews[1].pk, "report", "overdue"),
        (reviews[1].pk, "decision", "due_soon"),
    }


def test_a_failure_part_way_leaves_every_review_as_it_was(monkeypatch):
    review = review_with(issued=date(2025, 9, 1))
    monkeypatch.setattr("reviews.recompute.ALERTS_SQL", "SELECT no_such_function() {only}")
    with pytest.raises(Exception, match="no_such_function"):
        recompute_reviews(today=TODAY)
    assert fresh(review).state is None
    assert not Alert.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_full_recomputes_at_once_agree_and_raise_each_alert_once():
    for _ in range(30):
        review_with(issued=date(2025, 9, 1))
    run_at_once(lambda: recompute_reviews(today=TODAY))
    assert Review.objects.filter(in_backlog=True).count() == 30
    assert Alert.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_a_full_recompute_waits_while_another_holds_the_advisory_lock():
    review = review_with(issued=date(2025, 9, 1))
    finished: list[int] = []

    def recompute() -> None:
        try:
            finished.append(recompute_reviews(today=TODAY))
        finally:
            connections.close_all()

    other = threading.Thread(target=recompute)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK])
        other.start()
        other.join(timeout=2)
        assert other.is_alive(), "the recompute ran while another run held the lock"
        assert finished == []
    other.join(timeout=30)
    assert finished == [1]
    assert fresh(review).in_backlog is True


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_recomputes_on_a_real_celery_worker():
    review = review_with(issued=date(2020, 1, 1))
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        recompute_deadlines.delay()
        for _ in range(150):
            if Review.objects.filter(pk=review.pk, state__isnull=False).exists():
                break
            threading.Event().wait(0.2)
    review = fresh(review)
    assert (review.in_backlog, review.recomputed_on) == (True, timezone.localdate())
