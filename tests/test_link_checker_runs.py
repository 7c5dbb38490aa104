"""Which links a run of the Local Offer's link checker checks: not those checked within the
interval, none another run has claimed, a bounded batch least recently checked first, never more
at once than the setting, and what it records when stopped.
"""

import threading
from concurrent.futures import as_completed
from datetime import timedelta

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from localoffer.links import links_check_due
from localoffer.models import Link, LinkStatus
from tests.conftest import run_at_once
from tests.link_checker_cases import OK, checked, checker_settings, site

# fixtures from tests/link_checker_cases.py (checker_settings applies to every test),
# found by pytest among this module's names
__all__ = ["checker_settings", "site"]

pytestmark = pytest.mark.django_db

# --- Which links a run checks -------------------------------------------------------------------


def test_it_does_not_check_again_links_checked_within_the_interval(site):
    Link.objects.create(url=site.url + "/ok")
    Link.objects.create(url=site.url + "/missing")

    assert links_check_due() == 2
    assert links_check_due() == 0

    assert site.hits("/ok") == 1
    assert site.hits("/missing") == 1


def test_it_checks_a_link_again_once_the_interval_has_passed(site):
    link = Link.objects.create(url=site.url + "/ok")
    links_check_due()
    first_check = checked(link).checked_at
    assert first_check is not None

    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert links_check_due() == 0
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert links_check_due() == 1

    second_check = checked(link).checked_at
    assert second_check is not None
    assert second_check > first_check
    assert site.hits("/ok") == 2


def test_it_skips_a_link_another_run_has_claimed(site):
    link = Link.objects.create(
        url=site.url + "/ok", claimed_until=timezone.now() + timedelta(minutes=5)
    )

    assert links_check_due() == 0

    assert checked(link).status == LinkStatus.UNCHECKED
    assert site.hits("/ok") == 0


def test_it_takes_a_link_whose_claim_has_expired(site):
    link = Link.objects.create(
        url=site.url + "/ok", claimed_until=timezone.now() - timedelta(minutes=1)
    )

    assert links_check_due() == 1

    link = checked(link)
    assert link.status == OK
    assert link.claimed_until is None


def test_it_checks_a_bounded_batch_per_run_least_recently_checked_first(site, checker_settings):
    checker_settings.LINK_CHECK_BATCH = 2
    now = timezone.now()
    old = Link.objects.create(url=site.url + "/ok?old", checked_at=now - timedelta(days=30))
    older = Link.objects.create(url=site.url + "/ok?older", checked_at=now - timedelta(days=60))
    never = Link.objects.create(url=site.url + "/ok?never")

    assert links_check_due() == 2
    assert {checked(never).status, checked(older).status} == {OK}
    assert checked(old).checked_at == now - timedelta(days=30)

    assert links_check_due() == 1
    assert checked(old).status == OK


def test_it_never_fetches_more_addresses_at_once_than_the_setting(site, checker_settings):
    checker_settings.LINK_CHECK_CONCURRENCY = 3
    # The server holds each request until three are waiting, so three at once is reached.
    site.together = threading.Barrier(3, timeout=5)
    for n in range(12):
        Link.objects.create(url=f"{site.url}/together?{n}")

    assert links_check_due() == 12

    assert site.peak == 3
    assert set(Link.objects.values_list("status", flat=True)) == {OK}


def test_it_records_what_it_checked_and_releases_the_rest_when_stopped(
    site, checker_settings, monkeypatch
):
    checker_settings.LINK_CHECK_CONCURRENCY = 1

    def stopped_after_one(futures):
        yield next(as_completed(futures))
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("localoffer.links.as_completed", stopped_after_one)
    for n in range(4):
        Link.objects.create(url=f"{site.url}/ok?{n}")

    with pytest.raises(SoftTimeLimitExceeded):
        links_check_due()

    assert Link.objects.filter(status=OK).count() == 1
    assert not Link.objects.filter(claimed_until__isnull=False).exists()
    assert Link.objects.filter(checked_at__isnull=True).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_never_check_the_same_link(site):
    for n in range(24):
        Link.objects.create(url=f"{site.url}/ok?{n}")
    counts = run_at_once(links_check_due)

    assert sum(counts) == 24
    assert all(site.hits(f"/ok?{n}") == 1 for n in range(24))
