"""What the Local Offer's link checker records for each address, against a local HTTP server: the
answer, retries of server errors, GET when HEAD is refused, unreachable addresses, addresses
that are not web addresses, and a link it cannot handle.
"""

import pytest
from django.utils import timezone

from localoffer import link_http
from localoffer.links import links_check_due
from localoffer.models import Link
from tests.link_checker_cases import (
    BROKEN,
    OK,
    REDIRECTED,
    UNREACHABLE,
    checked,
    checker_settings,
    closed_port,
    site,
)

# fixtures from tests/link_checker_cases.py (checker_settings applies to every test),
# found by pytest among this module's names
__all__ = ["checker_settings", "closed_port", "site"]

pytestmark = pytest.mark.django_db

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
