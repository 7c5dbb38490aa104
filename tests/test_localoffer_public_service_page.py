"""A service's page on the public Local Offer: everything a family needs, closed and ended
services, and the same queries however much the service holds."""

import pytest
from django.test import Client
from django.urls import reverse

from localoffer.models import Contact, Schedule, Service, ServiceStatus
from tests.factories import ServiceAtLocationFactory, ServiceFactory
from tests.localoffer_public_cases import (
    fixture_speech_therapy,  # noqa: F401  (a fixture)
    service_url,
)

pytestmark = pytest.mark.django_db


# A service's page ----------------------------------------------------------------------------


def test_it_shows_everything_a_family_needs_on_a_service_page(
    client: Client, speech_therapy: Service
):
    response = client.get(service_url(speech_therapy))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        '<h1 class="govuk-heading-xl">Speech and language therapy</h1>',
        "Assessment and therapy for children who find talking hard.",
        "Waiting times are currently 12 weeks.",
        "5 to 11 years",
        "Speech, language and communication needs",
        'href="/local-offer/?section=health-wellbeing">Health and wellbeing</a>',
        "Referrals team",
        'href="tel:01622123456">01622 123456</a>',
        'href="mailto:slt@health.example.org"',
        'href="https://health.example.org/slt"',
        "Oakwood clinic",
        "1 Oakwood Road<br>Maidstone<br>Kent<br>ME16 8AE",
        "Step-free entrance and a hearing loop.",
        "Clinics (Every Monday and Wednesday, 9:30am to 3pm)",
        "Free on the NHS.",
        "Private report: £45",
        "Kent Community Health",
        "Last reviewed on Tuesday 1 September 2026",
    ]:
        assert text in html, text
    assert "temporarily closed" not in html


def test_it_shows_a_temporarily_closed_service_with_a_notice(client: Client):
    service = ServiceFactory.create(status=ServiceStatus.TEMPORARILY_CLOSED)
    response = client.get(service_url(service))
    assert response.status_code == 200
    assert "This service is temporarily closed." in response.content.decode()


@pytest.mark.parametrize("status", [ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT])
def test_it_answers_404_for_a_service_that_no_longer_runs(client: Client, status: str):
    service = ServiceFactory.create(status=status)
    assert client.get(service_url(service)).status_code == 404


def test_it_answers_404_for_an_unknown_service(client: Client):
    url = reverse("localoffer:service", args=["00000000-0000-0000-0000-000000000001"])
    assert client.get(url).status_code == 404
    assert client.get("/local-offer/services/not-a-uuid/").status_code == 404


def test_it_makes_the_same_queries_for_a_service_page_however_much_it_holds(
    client: Client, speech_therapy: Service, django_assert_num_queries
):
    url = service_url(speech_therapy)
    # The service with its organisation, then its contacts, schedules, costs, places, terms.
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(5):
        Contact.objects.create(service=speech_therapy, name=f"Contact {n}")
        Schedule.objects.create(service=speech_therapy, description=f"Session {n}")
        ServiceAtLocationFactory.create(service=speech_therapy)
    with django_assert_num_queries(6):
        client.get(url)


def test_a_service_page_says_each_cost_and_email_once(client: Client):
    service = ServiceFactory.create(
        name="Short breaks", email="short.breaks@example.org", fees_description="Free of charge"
    )
    Contact.objects.create(service=service, name="Short breaks team", email=service.email)
    service.cost_options.create(option="Free", amount=0, amount_description="Free of charge")
    html = client.get(service_url(service)).content.decode()
    assert html.count("Free of charge") == 1
    assert "Free: free" not in html
    assert html.count('href="mailto:short.breaks@example.org"') == 1
