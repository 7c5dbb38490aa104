"""Families are told before a statutory deadline is missed (issue 19): by the officer's reason
and new date at once, or on the due day by the daily task, exactly once per review and step;
the officer is alerted when the day came without a reason; the dashboard counts the notices;
the family's progress page lists them."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from audit.models import Event
from contributions.deadline_notices import deadline_delay_record, deadline_notices_send_due
from contributions.models import DeadlineNotice
from contributions.tasks import tell_families_of_missed_deadlines
from kentsend.celery import app as celery_app
from reporting.kpis import dashboard_figures
from reporting.scope import scope_whole_service
from reviews.models import Alert, AlertKind, Review, Step
from tests.conftest import client_for
from tests.factories import FamilyMemberFactory, FamilyUserFactory, PlanFactory, ReviewFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

LONDON = ZoneInfo("Europe/London")
MEETING = date(2026, 11, 20)  # held three days before the frozen today
DECISION_DUE = date(2026, 12, 18)  # the 28th day after it: the last day on time


def on(day: date, hour: int = 9):
    """The clock moved forward to `hour` o'clock on `day`, in London."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False
    )


@pytest.fixture
def held(north, officer_north) -> Review:
    """A North review whose meeting was held on 20 November 2026: decision due 18 December."""
    plan = PlanFactory.create(
        area=north, plan_ref="EHCP-LATE-1", case_officer=officer_north, child__forename="Amara"
    )
    return ReviewFactory.create(
        plan=plan, due_on=date(2026, 11, 30), held=True, meeting_on=MEETING, recomputed=True
    )


@pytest.fixture
def followed(held, parent):
    return FamilyMemberFactory.create(plan=held.plan, user=parent)


def told(address: str) -> list[str]:
    return [str(m.body) for m in mail.outbox if m.to == [address]]


def test_the_decision_is_due_on_the_28th_day_after_the_meeting(held):
    assert held.decision_due_on == DECISION_DUE


def test_a_decision_not_recorded_by_day_28_tells_the_family_once_that_we_cannot_yet_say_why(
    held, followed, parent, officer_north
):
    with on(date(2026, 12, 17)):
        assert deadline_notices_send_due() == 0
    with on(DECISION_DUE):
        assert deadline_notices_send_due() == 1
        assert deadline_notices_send_due() == 0
    with on(date(2026, 12, 19)):
        assert deadline_notices_send_due() == 0

    [body] = told(parent.email)
    assert (
        "We will not be able to tell you our decision about Amara's plan by 18 December 2026."
        in body
    )
    assert "We cannot tell you why yet. We cannot tell you when it will be ready yet." in body
    assert "This is because" not in body
    assert f"Your case officer is {officer_north.full_name}" in body
    notice = DeadlineNotice.objects.get()
    assert (notice.step, notice.told_without_reason, notice.members_told) == ("decision", True, 1)
    assert Event.objects.filter(action="deadline_notice.family_told").count() == 1


def test_the_officer_is_alerted_when_the_day_came_without_a_reason(held, followed, officer_north):
    with on(DECISION_DUE):
        deadline_notices_send_due()

    alert = Alert.objects.get(kind=AlertKind.FAMILY_WAITING)
    assert (alert.review, alert.step, alert.due_on) == (held, Step.DECISION, DECISION_DUE)
    page = client_for(officer_north).get("/casework/notifications/").content.decode()
    assert "Family waiting for a reason" in page


def test_the_officers_reason_and_new_date_reach_the_family_at_once_and_never_again(
    held, followed, parent, officer_north
):
    deadline_delay_record(
        actor=officer_north,
        review=held,
        step=Step.DECISION,
        reason="The school's report came 3 weeks late.",
        expected_on=date(2027, 1, 8),
        today=timezone.localdate(),
    )
    with on(DECISION_DUE):
        assert deadline_notices_send_due() == 0
        assert deadline_notices_send_due() == 0

    [body] = told(parent.email)
    assert (
        "We will not be able to tell you our decision about Amara's plan by 18 December 2026."
        in body
    )
    assert "This is because The school's report came 3 weeks late." in body
    assert "We now expect to tell you by 8 January 2027." in body
    assert not Alert.objects.filter(kind=AlertKind.FAMILY_WAITING).exists()
    assert Event.objects.filter(action="deadline_notice.family_told").count() == 1


def test_a_reason_given_after_the_day_is_sent_once_and_ends_the_officers_alert(
    held, followed, parent, officer_north
):
    with on(DECISION_DUE):
        deadline_notices_send_due()
    with on(date(2026, 12, 19)):
        deadline_delay_record(
            actor=officer_north,
            review=held,
            step=Step.DECISION,
            reason="we are waiting for advice from the health service",
            expected_on=date(2027, 1, 15),
            today=timezone.localdate(),
        )
        with pytest.raises(ValidationError, match="already recorded"):
            deadline_delay_record(
                actor=officer_north,
                review=held,
                step=Step.DECISION,
                reason="Another reason",
                expected_on=date(2027, 1, 20),
                today=timezone.localdate(),
            )
        deadline_notices_send_due()

    first, second = told(parent.email)
    assert "We cannot tell you why yet." in first
    assert "Now we can tell you why." in second
    assert "This is because we are waiting for advice from the health service." in second
    assert "We now expect to tell you by 15 January 2027." in second
    assert Alert.objects.get(kind=AlertKind.FAMILY_WAITING).done_at is not None
    assert Event.objects.filter(action="deadline_notice.reason_told").count() == 1


def test_a_removed_family_member_is_not_told(held, followed, parent):
    removed = FamilyMemberFactory.create(
        plan=held.plan, user=FamilyUserFactory.create(email="former.carer@example.org")
    )
    removed.removed_at = timezone.now()
    removed.save()

    with on(DECISION_DUE):
        deadline_notices_send_due()

    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert DeadlineNotice.objects.get().members_told == 1


def test_a_plan_with_no_family_sends_nothing(held, officer_north):
    with on(DECISION_DUE):
        assert deadline_notices_send_due() == 0

    assert mail.outbox == []
    assert not DeadlineNotice.objects.exists()
    assert not Alert.objects.filter(kind=AlertKind.FAMILY_WAITING).exists()


def test_a_reason_recorded_before_anyone_follows_the_plan_is_told_on_the_day(
    held, parent, officer_north
):
    deadline_delay_record(
        actor=officer_north,
        review=held,
        step=Step.DECISION,
        reason="the panel meets in January",
        expected_on=date(2027, 1, 12),
        today=timezone.localdate(),
    )
    assert mail.outbox == []
    FamilyMemberFactory.create(plan=held.plan, user=parent)

    with on(DECISION_DUE):
        assert deadline_notices_send_due() == 1

    [body] = told(parent.email)
    assert "This is because the panel meets in January." in body


def test_a_decision_recorded_in_time_sends_nothing(held, followed):
    Review.objects.filter(pk=held.pk).update(decision_notified_on=date(2026, 12, 10))
    with on(DECISION_DUE):
        assert deadline_notices_send_due() == 0
    assert mail.outbox == []


def test_a_final_plan_not_issued_by_week_12_tells_the_family(north, parent):
    plan = PlanFactory.create(area=north, child__forename="Ben")
    FamilyMemberFactory.create(plan=plan, user=parent)
    review = ReviewFactory.create(plan=plan, amended=True, recomputed=True)
    assert review.final_plan_due_on is not None

    with on(review.final_plan_due_on):
        assert deadline_notices_send_due() == 1

    [body] = told(parent.email)
    assert "We will not be able to send you Ben's new plan by" in body


@pytest.mark.parametrize(
    ("expected_on", "message"),
    [
        (date(2026, 11, 23), "must be in the future"),
        (date(2026, 12, 18), "must be after the last day on time, 18 December 2026"),
        (date(2027, 6, 1), "must be no later than 23 May 2027"),
    ],
)
def test_a_new_date_that_is_not_sensible_is_refused_and_nothing_is_saved(
    held, followed, officer_north, expected_on, message
):
    with pytest.raises(ValidationError, match=message):
        deadline_delay_record(
            actor=officer_north,
            review=held,
            step=Step.DECISION,
            reason="Staff illness",
            expected_on=expected_on,
            today=timezone.localdate(),
        )
    assert not DeadlineNotice.objects.exists()
    assert mail.outbox == []


def test_a_step_already_done_cannot_be_recorded_as_late(held, followed, officer_north):
    Review.objects.filter(pk=held.pk).update(decision_notified_on=date(2026, 11, 23))
    with pytest.raises(ValidationError, match="nothing to tell the family"):
        deadline_delay_record(
            actor=officer_north,
            review=held,
            step=Step.DECISION,
            reason="Staff illness",
            expected_on=date(2027, 1, 8),
            today=timezone.localdate(),
        )


def test_the_dashboard_counts_the_families_told_by_area(held, followed, west, parent):
    west_plan = PlanFactory.create(area=west)
    FamilyMemberFactory.create(
        plan=west_plan, user=FamilyUserFactory.create(email="west.parent@example.org")
    )
    ReviewFactory.create(plan=west_plan, held=True, meeting_on=date(2026, 12, 1))
    with on(DECISION_DUE):
        deadline_notices_send_due()
    with on(date(2026, 12, 20)):
        today = timezone.localdate()
        whole = dashboard_figures(scope_whole_service(), today=today)
        north = dashboard_figures(scope_whole_service(area=held.plan.area), today=today)
        in_west = dashboard_figures(scope_whole_service(area=west), today=today)

    calendar_year, twelve_months = whole.families_told
    assert (calendar_year.period.label, calendar_year.told) == ("2025", 0)
    assert (twelve_months.told, twelve_months.told_without_reason) == (1, 1)
    assert north.families_told[1].told == 1
    assert in_west.families_told[1].told == 0


def test_the_managers_dashboard_shows_the_figure(held, followed, manager):
    with on(DECISION_DUE):
        deadline_notices_send_due()
        page = client_for(manager).get("/manager/").content.decode()
    assert "Families told a deadline would be missed" in page


def test_the_familys_progress_page_lists_what_they_were_told(held, followed, officer_north):
    deadline_delay_record(
        actor=officer_north,
        review=held,
        step=Step.DECISION,
        reason="the <b>panel</b> meets in January",
        expected_on=date(2027, 1, 12),
        today=timezone.localdate(),
    )
    page = render_to_string("portal/family/_plan_notices.html", {"plan": held.plan})

    assert "Our decision after the review meeting" in page
    assert "23 November 2026" in page
    assert escape("the <b>panel</b> meets in January") in page
    assert "<b>panel</b>" not in page
    assert "We now expect it by 12 January 2027" in page


def test_another_plans_notices_are_not_listed(held, followed, officer_north, north):
    deadline_delay_record(
        actor=officer_north,
        review=held,
        step=Step.DECISION,
        reason="the panel meets in January",
        expected_on=date(2027, 1, 12),
        today=timezone.localdate(),
    )
    other = PlanFactory.create(area=north)
    assert render_to_string("portal/family/_plan_notices.html", {"plan": other}).strip() == ""


def test_the_daily_task_is_on_beats_schedule():
    celery_app.finalize()
    schedule = celery_app.conf.beat_schedule
    tasks = {entry["task"] for entry in schedule.values()}
    assert tell_families_of_missed_deadlines.name in tasks


EMAIL_CONTEXT = {
    "member": {"full_name": "Sam Jones"},
    "child": "Amara",
    "will_not": "tell you our decision about Amara's plan",
    "expect": "tell you",
    "due_on": "18 December 2026",
    "expected_on": "8 January 2027",
    "officer": {"full_name": "Priya Shah", "email": "priya.shah@example.org", "phone": ""},
    "site_url": "https://kentsend.example.org",
    "council_name": "Kent County Council",
}


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("deadline_missed", "the school's report came three weeks late"),
        ("deadline_missed", ""),
        ("deadline_reason", "we are waiting for advice from the health service"),
    ],
)
def test_the_emails_are_written_for_a_reading_age_of_9_to_11(template, reason):
    textstat = pytest.importorskip("textstat")  # a test dependency with no type information
    body = render_to_string(
        f"contributions/email/{template}.txt", {**EMAIL_CONTEXT, "reason": reason}
    )
    # The link is read as one word, not measured as prose.
    text = " ".join(line for line in body.splitlines() if line.strip() and "https://" not in line)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    assert textstat.flesch_kincaid_grade(text) <= 6.0, text
    assert max(len(s.split()) for s in sentences) <= 25, text
