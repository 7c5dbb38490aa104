"""The public Local Offer: search, a service's page and "Was this page useful?"."""

import re
from datetime import time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from localoffer.models import (
    Contact,
    CostOption,
    Feedback,
    Schedule,
    Service,
    ServiceStatus,
)
from localoffer.taxonomy import NEEDS, SECTIONS
from tests.conftest import client_for
from tests.factories import (
    LocationFactory,
    OrganizationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    taxonomy_term,
)

SEARCH = reverse("localoffer:search")
FEEDBACK = reverse("localoffer:feedback")

pytestmark = pytest.mark.django_db


def names_found(response) -> list[str]:
    return [result.name for result in response.context["page"].results]


def service_url(service: Service) -> str:
    return reverse("localoffer:service", args=[service.pk])


def feedback_data(**changes: str) -> dict[str, str]:
    return {"page": "/local-offer/", "useful": "no", "missing": "Opening times", **changes}


# Search --------------------------------------------------------------------------------------


def test_it_finds_services_by_words_with_english_stemming(client: Client):
    ServiceFactory.create(name="Speech and language therapy")
    ServiceFactory.create(name="Swimming club")
    response = client.get(SEARCH, {"q": "speech"})
    assert response.status_code == 200
    assert names_found(response) == ["Speech and language therapy"]
    assert "1 service found" in response.content.decode()
    # "therapies" and "therapy" share a stem.
    assert names_found(client.get(SEARCH, {"q": "therapies"})) == ["Speech and language therapy"]


def test_it_finds_services_by_local_offer_section(client: Client):
    ServiceFactory.create(name="Sensory play", terms=[taxonomy_term(SECTIONS, "leisure")])
    ServiceFactory.create(name="Portage", terms=[taxonomy_term(SECTIONS, "under-5s")])
    assert names_found(client.get(SEARCH, {"section": "leisure"})) == ["Sensory play"]


def test_it_finds_services_by_need(client: Client):
    ServiceFactory.create(name="Talk club", terms=[taxonomy_term(NEEDS, "SLCN")])
    ServiceFactory.create(name="Braille lessons", terms=[taxonomy_term(NEEDS, "VI")])
    assert names_found(client.get(SEARCH, {"need": "SLCN"})) == ["Talk club"]


def test_it_finds_services_that_cover_the_childs_age(client: Client):
    ServiceFactory.create(name="Primary outreach", minimum_age=5, maximum_age=11)
    ServiceFactory.create(name="Open to all", minimum_age=None, maximum_age=None)
    ServiceFactory.create(name="From sixteen", minimum_age=16, maximum_age=None)
    assert names_found(client.get(SEARCH, {"age": "7"})) == ["Open to all", "Primary outreach"]
    assert names_found(client.get(SEARCH, {"age": "12"})) == ["Open to all"]
    assert names_found(client.get(SEARCH, {"age": "11"})) == ["Open to all", "Primary outreach"]
    assert names_found(client.get(SEARCH, {"age": "25"})) == ["From sixteen", "Open to all"]


def test_it_combines_words_section_need_and_age(client: Client):
    health, slcn = taxonomy_term(SECTIONS, "health-wellbeing"), taxonomy_term(NEEDS, "SLCN")
    ServiceFactory.create(
        name="Speech therapy for schools", terms=[health, slcn], minimum_age=5, maximum_age=11
    )
    ServiceFactory.create(
        name="Speech therapy for teenagers", terms=[health, slcn], minimum_age=12, maximum_age=18
    )
    ServiceFactory.create(name="Speech therapy drop-in", terms=[slcn], minimum_age=5)
    ServiceFactory.create(name="Hearing clinic", terms=[health, slcn], minimum_age=5)
    response = client.get(
        SEARCH, {"q": "speech", "section": "health-wellbeing", "need": "SLCN", "age": "7"}
    )
    assert names_found(response) == ["Speech therapy for schools"]


def test_it_lists_every_active_service_by_name_when_nothing_is_asked(client: Client):
    for name in ("Zebra club", "Art club", "Music club"):
        ServiceFactory.create(name=name)
    response = client.get(SEARCH)
    assert names_found(response) == ["Art club", "Music club", "Zebra club"]
    assert "3 services found" in response.content.decode()


def test_it_shows_each_results_organisation_summary_ages_and_sections(client: Client):
    ServiceFactory.create(
        name="Stepping stones",
        organization=OrganizationFactory.create(name="Family hubs"),
        description="Play sessions for under-fives. " + "More detail follows here. " * 20,
        minimum_age=0,
        maximum_age=5,
        terms=[taxonomy_term(SECTIONS, "under-5s"), taxonomy_term(NEEDS, "ASD")],
    )
    html = client.get(SEARCH).content.decode()
    assert "Family hubs" in html
    assert "Play sessions for under-fives." in html
    assert "…" in html  # the summary is cut short
    assert "0 to 5 years" in html
    assert "Support for children under 5" in html


def test_it_shows_20_services_a_page_and_keeps_the_search_in_the_page_links(client: Client):
    slcn = taxonomy_term(NEEDS, "SLCN")
    for n in range(45):
        ServiceFactory.create(name=f"Speech group {n:02d}", terms=[slcn], minimum_age=3)
    ServiceFactory.create(name="Speech group for adults", terms=[slcn], minimum_age=18)
    search = {"q": "speech", "need": "SLCN", "age": "7"}
    first = client.get(SEARCH, search)
    assert len(first.context["page"].results) == 20
    assert "45 services found" in first.content.decode()
    hrefs = re.findall(r'href="(\?[^"]*page=\d+)"', first.content.decode())
    assert hrefs
    for href in hrefs:
        assert {"q=speech", "need=SLCN", "age=7"} <= set(href.lstrip("?").split("&amp;"))
    third = client.get(SEARCH, {**search, "page": "3"})
    assert len(third.context["page"].results) == 5
    assert 'aria-current="page">3</a>' in third.content.decode()
    assert "Speech group for adults" not in third.content.decode()


def test_it_shows_the_last_page_for_a_page_number_past_the_end(client: Client):
    ServiceFactory.create(name="Only service")
    for page in ("99", "nonsense"):
        response = client.get(SEARCH, {"page": page})
        assert response.status_code == 200
        assert names_found(response) == ["Only service"]


@pytest.mark.parametrize(
    ("age", "message"),
    [
        ("seven", "Enter the child's age as a whole number of years, like 7"),
        ("7.5", "Enter the child's age as a whole number of years, like 7"),
        ("26", "Enter an age from 0 to 25"),
        ("-1", "Enter an age from 0 to 25"),
    ],
)
def test_it_answers_400_with_a_message_on_the_field_for_an_age_it_cannot_use(
    client: Client, age: str, message: str
):
    ServiceFactory.create(name="Primary outreach")
    response = client.get(SEARCH, {"q": "outreach", "age": age})
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert f'href="#id_age">{escape(message)}</a>' in summary
    assert (
        '<p class="govuk-error-message" id="id_age_error"><span class="govuk-visually-hidden">'
        f"Error:</span> {escape(message)}</p>"
    ) in html
    assert "<title>Error: " in html
    assert f'value="{age}"' in html  # kept for the person to correct
    assert "Primary outreach" not in html


def test_it_never_shows_inactive_defunct_or_temporarily_closed_services_in_search(
    client: Client,
):
    ServiceFactory.create(name="Speech active")
    for status in (
        ServiceStatus.INACTIVE,
        ServiceStatus.DEFUNCT,
        ServiceStatus.TEMPORARILY_CLOSED,
    ):
        ServiceFactory.create(name=f"Speech {status.label}", status=status)
    assert names_found(client.get(SEARCH, {"q": "speech"})) == ["Speech active"]
    assert names_found(client.get(SEARCH)) == ["Speech active"]


def test_it_says_what_to_try_when_nothing_matches(client: Client):
    ServiceFactory.create(name="Swimming club")
    response = client.get(SEARCH, {"q": "trampolining"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No services found" in html
    assert "check the spelling of your search words" in html
    assert 'href="/local-offer/">see every service</a>' in html


def test_it_makes_one_query_for_a_page_of_results_however_many_are_on_it(
    client: Client, django_assert_num_queries
):
    client.get(SEARCH)  # the sections and needs are then kept for a while
    sections = [taxonomy_term(SECTIONS, "school-age"), taxonomy_term(SECTIONS, "leisure")]
    ServiceFactory.create(name="Speech one", terms=sections)
    # The page of services with their organisations, sections and the number found.
    with django_assert_num_queries(1):
        assert len(client.get(SEARCH, {"q": "speech"}).context["page"].results) == 1
    for n in range(30):
        ServiceFactory.create(name=f"Speech {n}", terms=sections)
    with django_assert_num_queries(1):
        response = client.get(SEARCH, {"q": "speech", "age": "7", "need": "", "section": ""})
    assert len(response.context["page"].results) == 20
    assert response.context["page"].results[0].sections == [
        "Support for school-age children",
        "Leisure, activities and clubs",
    ]
    assert "31 services found" in response.content.decode()


def test_it_counts_the_last_page_again_only_for_a_page_past_the_end(
    client: Client, django_assert_num_queries
):
    client.get(SEARCH)
    for n in range(25):
        ServiceFactory.create(name=f"Club {n:02d}")
    with django_assert_num_queries(3):  # the empty page, the count, the last page
        response = client.get(SEARCH, {"page": "7"})
    assert response.context["page"].number == 2
    assert len(response.context["page"].results) == 5


def test_it_shows_the_last_page_for_a_page_number_too_large_for_the_database(client: Client):
    for n in range(25):
        ServiceFactory.create(name=f"Club {n:02d}")
    response = client.get(SEARCH, {"page": "9" * 30})
    assert response.status_code == 200
    assert response.context["page"].number == 2


# A service's page ----------------------------------------------------------------------------


@pytest.fixture
def speech_therapy(db: None) -> Service:
    service = ServiceFactory.create(
        name="Speech and language therapy",
        organization=OrganizationFactory.create(
            name="Kent Community Health", website="https://health.example.org"
        ),
        description="Assessment and therapy for children who find talking hard.",
        alert="Waiting times are currently 12 weeks.",
        email="slt@health.example.org",
        url="https://health.example.org/slt",
        minimum_age=5,
        maximum_age=11,
        fees_description="Free on the NHS.",
        terms=[taxonomy_term(SECTIONS, "health-wellbeing"), taxonomy_term(NEEDS, "SLCN")],
    )
    Contact.objects.create(
        service=service, name="Referrals team", title="Triage", phone="01622 123456"
    )
    ServiceAtLocationFactory.create(
        service=service,
        location=LocationFactory.create(
            name="Oakwood clinic",
            address_1="1 Oakwood Road",
            city="Maidstone",
            postal_code="ME16 8AE",
            accessibility="Step-free entrance and a hearing loop.",
        ),
    )
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="MO,WE",
        opens_at=time(9, 30),
        closes_at=time(15),
        description="Clinics",
    )
    CostOption.objects.create(service=service, option="Private report", amount=Decimal("45.00"))
    return service


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


# Who may use the pages -----------------------------------------------------------------------


def test_it_opens_every_page_to_anonymous_visitors_without_sign_in(
    client: Client, speech_therapy: Service
):
    for url in (SEARCH, service_url(speech_therapy), FEEDBACK):
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.post(FEEDBACK, feedback_data())["Location"] == "/local-offer/"


def test_it_opens_the_pages_to_signed_in_staff_too(editor: User, speech_therapy: Service):
    client = client_for(editor)
    assert client.get(SEARCH).status_code == 200
    assert client.get(service_url(speech_therapy)).status_code == 200


def test_it_links_anonymous_visitors_to_the_local_offer_and_lets_search_engines_in(
    client: Client,
):
    sign_in = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'href="/local-offer/">Local Offer</a>' in sign_in
    assert 'content="noindex, nofollow"' in sign_in
    search = client.get(SEARCH).content.decode()
    assert 'content="index, follow"' in search
    assert "<title>Find SEND support and services \N{EN DASH} Local Offer \N{EN DASH} " in search
