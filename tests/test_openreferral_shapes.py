"""The shapes of the Open Referral UK 3.0 feed of the Local Offer, held to the profile's schemas
(tests/openreferral_schemas.py): services, taxonomies, taxonomy terms and services at locations,
listed and fully nested, with no nulls.
"""

import pytest

from localoffer import taxonomy as vocabularies
from tests import openreferral_schemas as schemas
from tests.factories import taxonomy_term
from tests.openreferral_cases import (
    get,
    names,
    nulls_in,
    place_names,
    service_at,
    speech_therapy,
    url,
)

# a fixture from tests/openreferral_cases.py, found by pytest among this module's names
__all__ = ["speech_therapy"]

pytestmark = pytest.mark.django_db

# --- Shapes -------------------------------------------------------------------------------


def test_it_describes_itself_as_the_uk_profile_of_hsds_3():
    response = get(url("meta"))
    assert response.status_code == 200
    assert schemas.errors_in(response.json(), schemas.META) == []


def test_it_lists_services_in_the_shape_of_the_profile(speech_therapy):
    body = get(url("services")).json()
    assert schemas.errors_in(body, schemas.page_of(schemas.SERVICE_SUMMARY)) == []
    [item] = body["contents"]
    assert item["id"] == str(speech_therapy.id)
    assert item["organization"]["name"] == speech_therapy.organization.name
    assert item["assured_date"] == "2026-09-01"


def test_it_returns_a_service_fully_nested(speech_therapy):
    response = get(url("service", speech_therapy.id))
    assert response.status_code == 200
    body = response.json()
    assert schemas.errors_in(body, schemas.SERVICE) == []
    assert body["last_modified"].endswith("Z")
    assert [attribute["taxonomy_term"]["term"] for attribute in body["attributes"]] == [
        "health-wellbeing",
        "SLCN",
    ]
    assert {attribute["link_id"] for attribute in body["attributes"]} == {str(speech_therapy.id)}
    assert [option["amount"] for option in body["cost_options"]] == [0, 45.5]
    assert body["service_areas"] == body["languages"] == body["funding"] == []


def test_it_publishes_a_locations_address_and_a_contacts_phone_under_stable_ids(
    speech_therapy,
):
    body = get(url("service", speech_therapy.id)).json()
    hub, online = body["service_at_locations"]
    location = speech_therapy.at_locations.get(location__name="Maidstone family hub").location
    assert hub["location"]["addresses"] == [
        {
            "id": str(location.address_id),
            "location_id": str(location.id),
            "address_1": location.address_1,
            "city": "Maidstone",
            "state_province": "Kent",
            "postal_code": "ME14 1XQ",
            "country": "GB",
            "address_type": "physical",
            "attributes": [],
        }
    ]
    assert hub["location"]["accessibility"][0]["description"].startswith("Step-free")
    assert online["location"]["addresses"] == []
    duty = speech_therapy.contacts.get(name="Duty therapist")
    [phone] = next(c for c in body["contacts"] if c["id"] == str(duty.id))["phones"]
    assert phone == {
        "id": str(duty.phone_id),
        "contact_id": str(duty.id),
        "number": "01622 000000",
        "languages": [],
    }
    assert get(url("service", speech_therapy.id)).json() == body


def test_it_leaves_out_fields_it_has_no_value_for_rather_than_sending_null():
    place = service_at("Sparse", at=None, url="", minimum_age=None, maximum_age=None)
    service_body = get(url("service", place.service_id)).json()
    place_body = get(url("service-at-location", place.id)).json()
    for body, schema in [
        (service_body, schemas.SERVICE),
        (place_body, schemas.SERVICE_AT_LOCATION),
    ]:
        assert schemas.errors_in(body, schema) == []
        assert nulls_in(body) == []
    assert not {"url", "email", "minimum_age", "maximum_age", "alert"} & set(service_body)
    assert service_body["contacts"] == service_body["schedules"] == []


def test_it_lists_taxonomies_in_the_shape_of_the_profile():
    body = get(url("taxonomies")).json()
    assert schemas.errors_in(body, schemas.page_of(schemas.TAXONOMY_SUMMARY)) == []
    assert names(body) == ["Local Offer sections", "Special educational needs"]


def test_it_returns_a_taxonomy_with_its_terms_in_order():
    needs = vocabularies.taxonomy_id(vocabularies.NEEDS)
    body = get(url("taxonomy", needs)).json()
    assert schemas.errors_in(body, schemas.TAXONOMY) == []
    assert [term["term"] for term in body["taxonomy_terms"]] == [
        code for code, _, _ in vocabularies.NEED_TERMS
    ]


def test_it_lists_taxonomy_terms_in_the_shape_of_the_profile():
    body = get(url("taxonomy-terms"), per_page=100).json()
    assert schemas.errors_in(body, schemas.page_of(schemas.TAXONOMY_TERM)) == []
    assert body["total_items"] == len(vocabularies.SECTION_TERMS) + len(vocabularies.NEED_TERMS)


def test_it_returns_a_taxonomy_term_with_its_taxonomy():
    slcn = taxonomy_term(vocabularies.NEEDS, "SLCN")
    body = get(url("taxonomy-term", slcn.id)).json()
    assert schemas.errors_in(body, schemas.TAXONOMY_TERM) == []
    assert body == {
        "id": str(slcn.id),
        "name": "Speech, language and communication needs",
        "description": slcn.description,
        "taxonomy": "Special educational needs",
        "taxonomy_id": str(vocabularies.taxonomy_id(vocabularies.NEEDS)),
        "term": "SLCN",
    }


def test_it_lists_services_at_locations_in_the_shape_of_the_profile(speech_therapy):
    body = get(url("service-at-locations")).json()
    assert schemas.errors_in(body, schemas.page_of(schemas.SERVICE_AT_LOCATION_SUMMARY)) == []
    assert place_names(body) == ["Maidstone family hub", "Online"]
    assert {item["service"]["id"] for item in body["contents"]} == {str(speech_therapy.id)}


def test_it_returns_a_service_at_a_location_fully_nested(speech_therapy):
    place = speech_therapy.at_locations.get(location__name="Maidstone family hub")
    body = get(url("service-at-location", place.id)).json()
    assert schemas.errors_in(body, schemas.SERVICE_AT_LOCATION) == []
    assert body["location"]["id"] == str(place.location_id)
    assert body["location"]["accessibility"][0]["description"].startswith("Step-free")
    assert len(body["service"]["contacts"]) == 2
    assert "service_at_locations" not in body["service"]
