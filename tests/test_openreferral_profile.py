"""The whole Open Referral UK feed of a generated Local Offer, held to the profile's own
schemas (tests/data/openreferral_profile/, as the validators read them): every endpoint,
every page and every record, with no field outside the profile that the root does not explain.
"""

from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from django.test import Client

from demo.localoffer import demo_localoffer_seed
from tests import openreferral_profile as profile
from tests import openreferral_schemas as schemas
from tests.factories import LocalOfferEditorFactory
from tests.openreferral_cases import service_at, speech_therapy, url

# a fixture from tests/openreferral_cases.py, found by pytest among this module's names
__all__ = ["speech_therapy"]

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
ROOT = "/openreferral"
# Each list, the detail path of its items, and the Local Offer's strict reading of its items.
LISTS = {
    "/services": ("/services/{id}", schemas.SERVICE_SUMMARY),
    "/taxonomies": ("/taxonomies/{id}", schemas.TAXONOMY_SUMMARY),
    "/taxonomy_terms": ("/taxonomy_terms/{id}", schemas.TAXONOMY_TERM),
    "/service_at_locations": ("/service_at_locations/{id}", schemas.SERVICE_AT_LOCATION_SUMMARY),
}
DETAILS = {
    "/services/{id}": schemas.SERVICE,
    "/taxonomies/{id}": schemas.TAXONOMY,
    "/taxonomy_terms/{id}": schemas.TAXONOMY_TERM,
    "/service_at_locations/{id}": schemas.SERVICE_AT_LOCATION,
}
# What the profile defines for a service at a location; openapi.json names service.json.
SERVICE_AT_LOCATION_JSON = "compiled/service_at_location.json"


@pytest.fixture
def local_offer() -> None:
    """The demo's Local Offer, its first 40 services: every kind of record the feed sends."""
    LocalOfferEditorFactory.create()
    assert demo_localoffer_seed(today=TODAY, services=40) == 40


class Walk:
    """Every response of the feed, checked as it is read; what went wrong, by path."""

    def __init__(self) -> None:
        self.client = Client()
        self.problems: list[str] = []
        self.extras: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.responses = 0

    def read(self, path: str, template: str, **params: Any) -> Any:
        response = self.client.get(ROOT + path, params)
        self.responses += 1
        if response.status_code != 200 or response["Access-Control-Allow-Origin"] != "*":
            self.problems.append(f"{path}: {response.status_code}")
            return {}
        body = response.json()
        self.check(path, body, template, profile.response_schema(template), "openapi.json")
        return body

    def check(self, path: str, body: Any, template: str, schema: schemas.Schema, name: str):
        self.problems += [f"{path} ({name}) {error}" for error in schemas.errors_in(body, schema)]
        self.extras[(template, name)] |= profile.additional_fields(body, schema)
        self.problems += [f"{path}: null at {where}" for where in _nulls(body)]


def _nulls(body: Any, at: str = "") -> list[str]:
    if body is None:
        return [at or "(top)"]
    if isinstance(body, dict):
        return [n for key, value in body.items() for n in _nulls(value, f"{at}/{key}")]
    if isinstance(body, list):
        return [n for i, value in enumerate(body) for n in _nulls(value, f"{at}/{i}")]
    return []


def _documented(root: dict[str, Any]) -> dict[tuple[str, str], set[str]]:
    """The root's explanations of fields outside the profile, by endpoint and schema."""
    documented: dict[tuple[str, str], set[str]] = defaultdict(set)
    for extra in root["additional_fields"]:
        assert extra["explanation"]
        schema = "openapi.json" if extra["schema"] != SERVICE_AT_LOCATION_JSON else extra["schema"]
        documented[(extra["endpoint"], schema)].add(extra["field"])
    return documented


def test_every_response_of_a_generated_local_offer_is_valid_under_the_profiles_schemas(
    local_offer,
):
    walk = Walk()
    root = walk.read("/", "/")
    for list_path, (detail_path, strict) in LISTS.items():
        page, pages = 1, 1
        while page <= pages:
            body = walk.read(list_path, list_path, page=page, per_page=25)
            walk.check(list_path, body, list_path, schemas.page_of(strict), "strict")
            pages = body.get("total_pages", 0)
            page += 1
            for item in body.get("contents", []):
                path = detail_path.replace("{id}", item["id"])
                detail = walk.read(path, detail_path)
                walk.check(path, detail, detail_path, DETAILS[detail_path], "strict")
                if detail_path == "/service_at_locations/{id}":
                    schema = profile.schema_file(SERVICE_AT_LOCATION_JSON)
                    walk.check(path, detail, detail_path, schema, SERVICE_AT_LOCATION_JSON)
        assert pages > 0, f"{list_path} listed nothing"
    assert walk.problems == []
    assert walk.responses > 100
    # Only the root's own list of explanations, and what it explains, is outside the profile.
    found = {key: fields for key, fields in walk.extras.items() if fields and key[1] != "strict"}
    assert found.pop(("/", "openapi.json")) == {"additional_fields"}
    assert found == _documented(root)


def test_the_profiles_openapi_lists_the_nine_endpoints_the_walk_reads():
    assert set(profile.paths()) == {"/", *LISTS, *DETAILS}


def test_a_service_at_a_location_is_valid_under_both_its_schema_and_the_service_schema(
    speech_therapy,
):
    place = speech_therapy.at_locations.get(location__name="Maidstone family hub")
    body = Client().get(url("service-at-location", place.id)).json()
    assert profile.problems(body, "/service_at_locations/{id}") == []
    assert schemas.errors_in(body, profile.schema_file("compiled/service.json")) == []
    assert schemas.errors_in(body, profile.schema_file(SERVICE_AT_LOCATION_JSON)) == []
    assert (body["id"], body["service_id"], body["location_id"]) == (
        str(place.id),
        str(speech_therapy.id),
        str(place.location_id),
    )
    assert (body["name"], body["status"]) == (speech_therapy.name, "active")


def test_a_service_at_a_location_of_an_inactive_service_says_so_at_the_top_too():
    place = service_at("Closed group", status="defunct")
    body = Client().get(url("service-at-location", place.id)).json()
    assert body["status"] == body["service"]["status"] == "defunct"
    assert schemas.errors_in(body, profile.schema_file("compiled/service.json")) == []


def test_the_root_explains_each_field_it_sends_outside_the_profile():
    root = Client().get(url("meta")).json()
    assert profile.problems(root, "/") == []
    fields = {(extra["endpoint"], extra["field"]) for extra in root["additional_fields"]}
    assert ("/services/{id}", "contacts.phones") in fields
    assert ("/service_at_locations/{id}", "name") in fields
    for extra in root["additional_fields"]:
        assert extra["endpoint"] in profile.paths()
        assert extra["schema"] in {"compiled/service.json", SERVICE_AT_LOCATION_JSON}


def test_it_sends_no_contact_email_nor_attribute_link_entity_which_the_profile_lacks(
    speech_therapy,
):
    body = Client().get(url("service", speech_therapy.id)).json()
    assert all("email" not in contact for contact in body["contacts"])
    assert all("link_entity" not in attribute for attribute in body["attributes"])
    extras = profile.additional_fields(body, profile.response_schema("/services/{id}"))
    assert extras == {"contacts.phones"}


def test_its_list_of_services_at_locations_sends_only_the_locations_own_fields(speech_therapy):
    body = Client().get(url("service-at-locations")).json()
    schema = profile.response_schema("/service_at_locations")
    assert profile.additional_fields(body, schema) == set()
    hub = next(item for item in body["contents"] if item["location"]["name"].startswith("Maid"))
    assert set(hub["location"]) == {"id", "location_type", "name", "latitude", "longitude"}
