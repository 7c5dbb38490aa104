"""The Open Referral UK feed's filters: a word in any of its forms with the best matches first,
taxonomy terms, ages, filters combined, a 400 naming a filter it cannot read, and an empty one.
"""

import pytest

from localoffer import taxonomy as vocabularies
from tests import factories
from tests.factories import taxonomy_term
from tests.openreferral_cases import get, names, place_names, service_at, url

pytestmark = pytest.mark.django_db

# --- Filters ------------------------------------------------------------------------------


def test_it_finds_services_by_a_word_in_any_of_its_forms():
    factories.ServiceFactory.create(name="Speech therapy", description="Help with talking.")
    factories.ServiceFactory.create(name="Holiday club", description="Play and sport.")
    assert names(get(url("services"), search="therapies").json()) == ["Speech therapy"]
    places = get(url("service-at-locations"), search="therapies").json()
    assert places["total_items"] == 0
    service_at("Speech groups", description="Group therapy for talking.")
    places = get(url("service-at-locations"), search="therapies").json()
    assert place_names(places) == ["Speech groups centre"]


def test_it_puts_the_best_matches_of_a_search_first():
    service_at("Autism outreach", description="Advice on speech and play at home.")
    service_at("Zebra speech group", description="A group for young children.")
    assert names(get(url("services"), search="speech").json()) == [
        "Zebra speech group",
        "Autism outreach",
    ]
    assert place_names(get(url("service-at-locations"), search="speech").json()) == [
        "Zebra speech group centre",
        "Autism outreach centre",
    ]


def test_it_filters_by_taxonomy_term():
    slcn = taxonomy_term(vocabularies.NEEDS, "SLCN")
    service_at("Talking together", terms=[slcn])
    service_at("Sensory room", terms=[taxonomy_term(vocabularies.NEEDS, "MSI")])
    assert names(get(url("services"), taxonomy_term_id=str(slcn.id)).json()) == ["Talking together"]
    places = get(url("service-at-locations"), taxonomy_term_id=str(slcn.id)).json()
    assert place_names(places) == ["Talking together centre"]


def test_it_filters_by_taxonomy_listing_each_service_once():
    needs = vocabularies.taxonomy_id(vocabularies.NEEDS)
    both_needs = [
        taxonomy_term(vocabularies.NEEDS, "ASD"),
        taxonomy_term(vocabularies.NEEDS, "SLCN"),
    ]
    service_at("Autism and communication", terms=both_needs)
    service_at("Holiday club", terms=[taxonomy_term(vocabularies.SECTIONS, "leisure")])
    body = get(url("services"), taxonomy_id=str(needs)).json()
    assert names(body) == ["Autism and communication"]
    assert body["total_items"] == 1
    places = get(url("service-at-locations"), taxonomy_id=str(needs)).json()
    assert place_names(places) == ["Autism and communication centre"]


def test_it_filters_by_the_ages_services_are_for():
    for low, high in [(0, 5), (5, 11), (11, 19), (0, 25)]:
        service_at(f"Ages {low} to {high}", minimum_age=low, maximum_age=high)
    assert names(get(url("services"), minimum_age=5).json()) == ["Ages 11 to 19", "Ages 5 to 11"]
    assert names(get(url("services"), maximum_age="11").json()) == ["Ages 0 to 5", "Ages 5 to 11"]
    assert names(get(url("services"), minimum_age="4.5", maximum_age=11).json()) == ["Ages 5 to 11"]
    places = get(url("service-at-locations"), minimum_age=11).json()
    assert place_names(places) == ["Ages 11 to 19 centre"]


def test_it_combines_its_filters():
    slcn = taxonomy_term(vocabularies.NEEDS, "SLCN")
    service_at("Speech for teenagers", minimum_age=11, maximum_age=19, terms=[slcn])
    service_at("Speech for toddlers", minimum_age=0, maximum_age=5, terms=[slcn])
    service_at("Teen drama club", minimum_age=11, maximum_age=19)
    body = get(url("services"), search="speech", taxonomy_term_id=str(slcn.id), minimum_age=11)
    assert names(body.json()) == ["Speech for teenagers"]


@pytest.mark.parametrize("name", ["services", "service-at-locations"])
@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("taxonomy_term_id", "SLCN", "must be an identifier (a UUID)"),
        ("taxonomy_id", "needs", "must be an identifier (a UUID)"),
        ("minimum_age", "five", "must be an age in years, 0 or more"),
        ("minimum_age", "nan", "must be an age in years, 0 or more"),
        ("maximum_age", "-1", "must be an age in years, 0 or more"),
        ("search", "speech\x00", "must be words to search for"),
        ("search", "speech " * 40, "must be words to search for"),
    ],
)
def test_it_refuses_filters_it_cannot_read_with_a_400_naming_the_parameter(
    name, parameter, value, expected
):
    response = get(url(name), **{parameter: value})
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["detail"].startswith(f"{parameter} {expected}")


def test_it_ignores_a_filter_left_empty():
    service_at("Anything")
    body = get(url("services"), minimum_age="", taxonomy_id="", search="").json()
    assert names(body) == ["Anything"]
