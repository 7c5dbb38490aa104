"""The advice reminders run by a real Celery worker, as beat starts them: sent once."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from contributions.advice_models import AdviceRequest
from contributions.tasks import send_advice_reminders
from kentsend.celery import app as celery_app
from kentsend.celery import heartbeat
from kentsend.health import HEARTBEAT_KEY
from tests import factories
from tests.conftest import wait_for


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_reminder_once_however_often_beat_starts_the_task(north):
    today = timezone.localdate()
    due_in_5_days = factories.AdviceRequestFactory.create(
        review__plan__area=north,
        review__meeting_planned_on=today + timedelta(weeks=4),
        due_on=today + timedelta(days=5),
        sent_at=timezone.now() - timedelta(days=10),
    )
    factories.AdviceRequestFactory.create(  # due in 6 days: not yet
        review__plan__area=north, due_on=today + timedelta(days=6)
    )
    cache.delete(HEARTBEAT_KEY)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        send_advice_reminders.delay()
        send_advice_reminders.delay()
        # One task at a time, in order: once the heartbeat after them has run, both have.
        heartbeat.delay()
        assert wait_for(lambda: cache.get(HEARTBEAT_KEY) is not None, seconds=60)
    [reminder] = mail.outbox
    assert reminder.to == [due_in_5_days.email]
    assert AdviceRequest.objects.filter(reminded_before_at__isnull=False).count() == 1
