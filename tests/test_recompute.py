"""The set-based recompute: deadlines, states, backlog and priority for every open review."""

import random
import threading
from datetime import date, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import SettingPhase
from kentsend import celery_app
from reviews import statutory
from reviews.models import Alert, DeadlineRules, Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
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
    review = review_with(issued=date(2025, 9, 1))  # due 1 September 2026
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.meeting_state == "overdue"
    assert review.state == "overdue"
    assert review.in_backlog is True
    assert review.days_overdue == 83  # 1 September to 23 November 2026


def test_a_review_not_yet_due_is_outside_the_backlog():
    review = review_with(issued=date(2026, 6, 1))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert (review.state, review.in_backlog, review.days_overdue) == ("not_yet_due", False, 0)


def test_a_step_inside_the_warning_window_is_due_soon():
    review = review_with(issued=date(2025, 12, 1))  # due 1 December 2026, 8 days away
    recompute_reviews(today=TODAY)
    assert fresh(review).state == "due_soon"


def test_after_the_meeting_the_report_and_decision_deadlines_follow_it():
    review = review_with(status=ReviewStatus.MEETING_HELD, meeting_on=date(2026, 11, 1))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.report_due_on == date(2026, 11, 15)
    assert review.decision_due_on == date(2026, 11, 29)
    assert review.report_state == "overdue"
    assert review.decision_state == "due_soon"
    assert review.meeting_state == "done_late"  # held after its 15 January 2025 deadline
    assert review.state == "overdue"
    assert review.days_overdue == 8


def test_invitations_never_recorded_before_a_held_meeting_are_not_counted_overdue():
    review = review_with(status=ReviewStatus.MEETING_HELD, meeting_on=date(2026, 11, 20))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.invitations_due_on == date(2026, 11, 6)
    assert review.invitations_state is None
    assert review.state == "due_soon"  # the report, due 4 December


def test_invitations_and_advice_are_due_two_weeks_before_the_planned_meeting():
    review = review_with(issued=date(2026, 1, 20), meeting_planned_on=date(2026, 12, 10))
    recompute_reviews(today=TODAY)
    review = fresh(review)
    assert review.invitations_due_on == review.advice_due_on == date(2026, 11, 26)
    assert review.invitations_state == "due_soon"


def test_an_amendment_has_a_notice_and_a_final_plan_deadline():
    review = review_with(
        status=ReviewStatus.AMENDMENT_NOTICE_SENT,
        meeting_on=date(2026, 9, 1),
        decision=Decision.AMEND,
        decision_notified_on=date(2026, 9, 20),
        amendment_notice_on=date(2026, 9, 20),
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
        (SettingPhase.PRIMARY, date(2015, 10, 1), date(2027, 2, 15)),  # Year 6 in 2026/27
        (SettingPhase.INFANT, date(2019, 10, 1), date(2027, 2, 15)),  # Year 2
        (SettingPhase.MIDDLE, date(2013, 10, 1), date(2027, 2, 15)),  # Year 8
        (SettingPhase.SECONDARY, date(2010, 10, 1), date(2027, 3, 31)),  # Year 11 to post-16
        (SettingPhase.EARLY_YEARS, date(2022, 10, 1), date(2027, 2, 15)),  # nursery year, NCY -1
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
    assert review.priority == 83 + 40 + 30 + 15
    assert review.priority_reasons == [
        "Overdue by 83 days (+83)",
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
    review = review_with(
        status=ReviewStatus.CONCLUDED, meeting_on=date(2025, 1, 1), concluded_on=date(2025, 2, 1)
    )
    assert recompute_reviews(today=TODAY) == 0
    assert fresh(review).state is None


def test_the_sql_agrees_with_the_statutory_module_on_random_reviews():
    rng = random.Random(7)
    reviews = []
    for _ in range(60):
        born = date(2004, 1, 1) + timedelta(days=rng.randint(0, 365 * 20))
        issued = max(born + timedelta(days=400), date(2019, 1, 1)) + timedelta(
            days=rng.randint(0, 1500)
        )
        meeting = issued + timedelta(days=rng.randint(200, 600)) if rng.random() < 0.6 else None
        if meeting and meeting > TODAY:
            meeting = None
        phase = rng.choice(list(SettingPhase))
        reviews.append(
            review_with(
                born=born,
                issued=issued,
                phase=phase,
                meeting_on=meeting,
                status=ReviewStatus.MEETING_HELD if meeting else ReviewStatus.PLANNING,
            )
        )
    recompute_reviews(today=TODAY)
    warn = DeadlineRules.current().due_soon_days
    for review in reviews:
        review = fresh(review)
        child, plan = review.plan.child, review.plan
        assert plan.setting is not None
        ncy = statutory.national_curriculum_year(date_of_birth=child.date_of_birth, on=TODAY)
        assert review.ncy == ncy
        assert review.phase_transfer_due_on == statutory.phase_transfer_due(
            setting_phase=plan.setting.phase, ncy=ncy, on=TODAY
        )
        assert review.meeting_state == statutory.step_state(
            due_on=review.due_on, done_on=review.meeting_on, today=TODAY, warning_days=warn
        )
        if review.meeting_on:
            assert review.report_due_on == statutory.report_due(meeting_on=review.meeting_on)
            assert review.decision_due_on == statutory.decision_due(meeting_on=review.meeting_on)
            assert review.decision_state == statutory.step_state(
                due_on=review.decision_due_on, done_on=None, today=TODAY, warning_days=warn
            )


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
        review_with(status=ReviewStatus.MEETING_HELD, meeting_on=date(2026, 11, 1)),
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
def test_two_full_recomputes_at_once_queue_on_the_advisory_lock_and_agree():
    for _ in range(30):
        review_with(issued=date(2025, 9, 1))
    run_at_once(lambda: recompute_reviews(today=TODAY))
    assert Review.objects.filter(in_backlog=True).count() == 30
    assert Alert.objects.count() == 30


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_recomputes_on_a_real_celery_worker():
    review = review_with(issued=date(2020, 1, 1))
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = recompute_deadlines.delay()
        for _ in range(150):
            if Review.objects.filter(pk=review.pk, state__isnull=False).exists():
                break
            threading.Event().wait(0.2)
    review = fresh(review)
    assert review.in_backlog is True
    assert result.id is not None
