"""Families searching the public Local Offer near a postcode or a town, nearest first with
distances in miles, told plainly when a place is not known; and searching with a misspelt
word, with pg_trgm and without it. The site and the Open Referral feed list the same
services."""

import importlib
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from localoffer import spelling
from localoffer.models import ServiceStatus
from tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from tests.localoffer_public_cases import SEARCH

pytestmark = pytest.mark.django_db


def names_found(response) -> list[str]:
    return [result.name for result in response.context["page"].results]


@pytest.fixture(name="kent")
def fixture_kent(db: None) -> None:
    """A service in each of three towns, and one online only."""
    towns = [
        ("Maidstone Family Hub", "Maidstone", "ME14 1PL", 51.2725, 0.5223),
        ("Ashford Family Hub", "Ashford", "TN23 1AX", 51.1465, 0.8750),
        ("Dover Family Hub", "Dover", "CT16 1DQ", 51.1279, 1.3134),
    ]
    for name, town, postcode, latitude, longitude in towns:
        place = LocationFactory.create(
            name=name,
            city=town,
            postal_code=postcode,
            latitude=latitude,
            longitude=longitude,
            address_1="1 Headcorn Road" if town == "Maidstone" else "1 Station Road",
        )
        ServiceAtLocationFactory.create(
            service=ServiceFactory.create(name=f"Speech therapy in {town}"), location=place
        )
    ServiceFactory.create(name="Speech therapy by video call")


def test_a_family_finds_the_nearest_services_first_from_a_full_postcode(client: Client, kent: None):
    response = client.get(SEARCH, {"q": "speech", "near": "tn23 1ax"})
    assert response.status_code == 200
    assert names_found(response) == [
        "Speech therapy in Ashford",
        "Speech therapy in Maidstone",
        "Speech therapy in Dover",
        "Speech therapy by video call",
    ]
    results = response.context["page"].results
    assert results[0].distance == "0 miles"
    assert results[1].distance == "18 miles"
    assert results[1].nearest == "Maidstone Family Hub"
    assert results[3].distance == ""
    html = response.content.decode()
    assert "Nearest to TN23 1AX first." in html
    assert "<strong>18 miles</strong> away, at Maidstone Family Hub" in html
    assert "Distance not known: online, by phone or no address given" in html


def test_a_postcode_no_location_has_is_located_by_its_district(client: Client, kent: None):
    response = client.get(SEARCH, {"near": "CT16 9ZZ"})
    assert names_found(response)[0] == "Speech therapy in Dover"
    assert "Nearest to CT16 9ZZ first." in response.content.decode()


def test_a_family_searches_near_a_town_or_a_village_named_in_an_address(client: Client, kent: None):
    assert names_found(client.get(SEARCH, {"near": "dover"}))[0] == "Speech therapy in Dover"
    assert names_found(client.get(SEARCH, {"near": "Headcorn"}))[0] == (
        "Speech therapy in Maidstone"
    )


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("ZE1 0AA", "We do not know where the postcode ZE1 0AA is."),
        ("Lerwick", "We do not know where the place Lerwick is."),
    ],
)
def test_it_says_plainly_when_a_postcode_or_place_is_not_known(
    client: Client, kent: None, near: str, message: str
):
    response = client.get(SEARCH, {"near": near})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_near">' + escape(message) in html
    assert f'value="{near}"' in html


def test_a_page_of_results_near_a_postcode_is_still_one_query(
    client: Client, kent: None, django_assert_max_num_queries
):
    client.get(SEARCH)
    # Locating the postcode, then the page with distances.
    with django_assert_max_num_queries(2):
        client.get(SEARCH, {"near": "ME14 1PL"})


@pytest.mark.parametrize("trigram", [True, False], ids=["pg_trgm", "no pg_trgm"])
def test_a_misspelt_search_finds_what_was_meant(
    client: Client, kent: None, monkeypatch: pytest.MonkeyPatch, trigram: bool
):
    if trigram and not spelling.trigram_available():
        pytest.skip("this database has no pg_trgm")
    monkeypatch.setattr(spelling, "trigram_available", lambda: trigram)
    ServiceFactory.create(name="Speak up group")
    response = client.get(SEARCH, {"q": "speach therapy"})
    assert set(names_found(response)) == {
        "Speech therapy in Maidstone",
        "Speech therapy in Ashford",
        "Speech therapy in Dover",
        "Speech therapy by video call",
    }
    assert "Including results for <strong>speech therapy</strong>" in response.content.decode()


def test_a_correct_search_is_not_corrected(client: Client, kent: None):
    response = client.get(SEARCH, {"q": "speech"})
    assert len(names_found(response)) == 4
    assert "Including results for" not in response.content.decode()


def vocabulary_reads(queries) -> int:
    return sum("ts_stat" in query["sql"] for query in queries.captured_queries)


def test_searches_that_find_nothing_read_the_vocabulary_once_between_them(
    client: Client, kent: None
):
    """Each read tokenises every listed service; two known words that find nothing together
    read it once, and the next search that finds nothing reads it from the cache."""
    with CaptureQueriesContext(connection) as first:
        response = client.get(SEARCH, {"q": "speech maidstone", "section": "leisure"})
    assert names_found(response) == []
    assert "Including results for" not in response.content.decode()
    with CaptureQueriesContext(connection) as second:
        client.get(SEARCH, {"q": "therapy video", "section": "leisure"})
    assert (vocabulary_reads(first), vocabulary_reads(second)) == (1, 0)


def test_a_misspelt_word_is_corrected_alike_for_the_next_family_without_reading_again(
    client: Client, kent: None
):
    with CaptureQueriesContext(connection) as first:
        before = client.get(SEARCH, {"q": "speach"})
    with CaptureQueriesContext(connection) as second:
        after = client.get(SEARCH, {"q": "SPEACH"})
    assert len(names_found(before)) == len(names_found(after)) == 4
    assert "Including results for <strong>speech</strong>" in after.content.decode()
    # The vocabulary, then the candidates for "speach"; the second search reads neither.
    assert (vocabulary_reads(first), vocabulary_reads(second)) == (2, 0)


def test_a_service_listed_after_the_vocabulary_was_kept_is_found_at_once(
    client: Client, kent: None
):
    client.get(SEARCH, {"q": "makaton"})
    ServiceFactory.create(name="Makaton signing club")
    response = client.get(SEARCH, {"q": "makaton"})
    assert names_found(response) == ["Makaton signing club"]


def test_the_site_and_the_open_referral_feed_list_the_same_services(client: Client):
    for status in ServiceStatus:
        ServiceFactory.create(name=f"Service {status.label}", status=status)
    site = client.get(SEARCH)
    feed = client.get(reverse("openreferral:services"))
    assert site.context["page"].count == feed.json()["total_items"] == 2


def test_the_migration_leaves_pg_trgm_alone_where_the_server_does_not_offer_it():
    install_trigram = importlib.import_module(
        "localoffer.migrations.0005_trigram_extension"
    ).install_trigram
    cursor = mock.MagicMock()
    cursor.fetchone.return_value = None  # not in pg_available_extensions
    editor = mock.MagicMock()
    editor.connection.vendor = "postgresql"
    editor.connection.cursor.return_value.__enter__.return_value = cursor
    install_trigram(mock.MagicMock(), editor)
    statements = [call.args[0] for call in cursor.execute.call_args_list]
    assert statements == ["SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"]
