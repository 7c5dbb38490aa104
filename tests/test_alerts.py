"""Alerts are raised once per step and kind, listed for officers, and sent as one daily digest."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from common.models import EmailStatus, OutgoingEmail
from common.notices import emails_retry_due
from reviews.alerts import alert_digests_send, alert_list_for_user
from reviews.models import Alert, AlertKind, DigestDelivery, Step
from reviews.recompute import recompute_reviews
from tests.conftest import client_for
from tests.factories import PlanFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_north(north):
    return ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-N-OVERDUE"))


@pytest.fixture
def due_soon_west(west):
    plan = PlanFactory.create(area=west, plan_ref="EHCP-W-SOON", issued_on=date(2025, 12, 1))
    return ReviewFactory.create(plan=plan, due_on=date(2026, 12, 1))


def test_each_step_raises_one_alert_per_kind_however_often_it_is_recomputed(overdue_north):
    for _ in range(3):
        recompute_reviews(today=date(2026, 11, 23))
    assert list(Alert.objects.values_list("step", "kind")) == [("meeting", "overdue")]


def test_a_step_raises_due_soon_then_overdue_as_days_pass(due_soon_west):
    recompute_reviews(today=date(2026, 11, 23))
    recompute_reviews(today=date(2026, 12, 2))
    assert set(Alert.objects.values_list("step", "kind")) == {
        ("meeting", "due_soon"),
        ("meeting", "overdue"),
    }


def test_officers_see_only_their_areas_alerts(
    officer_north, officer_west, overdue_north, due_soon_west
):
    recompute_reviews(today=date(2026, 11, 23))
    assert [a.review for a in alert_list_for_user(officer_north)] == [overdue_north]
    assert [a.review for a in alert_list_for_user(officer_west)] == [due_soon_west]
    page = client_for(officer_north).get("/casework/notifications/").content.decode()
    assert "EHCP-N-OVERDUE" in page
    assert "EHCP-W-SOON" not in page


def test_an_alert_on_a_concluded_review_leaves_the_officers_list_and_worklist(
    north, officer_north, overdue_north
):
    recompute_reviews(today=date(2026, 11, 23))
    concluded = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-N-DONE"), concluded=True
    )
    Alert.objects.create(
        review=concluded, step=Step.MEETING, kind=AlertKind.OVERDUE, due_on=concluded.due_on
    )
    assert Alert.objects.filter(review__plan__area=north).count() == 2
    assert [a.review for a in alert_list_for_user(officer_north)] == [overdue_north]
    to_do = Alert.objects.to_do(officer_north, date(2026, 11, 23))
    assert [a.review for a in to_do] == [overdue_north]


def test_each_officer_gets_one_digest_of_their_areas_in_html_and_text(
    officer_north, officer_west, overdue_north, due_soon_west
):
    with time_machine.travel("2026-11-23 07:00:00+00:00", tick=False):
        recompute_reviews()
        assert alert_digests_send() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    north = by_recipient[officer_north.email]
    assert "EHCP-N-OVERDUE" in north.body
    assert "EHCP-W-SOON" not in north.body
    assert "OVERDUE (1)" in north.body
    html, mimetype = north.alternatives[0]  # type: ignore[attr-defined]
    assert mimetype == "text/html"
    assert "<h2>Overdue (1)</h2>" in html
    assert "DUE SOON (1)" in by_recipient[officer_west.email].body


def test_running_the_digest_twice_a_day_sends_it_once(officer_north, overdue_north):
    with time_machine.travel("2026-11-23 07:00:00+00:00", tick=False):
        recompute_reviews()
        alert_digests_send()
        alert_digests_send()
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.get().alert_count == 1


def test_the_next_digest_lists_only_what_is_new(officer_north, overdue_north, north):
    with time_machine.travel("2026-11-23 07:00:00+00:00", tick=False):
        recompute_reviews()
        alert_digests_send()
    with time_machine.travel("2026-11-24 07:00:00+00:00", tick=False):
        later = ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-N-NEW"))
        recompute_reviews()
        alert_digests_send()
    assert len(mail.outbox) == 2
    assert "EHCP-N-NEW" in mail.outbox[1].body
    assert "EHCP-N-OVERDUE" not in mail.outbox[1].body
    assert later.pk


def test_an_officer_with_nothing_new_gets_no_email(officer_north):
    with time_machine.travel("2026-11-23 07:00:00+00:00", tick=False):
        assert alert_digests_send() == 0
    assert mail.outbox == []


def test_a_digest_the_mail_server_refuses_is_retried_by_the_notification_layer_and_the_others_still_go(
    officer_north, officer_west, overdue_north, due_soon_west, monkeypatch
):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def flaky_send(message, *args, **kwargs):
        if officer_north.email in message.to:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, *args, **kwargs)

    with time_machine.travel("2026-11-23 07:00:00+00:00", tick=False) as traveller:
        recompute_reviews()
        monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
        assert alert_digests_send() == 2
        assert [m.to for m in mail.outbox] == [[officer_west.email]]
        waiting = OutgoingEmail.objects.get(to=officer_north.email)
        assert waiting.status == EmailStatus.QUEUED
        assert waiting.last_error == "The mail server could not be reached: mail server down"
        monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
        assert alert_digests_send() == 0
        traveller.shift(60)
        assert emails_retry_due() == 1
    assert [m.to for m in mail.outbox] == [[officer_west.email], [officer_north.email]]
    assert "EHCP-N-OVERDUE" in mail.outbox[1].body
    assert OutgoingEmail.objects.get(to=officer_north.email).status == EmailStatus.SENT
