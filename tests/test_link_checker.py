"""The Local Offer's link checker, against a local HTTP server (there is no internet here)."""

import contextlib
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import as_completed
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import call_command
from django.utils import timezone

from kentsend import celery_app
from localoffer import link_http, links
from localoffer.link_http import address_is_public
from localoffer.links import links_check_due, links_sync
from localoffer.models import Link, LinkStatus, SenInformationReport
from localoffer.tasks import check_links, send_freshness_reminders
from tests.conftest import run_at_once, wait_for
from tests.factories import OrganizationFactory, ServiceFactory, SettingFactory

pytestmark = pytest.mark.django_db

OK, REDIRECTED, BROKEN, UNREACHABLE = (
    LinkStatus.OK,
    LinkStatus.REDIRECTED,
    LinkStatus.BROKEN,
    LinkStatus.UNREACHABLE,
)


class FakeWebsite:
    """What the local server was asked, and how many requests it answered at once."""

    def __init__(self) -> None:
        self.url = ""
        self.requests: Counter[tuple[str, str]] = Counter()
        self.in_flight = 0
        self.peak = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.together: threading.Barrier | None = None

    def hits(self, path: str) -> int:
        return sum(n for (_, seen), n in self.requests.items() if seen == path)

    def arrive(self, method: str, path: str) -> int:
        with self.lock:
            self.requests[(method, path)] += 1
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            return self.hits(path)

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1


def handler_for(site: FakeWebsite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.answer("HEAD")

        def do_GET(self) -> None:
            self.answer("GET")

        def log_message(self, format: str, *args: object) -> None:
            pass

        def answer(self, method: str) -> None:
            path = self.path
            seen = site.arrive(method, path)
            route = path.split("?")[0]
            if route == "/never":
                site.release.wait(timeout=30)
                site.leave()
                return
            if route == "/together" and site.together is not None:
                with contextlib.suppress(threading.BrokenBarrierError):
                    site.together.wait()
            # Counted out before answering, so the client's next request cannot overlap it.
            site.leave()
            location = {
                "/moved": "/ok",
                "/moved-to-missing": "/missing",
                "/elsewhere-for-now": "/ok",
            }.get(route)
            if location:
                code = 302 if route == "/elsewhere-for-now" else 301
            elif route == "/missing":
                code = 404
            elif route == "/error":
                code = 500
            elif route == "/flaky":
                code = 500 if seen == 1 else 200
            elif route == "/no-head":
                code = 405 if method == "HEAD" else 200
            else:
                code = 200
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@pytest.fixture
def site() -> Iterator[FakeWebsite]:
    website = FakeWebsite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(website))
    website.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield website
    website.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(autouse=True)
def checker_settings(settings):
    settings.LINK_CHECK_ALLOW_PRIVATE_NETWORKS = True
    settings.LINK_CHECK_BACKOFF_SECONDS = 0
    settings.LINK_CHECK_CONNECT_TIMEOUT = 0.5
    settings.LINK_CHECK_READ_TIMEOUT = 0.5
    settings.LINK_CHECK_RETRIES = 2
    settings.LINK_CHECK_CONCURRENCY = 8
    settings.LINK_CHECK_INTERVAL_DAYS = 7
    settings.LINK_CHECK_BATCH = 500
    return settings


def checked(link: Link) -> Link:
    link.refresh_from_db()
    return link


# --- What is recorded ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "status_code", "final_path", "attempts"),
    [
        ("/ok", OK, 200, "", 1),
        ("/missing", BROKEN, 404, "", 1),
        ("/error", BROKEN, 500, "", 3),
        ("/flaky", OK, 200, "", 2),
        ("/no-head", OK, 200, "", 1),
        ("/moved", REDIRECTED, 200, "/ok", 1),
        ("/moved-to-missing", BROKEN, 404, "/missing", 1),
        ("/elsewhere-for-now", OK, 200, "/ok", 1),
    ],
)
def test_it_records_what_each_address_answered(
    site, path, status, status_code, final_path, attempts
):
    link = Link.objects.create(url=site.url + path)
    started = timezone.now()

    assert links_check_due() == 1

    link = checked(link)
    assert link.checked_at is not None
    assert started <= link.checked_at <= timezone.now()
    assert link.status == status
    assert link.status_code == status_code
    assert link.final_url == (site.url + final_path if final_path else "")
    assert link.attempts == attempts
    assert link.claimed_until is None
    assert (link.error == "") == (status != BROKEN)


def test_it_retries_a_server_error_and_then_calls_the_link_broken(site):
    link = Link.objects.create(url=site.url + "/error")

    links_check_due()

    assert site.requests[("HEAD", "/error")] == 3
    assert checked(link).error == "The server answered 500 Internal Server Error"


def test_it_asks_with_get_when_the_server_refuses_head(site):
    Link.objects.create(url=site.url + "/no-head")

    links_check_due()

    assert site.requests[("HEAD", "/no-head")] == 1
    assert site.requests[("GET", "/no-head")] == 1


def test_it_calls_an_address_that_never_answers_unreachable_after_the_retries(site):
    link = Link.objects.create(url=site.url + "/never")

    links_check_due()

    link = checked(link)
    assert link.status == UNREACHABLE
    assert link.status_code is None
    assert link.attempts == 3
    assert "ReadTimeout" in link.error
    assert site.hits("/never") == 3


def test_it_calls_a_refused_connection_unreachable_with_the_error(closed_port):
    link = Link.objects.create(url=f"http://127.0.0.1:{closed_port}/")

    links_check_due()

    link = checked(link)
    assert link.status == UNREACHABLE
    assert link.attempts == 3
    assert link.error.startswith("ConnectError")


def test_it_does_not_fetch_addresses_that_are_not_web_addresses():
    link = Link.objects.create(url="ftp://files.example.org/leaflet.pdf")

    links_check_due()

    link = checked(link)
    assert link.status == UNREACHABLE
    assert link.attempts == 1
    assert "only http and https" in link.error


def test_it_records_a_link_it_cannot_handle_and_checks_the_others(site, monkeypatch):
    fetch = link_http._fetch

    def fetch_or_fail(client, url):
        if url.endswith("/odd"):
            raise RuntimeError("unexpected answer")
        return fetch(client, url)

    monkeypatch.setattr(link_http, "_fetch", fetch_or_fail)
    odd = Link.objects.create(url=site.url + "/odd")
    fine = Link.objects.create(url=site.url + "/ok")

    assert links_check_due() == 2

    assert checked(odd).status == UNREACHABLE
    assert checked(odd).error == "RuntimeError: unexpected answer"
    assert checked(fine).status == OK


# --- Private networks ---------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_it_refuses_private_addresses_unless_the_setting_allows_them(site, checker_settings, host):
    checker_settings.LINK_CHECK_ALLOW_PRIVATE_NETWORKS = False
    link = Link.objects.create(url=site.url.replace("127.0.0.1", host) + "/ok")

    links_check_due()

    link = checked(link)
    assert link.status == UNREACHABLE
    assert link.attempts == 1
    assert "private, loopback or link-local network" in link.error
    assert site.requests == Counter()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4009:81f::200e", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.1.2.3", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
    ],
)
def test_it_tells_public_addresses_from_private_ones(address, public):
    assert address_is_public(address) is public


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


# --- The Link table -----------------------------------------------------------------------------


def test_it_keeps_one_link_per_published_address_and_drops_the_others(editor):
    organization = OrganizationFactory.create(website="https://provider.example.org/")
    ServiceFactory.create(owner=editor, organization=organization, url="https://a.example.org/")
    ServiceFactory.create(owner=editor, organization=organization, url="https://a.example.org/")
    ServiceFactory.create(owner=editor, organization=organization, url="")
    SenInformationReport.objects.create(
        setting=SettingFactory.create(), url="https://school.example.org/send"
    )
    SenInformationReport.objects.create(setting=SettingFactory.create(), url="")
    Link.objects.create(url="https://gone.example.org/", status=BROKEN)
    kept = Link.objects.create(url="https://a.example.org/", status=OK)

    counts = links_sync()

    assert set(Link.objects.values_list("url", flat=True)) == {
        "https://provider.example.org/",
        "https://a.example.org/",
        "https://school.example.org/send",
    }
    assert (counts.added, counts.removed) == (2, 1)
    assert checked(kept).status == OK
    assert links_sync() == links.SyncCounts(added=0, removed=0)


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
