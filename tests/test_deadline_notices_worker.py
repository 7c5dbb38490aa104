"""The daily task that tells families a statutory step will be late, run by a real Celery
worker as beat starts it: each family told once, however often it runs."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from contributions.models import DeadlineNotice
from contributions.tasks import tell_families_of_missed_deadlines
from kentsend.celery import app as celery_app
from kentsend.celery import heartbeat
from kentsend.health import HEARTBEAT_KEY
from reviews import statutory
from tests import factories
from tests.conftest import wait_for


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_tells_the_family_once_however_often_beat_starts_the_task(north):
    today = timezone.localdate()
    meeting_on = today - timedelta(days=statutory.DECISION_WEEKS_AFTER * statutory.WEEK)
    plan = factories.PlanFactory.create(area=north)
    member = factories.FamilyMemberFactory.create(plan=plan)
    factories.ReviewFactory.create(
        plan=plan, held=True, due_on=meeting_on, meeting_on=meeting_on, recomputed=True
    )
    cache.delete(HEARTBEAT_KEY)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        tell_families_of_missed_deadlines.delay()
        tell_families_of_missed_deadlines.delay()
        # One task at a time, in order: once the heartbeat after them has run, both have.
        heartbeat.delay()
        assert wait_for(lambda: cache.get(HEARTBEAT_KEY) is not None, seconds=60)
    [notice] = mail.outbox
    assert notice.to == [member.user.email]
    assert "We cannot tell you why yet." in notice.body
    assert DeadlineNotice.objects.get().told_at is not None
