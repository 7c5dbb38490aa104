"""Each step of the review lifecycle writes an event, is undone whole when the next review
cannot open, is refused from a stale version, and raises the version by one."""

from datetime import date

import pytest

from audit.models import Event
from reviews import services
from tests.review_states import S, review_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_each_step_writes_an_event_with_who_and_what(officer_north):
    review = review_in(S.PLANNING)
    services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=officer_north)
    event = Event.objects.get(action="review.meeting_held")
    assert event.actor == officer_north
    assert event.details == {"status": "meeting_held", "meeting_on": "2026-11-20"}


def test_if_the_next_review_cannot_open_the_conclusion_is_undone_too(officer_north, monkeypatch):
    review = review_in(S.FINAL_PLAN_ISSUED)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_open_next_review", broken)
    with pytest.raises(RuntimeError):
        services.review_conclude(review.pk, on=date(2026, 11, 20), actor=officer_north)
    review.refresh_from_db()
    assert review.status == S.FINAL_PLAN_ISSUED
    assert not Event.objects.exists()


def test_a_change_made_from_a_stale_version_is_refused_and_changes_nothing():
    review = review_in(S.PLANNING)
    services.review_plan_meeting(review.pk, on=date(2026, 12, 10), actor=None, expected_version=1)
    events_before = Event.objects.count()

    with pytest.raises(services.StaleReview) as raised:
        services.review_hold_meeting(
            review.pk, on=date(2026, 11, 20), actor=None, expected_version=1
        )

    assert raised.value.current.meeting_planned_on == date(2026, 12, 10)
    review.refresh_from_db()
    assert (review.status, review.meeting_on, review.version) == (S.PLANNING, None, 2)
    assert Event.objects.count() == events_before


def test_each_recorded_step_raises_the_version_by_one():
    review = review_in(S.PLANNING)
    services.review_send_invitations(review.pk, on=date(2026, 11, 20), actor=None)
    services.review_circulate_advice(
        review.pk, on=date(2026, 11, 20), actor=None, expected_version=2
    )
    review.refresh_from_db()
    assert review.version == 3
