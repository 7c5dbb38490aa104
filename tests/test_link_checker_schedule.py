"""The Local Offer's link checker in Celery: the nightly check and Monday morning reminders on
the schedule, the command that does the nightly work, and a real worker doing both.
"""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils import timezone

from kentsend import celery_app
from localoffer.models import Link
from localoffer.tasks import check_links, send_freshness_reminders
from tests.conftest import wait_for
from tests.factories import ServiceFactory
from tests.link_checker_cases import BROKEN, REDIRECTED, checker_settings, site

# fixtures from tests/link_checker_cases.py (checker_settings applies to every test),
# found by pytest among this module's names
__all__ = ["checker_settings", "site"]

pytestmark = pytest.mark.django_db

# --- Celery, the schedule and the command -------------------------------------------------------


def test_the_link_check_runs_nightly_and_the_reminders_on_monday_mornings():
    celery_app.finalize()
    schedule = {
        entry["task"]: entry["schedule"] for entry in celery_app.conf.beat_schedule.values()
    }
    nightly = schedule["localoffer.check_links"]
    weekly = schedule["localoffer.send_freshness_reminders"]
    assert nightly.day_of_week == set(range(7))
    assert max(nightly.hour) < 6
    assert weekly.day_of_week == {1}
    assert max(weekly.hour) < 9


def test_the_command_does_the_nightly_work(site, editor, capsys):
    ServiceFactory.create(owner=editor, url=site.url + "/missing")

    call_command("check_links")

    assert Link.objects.get().status == BROKEN
    assert "checked 1" in capsys.readouterr().out


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)  # the worker closes Django's connections as it starts
def test_a_real_worker_checks_the_links_and_sends_the_reminders(site, editor, mailoutbox):
    review_by = timezone.localdate() - timedelta(days=30)
    ServiceFactory.create(
        owner=editor,
        url=site.url + "/moved",
        last_reviewed_on=review_by - timedelta(days=365),
        review_by=review_by,
    )

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        check_links.delay()
        send_freshness_reminders.delay()
        wait_for(lambda: Link.objects.filter(checked_at__isnull=False).exists())
        wait_for(lambda: len(mailoutbox) == 1)

    link = Link.objects.get()
    assert link.status == REDIRECTED
    assert link.final_url == site.url + "/ok"
    assert [message.to for message in mailoutbox] == [[editor.email]]
