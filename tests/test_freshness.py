"""Weekly freshness reminders to the owners of Local Offer services past their review date."""

import logging
import smtplib
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from common.models import EmailStatus, OutgoingEmail
from common.notices import emails_retry_due
from localoffer.freshness import freshness_reminders_send
from localoffer.models import Service, ServiceStatus
from tests.conftest import run_at_once
from tests.factories import LocalOfferEditorFactory, ServiceFactory, StaleServiceFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)  # frozen_today, a Monday


@pytest.fixture
def other_editor(db: None):
    return LocalOfferEditorFactory.create(email="other.editor@example.org")


def reminded_on(service: Service) -> date | None:
    service.refresh_from_db()
    return service.reminder_sent_on


def test_it_emails_each_owner_one_list_of_only_their_stale_services(
    frozen_today, editor, other_editor, mailoutbox
):
    speech = StaleServiceFactory.create(owner=editor, name="Speech and language drop-in")
    sleep = StaleServiceFactory.create(
        owner=editor, name="Sleep clinic", review_by=date(2026, 11, 1)
    )
    current = ServiceFactory.create(owner=editor, name="Portage home visits")
    theirs = StaleServiceFactory.create(owner=other_editor, name="Sensory play group")

    assert freshness_reminders_send() == 2

    by_owner = {message.to[0]: message for message in mailoutbox}
    assert set(by_owner) == {editor.email, other_editor.email}
    mine = by_owner[editor.email].body
    assert by_owner[editor.email].subject == (
        "Local Offer: 2 of your services are past their review date"
    )
    assert "- Speech and language drop-in (review by 1 June 2026)" in mine
    assert "- Sleep clinic (review by 1 November 2026)" in mine
    assert "Portage home visits" not in mine
    assert "Sensory play group" not in mine
    assert f"{settings.SITE_URL}/local-offer/manage/" in mine
    assert "Sensory play group" in by_owner[other_editor.email].body
    assert by_owner[other_editor.email].subject == (
        "Local Offer: 1 of your services is past its review date"
    )
    assert [reminded_on(s) for s in (speech, sleep, theirs)] == [TODAY] * 3
    assert reminded_on(current) is None


def test_it_sends_nothing_when_run_again_the_same_week(frozen_today, editor, mailoutbox):
    StaleServiceFactory.create(owner=editor)
    freshness_reminders_send()

    assert freshness_reminders_send() == 0
    with time_machine.travel("2026-11-29 10:00:00+00:00", tick=False):
        assert freshness_reminders_send() == 0

    assert len(mailoutbox) == 1


def test_it_reminds_again_a_week_later(frozen_today, editor, mailoutbox):
    service = StaleServiceFactory.create(owner=editor)
    freshness_reminders_send()

    with time_machine.travel("2026-11-30 10:00:00+00:00", tick=False):
        assert freshness_reminders_send() == 1

    assert len(mailoutbox) == 2
    assert reminded_on(service) == date(2026, 11, 30)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": ServiceStatus.INACTIVE},
        {"status": ServiceStatus.DEFUNCT},
        {"review_by": TODAY},
        {"review_by": TODAY + timedelta(days=30)},
    ],
    ids=["inactive", "defunct", "due-today", "due-next-month"],
)
def test_it_leaves_out_services_not_active_or_not_yet_past_review(
    frozen_today, editor, mailoutbox, fields
):
    service = StaleServiceFactory.create(owner=editor, **fields)

    assert freshness_reminders_send() == 0

    assert mailoutbox == []
    assert reminded_on(service) is None


def test_it_skips_owners_whose_accounts_are_inactive_and_says_so(
    frozen_today, editor, other_editor, mailoutbox, caplog
):
    other_editor.is_active = False
    other_editor.save()
    StaleServiceFactory.create(owner=editor)
    stranded = StaleServiceFactory.create(owner=other_editor)

    with caplog.at_level(logging.WARNING, logger="localoffer.freshness"):
        assert freshness_reminders_send() == 1

    assert [message.to for message in mailoutbox] == [[editor.email]]
    assert reminded_on(stranded) is None
    assert f"user {other_editor.pk}, whose account is inactive" in caplog.text


def test_a_reminder_the_mail_server_refuses_keeps_its_claim_and_the_notification_layer_sends_it_later(
    frozen_today, editor, other_editor, mailoutbox, monkeypatch
):
    real_send = EmailMultiAlternatives.send

    def refuse_one(message, *args, **kwargs):
        if message.to == [other_editor.email]:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_one)
    StaleServiceFactory.create(owner=editor)
    waiting = StaleServiceFactory.create(owner=other_editor, reminder_sent_on=date(2026, 11, 2))

    assert freshness_reminders_send() == 2
    assert reminded_on(waiting) == TODAY
    assert [message.to for message in mailoutbox] == [[editor.email]]
    assert OutgoingEmail.objects.get(to=other_editor.email).status == EmailStatus.QUEUED

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert freshness_reminders_send() == 0  # not twice
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert emails_retry_due() == 1
    assert [message.to for message in mailoutbox] == [[editor.email], [other_editor.email]]


def test_its_query_count_does_not_grow_with_the_number_of_services(
    frozen_today, editor, other_editor, mailoutbox, django_assert_max_num_queries
):
    for owner in (editor, other_editor):
        StaleServiceFactory.create_batch(15, owner=owner)

    # Three for the run, and for each email the notification layer's record: its insert, its
    # lock while it is sent (savepoint, select, release) and its outcome.
    with django_assert_max_num_queries(3 + 2 * 5):
        assert freshness_reminders_send() == 2

    assert all(message.body.count("(review by ") == 15 for message in mailoutbox)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_never_send_the_same_reminder_twice(
    frozen_today, editor, other_editor, mailoutbox
):
    for owner in (editor, other_editor):
        StaleServiceFactory.create_batch(10, owner=owner)
    run_at_once(freshness_reminders_send)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [editor.email, other_editor.email]
    )
    assert all(message.body.count("(review by ") == 10 for message in mailoutbox)
