"""Rate limits and lockout count the client's real address: X-Forwarded-For is believed
only as far as NUM_PROXIES proxies of our own, and one address trying many accounts
(password spraying) is locked out as well as one account tried too often."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_proxy(settings):
    """The service behind one proxy of its own, which appends the address it saw."""
    settings.NUM_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def ask_for_token(client: APIClient, forwarded_for: str, remote: str = "203.0.113.7"):
    return client.post(
        "/api/v1/auth/token/",
        {},
        format="json",
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_rotating_x_forwarded_for_does_not_bypass_the_token_throttle(frozen_today):
    # The clock stands still, so a slow machine cannot let the minute's window pass.
    client = APIClient()
    answers = [ask_for_token(client, f"198.51.100.{n}").status_code for n in range(21)]
    assert answers[:20] == [400] * 20
    assert answers[20] == 429


def test_behind_a_proxy_the_token_throttle_counts_the_address_the_proxy_saw(
    one_proxy, frozen_today
):
    client = APIClient()
    # The client writes anything it likes first; our proxy appends the address it saw.
    answers = [ask_for_token(client, f"10.0.0.{n}, 192.0.2.1").status_code for n in range(21)]
    assert answers[20] == 429
    assert ask_for_token(client, "10.0.0.1, 192.0.2.2").status_code == 400


def test_a_forwarded_entry_that_is_not_an_address_counts_as_the_peer(one_proxy):
    client = APIClient()
    assert ask_for_token(client, "not-an-address").status_code == 400


WRONG = "wrong-password"


def sign_in(client: Client, email: str, password: str = WRONG, **extra):
    return client.post("/sign-in/", {"username": email, "password": password}, **extra)


def test_thirty_different_usernames_from_one_address_get_locked_out(officer_north):
    client = Client()
    for n in range(30):
        sign_in(client, f"guess.{n}@example.org", REMOTE_ADDR="203.0.113.9")
    response = sign_in(client, officer_north.email, PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "too many failed sign-ins from your network" in page
    assert not Client().get("/casework/").wsgi_request.user.is_authenticated
    # Another address is not affected.
    elsewhere = sign_in(Client(), officer_north.email, PASSWORD, REMOTE_ADDR="198.51.100.1")
    assert elsewhere.status_code == 302


def test_a_few_mistakes_by_colleagues_sharing_an_address_lock_nobody_out(officer_north):
    client = Client()
    for colleague in range(4):
        for _ in range(4):
            sign_in(client, f"colleague.{colleague}@example.org", REMOTE_ADDR="203.0.113.9")
    assert (
        sign_in(client, officer_north.email, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302
    )


def test_the_token_endpoint_says_when_an_address_is_locked(officer_north, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 10  # under the endpoint's own 20 a minute
    client = APIClient()
    for n in range(10):
        client.post("/api/v1/auth/token/", {"email": f"guess.{n}@example.org", "password": "x"})
    response = client.post(
        "/api/v1/auth/token/", {"email": officer_north.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many failed sign-in attempts from your network. Try again in 15 minutes."
    }


def test_a_rotating_x_forwarded_for_does_not_escape_the_lockout(officer_north):
    client = Client()
    for n in range(5):
        sign_in(client, officer_north.email, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = sign_in(client, officer_north.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429


def send_feedback(client: Client, forwarded_for: str):
    return client.post(
        reverse("localoffer:feedback"),
        {"page": "/local-offer/", "useful": "yes"},
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_the_feedback_limit_counts_each_visitor_separately(one_proxy, frozen_today):
    # The clock stands still, so the six posts cannot straddle two of the minute's windows.
    client = Client()
    answers = [send_feedback(client, "203.0.113.1").status_code for _ in range(6)]
    assert answers[-1] == 429
    assert send_feedback(client, "203.0.113.2").status_code != 429


def test_a_forged_x_forwarded_for_does_not_bypass_the_feedback_limit(frozen_today):
    client = Client()
    answers = [send_feedback(client, f"203.0.113.{n}").status_code for n in range(6)]
    assert answers[-1] == 429
