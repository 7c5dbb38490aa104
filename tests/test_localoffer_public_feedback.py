""" "Was this page useful?" on the public Local Offer: the form on every page, what is saved
and refused, the honeypot, personal details, rate limits and CSRF."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from localoffer.models import Feedback, Service
from tests.localoffer_public_cases import (
    FEEDBACK,
    SEARCH,
    feedback_data,
    fixture_speech_therapy,  # noqa: F401  (a fixture)
    service_url,
)

pytestmark = pytest.mark.django_db


# Feedback ------------------------------------------------------------------------------------


def test_it_puts_the_feedback_form_on_every_public_page(client: Client, speech_therapy: Service):
    search = client.get(SEARCH, {"q": "speech"}).content.decode()
    assert f'action="{FEEDBACK}"' in search
    assert 'name="page" value="/local-offer/?q=speech"' in search
    page = client.get(service_url(speech_therapy)).content.decode()
    assert f'name="page" value="{service_url(speech_therapy)}"' in page
    assert f'name="service" value="{speech_therapy.pk}"' in page
    assert 'class="kentsend-honeypot" aria-hidden="true"' in page
    assert 'name="website" tabindex="-1" autocomplete="off"' in page


def test_it_saves_feedback_and_thanks_the_sender_on_the_same_page(
    client: Client, speech_therapy: Service
):
    page = service_url(speech_therapy)
    response = client.post(
        FEEDBACK,
        feedback_data(page=page, service=str(speech_therapy.pk), missing="  Parking details  "),
    )
    assert response.status_code == 302
    assert response["Location"] == page
    saved = Feedback.objects.get()
    assert (saved.page, saved.service, saved.useful, saved.missing) == (
        page,
        speech_therapy,
        False,
        "Parking details",
    )
    assert "Thank you for your feedback" in client.get(page).content.decode()


def test_it_accepts_a_yes_alone_or_what_is_missing_alone(client: Client):
    client.post(FEEDBACK, {"page": "/local-offer/?q=speech", "useful": "yes"})
    client.post(FEEDBACK, {"page": "/local-offer/", "missing": "Holiday clubs in Dover"})
    assert list(Feedback.objects.order_by("pk").values_list("page", "useful", "missing")) == [
        ("/local-offer/?q=speech", True, ""),
        ("/local-offer/", None, "Holiday clubs in Dover"),
    ]


def test_it_saves_nothing_when_the_honeypot_is_filled_but_thanks_the_sender_all_the_same(
    client: Client,
):
    response = client.post(FEEDBACK, feedback_data(website="https://spam.example"), follow=True)
    assert response.redirect_chain == [("/local-offer/", 302)]
    assert "Thank you for your feedback" in response.content.decode()
    assert not Feedback.objects.exists()


def test_it_rejects_feedback_with_neither_answer(client: Client):
    response = client.post(FEEDBACK, {"page": "/local-offer/", "useful": "", "missing": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_useful">Select yes or no, or tell us what is missing</a>' in html
    assert 'href="/local-offer/" class="govuk-back-link"' in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "page",
    [
        "/casework/",
        "/local-offerings/",
        "https://elsewhere.example/local-offer/",
        "//elsewhere.example/local-offer/",
        "/local-offer/../admin/",
        "/local-offer/\\\\elsewhere.example",
        "",
    ],
)
def test_it_rejects_a_page_outside_the_local_offer(client: Client, page: str):
    response = client.post(FEEDBACK, feedback_data(page=page))
    assert response.status_code == 400
    assert "We could not tell which page this feedback is about" in response.content.decode()
    assert not Feedback.objects.exists()


def test_it_rejects_an_unknown_service(client: Client):
    response = client.post(FEEDBACK, feedback_data(service="00000000-0000-0000-0000-000000000001"))
    assert response.status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "missing",
    ["Email me at jo.bloggs@example.org", "Ring me on 07700 900123", "Call +44 1622 123456"],
)
def test_it_rejects_an_email_address_or_phone_number_in_what_is_missing(
    client: Client, missing: str
):
    response = client.post(FEEDBACK, feedback_data(missing=missing))
    assert response.status_code == 400
    assert "do not include personal information" in response.content.decode()
    assert not Feedback.objects.exists()


def test_it_accepts_numbers_that_are_not_phone_numbers(client: Client):
    missing = "Services for 0 to 25 year olds in ME14 1XQ, open 9 to 5"
    assert client.post(FEEDBACK, feedback_data(missing=missing)).status_code == 302
    assert Feedback.objects.get().missing == missing


def test_it_rejects_what_is_missing_over_1200_characters(client: Client):
    response = client.post(FEEDBACK, feedback_data(missing="a" * 1201))
    assert response.status_code == 400
    assert "What is missing must be 1,200 characters or fewer" in response.content.decode()
    assert client.post(FEEDBACK, feedback_data(missing="a" * 1200)).status_code == 302


def test_it_limits_feedback_to_five_a_minute_from_one_address(client: Client):
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        for _ in range(5):
            assert client.post(FEEDBACK, feedback_data()).status_code == 302
        response = client.post(FEEDBACK, feedback_data())
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        assert "Try again in a minute" in response.content.decode()
        other = client.post(FEEDBACK, feedback_data(), REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 302
    assert Feedback.objects.count() == 6


def test_it_limits_feedback_to_thirty_an_hour_from_one_address(client: Client):
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False) as clock:
        for _ in range(6):
            for _ in range(5):
                assert client.post(FEEDBACK, feedback_data()).status_code == 302
            clock.shift(timedelta(minutes=1, seconds=5))
        response = client.post(FEEDBACK, feedback_data())
        assert response.status_code == 429
        assert response["Retry-After"] == "3600"
        assert "Try again in an hour" in response.content.decode()
    assert Feedback.objects.count() == 30


def test_it_keeps_csrf_protection_on_feedback(db: None):
    client = Client(enforce_csrf_checks=True)
    assert client.post(FEEDBACK, feedback_data()).status_code == 403
    client.get(SEARCH)
    token = client.cookies["csrftoken"].value
    response = client.post(FEEDBACK, {**feedback_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


def test_it_offers_the_feedback_form_on_its_own_page_too(client: Client):
    response = client.get(FEEDBACK, {"page": "/local-offer/?q=speech"})
    assert response.status_code == 200
    assert 'name="page" value="/local-offer/?q=speech"' in response.content.decode()
    outside = client.get(FEEDBACK, {"page": "https://elsewhere.example/"})
    assert 'name="page" value="/local-offer/"' in outside.content.decode()
