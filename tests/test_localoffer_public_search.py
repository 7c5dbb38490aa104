"""Searching the public Local Offer: by words, section, need and age, the results and their
pages, bad ages, hidden services, and a fixed number of queries."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from localoffer.models import ServiceStatus
from localoffer.taxonomy import NEEDS, SECTIONS
from tests.factories import OrganizationFactory, ServiceFactory, taxonomy_term
from tests.localoffer_public_cases import SEARCH

pytestmark = pytest.mark.django_db


def names_found(response) -> list[str]:
    return [result.name for result in response.context["page"].results]


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


def test_it_never_shows_inactive_or_defunct_services_in_search(client: Client):
    ServiceFactory.create(name="Speech active")
    for status in (ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT):
        ServiceFactory.create(name=f"Speech {status.label}", status=status)
    assert names_found(client.get(SEARCH, {"q": "speech"})) == ["Speech active"]
    assert names_found(client.get(SEARCH)) == ["Speech active"]


def test_it_lists_a_temporarily_closed_service_marked_as_closed(client: Client):
    ServiceFactory.create(name="Speech paused", status=ServiceStatus.TEMPORARILY_CLOSED)
    response = client.get(SEARCH, {"q": "speech"})
    assert names_found(response) == ["Speech paused"]
    assert "Temporarily closed" in response.content.decode()


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
