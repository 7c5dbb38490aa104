"""The Open Referral UK 3.0 feed of the Local Offer, held to the profile's schemas
(tests/openreferral_schemas.py) and to what its parameters promise."""

import uuid
from datetime import time
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from localoffer import taxonomy as vocabularies
from localoffer.models import (
    Contact,
    CostOption,
    LocationType,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from localoffer.openreferral.geo import Point, postcode_centre, postcode_compact
from tests import factories
from tests import openreferral_schemas as schemas
from tests.conftest import client_for
from tests.factories import taxonomy_term

pytestmark = pytest.mark.django_db

MAIDSTONE = (51.2762, 0.5219)
TUNBRIDGE_WELLS = (51.1324, 0.2637)
CANTERBURY = (51.2802, 1.0789)


def get(path: str, **params):
    return Client().get(path, params)


def url(name: str, *args: object) -> str:
    return reverse(f"openreferral:{name}", args=args)


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["contents"]]


def place_names(body: dict[str, Any]) -> list[str]:
    return [item["location"]["name"] for item in body["contents"]]


def service_at(
    name: str, *, postcode: str = "ME14 1XQ", at: tuple[float, float] | None = MAIDSTONE, **fields
) -> ServiceAtLocation:
    latitude, longitude = at if at else (None, None)
    location = factories.LocationFactory.create(
        name=f"{name} centre", postal_code=postcode, latitude=latitude, longitude=longitude
    )
    service = factories.ServiceFactory.create(name=name, **fields)
    return factories.ServiceAtLocationFactory.create(service=service, location=location)


def nulls_in(body: object, path: str = "") -> list[str]:
    if body is None:
        return [path or "(top)"]
    if isinstance(body, dict):
        return [found for key, value in body.items() for found in nulls_in(value, f"{path}/{key}")]
    if isinstance(body, list):
        return [found for i, value in enumerate(body) for found in nulls_in(value, f"{path}/{i}")]
    return []


@pytest.fixture
def speech_therapy() -> Service:
    """A service with something in every part the Local Offer holds."""
    service = factories.ServiceFactory.create(
        name="Speech and language therapy",
        description="Therapists help children who find it hard to talk or to understand.",
        email="slt@example.org",
        fees_description="Free on the NHS.",
        accreditations="HCPC registered therapists.",
        minimum_age=2,
        maximum_age=19,
        alert="Waiting times are about 12 weeks.",
        terms=[
            taxonomy_term(vocabularies.NEEDS, "SLCN"),
            taxonomy_term(vocabularies.SECTIONS, "health-wellbeing"),
        ],
    )
    hub = factories.LocationFactory.create(
        name="Maidstone family hub", accessibility="Step-free access and a hearing loop."
    )
    online = factories.LocationFactory.create(
        name="Online",
        location_type=LocationType.VIRTUAL,
        address_1="",
        postal_code="",
        latitude=None,
        longitude=None,
    )
    factories.ServiceAtLocationFactory.create(service=service, location=hub)
    factories.ServiceAtLocationFactory.create(service=service, location=online)
    Contact.objects.create(
        service=service, name="Duty therapist", title="Therapist", phone="01622 000000"
    )
    Contact.objects.create(service=service, email="referrals@example.org")
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="MO,WE",
        opens_at=time(9),
        closes_at=time(16, 30),
        description="Mondays and Wednesdays, 9am to 4:30pm.",
    )
    CostOption.objects.create(
        service=service,
        option="Private assessment",
        amount=Decimal("45.50"),
        amount_description="per session",
    )
    CostOption.objects.create(service=service, option="NHS referral", amount=Decimal("0.00"))
    return service


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
    assert len(body["service"]["contacts"]) == 2
    assert "service_at_locations" not in body["service"]


# --- The paging envelope ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "size", "first_page", "last_page"),
    [(1, 3, True, False), (2, 3, False, False), (3, 1, False, True)],
)
def test_it_pages_seven_services_three_at_a_time(page, size, first_page, last_page):
    for n in range(7):
        factories.ServiceFactory.create(name=f"Service {n}")
    body = get(url("services"), page=page, per_page=3).json()
    assert {key: value for key, value in body.items() if key != "contents"} == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": page,
        "size": size,
        "first_page": first_page,
        "last_page": last_page,
        "empty": False,
    }
    assert names(body) == [f"Service {n}" for n in range(7)][(page - 1) * 3 : page * 3]


def test_it_answers_a_page_past_the_end_with_an_empty_page_that_still_gives_the_totals():
    factories.ServiceFactory.create_batch(2)
    body = get(url("services"), page=4, per_page=2).json()
    assert body == {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 4,
        "size": 0,
        "first_page": False,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_it_answers_a_page_far_past_the_end_without_failing():
    factories.ServiceFactory.create()
    body = get(url("services"), page=10**30, per_page=500).json()
    assert body["contents"] == []
    assert body["total_items"] == 1


def test_it_answers_with_an_empty_first_page_when_nothing_matches():
    body = get(url("services")).json()
    assert schemas.errors_in(body, schemas.page_of(schemas.SERVICE_SUMMARY)) == []
    assert (body["total_items"], body["total_pages"], body["size"]) == (0, 0, 0)
    assert body["first_page"]
    assert body["last_page"]
    assert body["empty"]


def test_it_gives_fifty_to_a_page_unless_asked_for_another_number():
    factories.ServiceFactory.create_batch(51)
    assert get(url("services")).json()["size"] == 50
    assert get(url("services"), per_page=51).json()["size"] == 51


@pytest.mark.parametrize(
    "name", ["services", "taxonomies", "taxonomy-terms", "service-at-locations"]
)
@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("page", "0"),
        ("page", "-1"),
        ("page", "two"),
        ("page", "1.5"),
        ("per_page", "0"),
        ("per_page", "501"),
        ("per_page", "ten"),
    ],
)
def test_it_refuses_pages_it_cannot_read_with_a_400_naming_the_parameter(name, parameter, value):
    response = get(url(name), **{parameter: value})
    assert response.status_code == 400
    body = response.json()
    assert schemas.errors_in(body, schemas.BAD_PARAMETER) == []
    assert body["parameter"] == parameter
    assert body["detail"].startswith(f"{parameter} must be a whole number, 1 or more")


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


# --- Near a postcode ----------------------------------------------------------------------


@pytest.fixture
def kent_towns() -> None:
    service_at("Canterbury", postcode="CT1 2HX", at=CANTERBURY)
    service_at("Tunbridge Wells", postcode="TN1 1RS", at=TUNBRIDGE_WELLS)
    service_at("Maidstone", postcode="ME14 1XQ", at=MAIDSTONE)
    service_at("Nowhere in particular", postcode="ME14 1XQ", at=None)


def test_it_orders_services_at_locations_by_distance_from_a_postcode(kent_towns):
    body = get(url("service-at-locations"), postcode="me14 1xq").json()
    assert schemas.errors_in(body, schemas.page_of(schemas.SERVICE_AT_LOCATION_SUMMARY)) == []
    assert place_names(body) == ["Maidstone centre", "Tunbridge Wells centre", "Canterbury centre"]


def test_it_keeps_only_locations_within_the_proximity_asked_for(kent_towns):
    # Tunbridge Wells is about 24 km from Maidstone, Canterbury about 39 km.
    near = get(url("service-at-locations"), postcode="ME141XQ", proximity="30000").json()
    assert place_names(near) == ["Maidstone centre", "Tunbridge Wells centre"]
    assert near["total_items"] == 2
    nearer = get(url("service-at-locations"), postcode="ME14 1XQ", proximity=1000).json()
    assert place_names(nearer) == ["Maidstone centre"]


def test_it_leaves_out_locations_without_coordinates_near_a_postcode(kent_towns):
    anywhere = place_names(get(url("service-at-locations"), per_page=10).json())
    near = place_names(get(url("service-at-locations"), postcode="ME14 1XQ").json())
    assert "Nowhere in particular centre" in anywhere
    assert "Nowhere in particular centre" not in near


def test_it_locates_a_postcode_from_the_locations_in_its_district_when_it_has_none_in_it():
    service_at("North Maidstone", postcode="ME14 2AA", at=(51.28, 0.52))
    service_at("East Maidstone", postcode="ME14 5BB", at=(51.30, 0.56))
    service_at("Rochester", postcode="ME1 1AA", at=(51.39, 0.50))
    centre = postcode_centre("ME149ZZ")
    assert centre is not None
    assert (centre.latitude, centre.longitude) == pytest.approx((51.29, 0.54))
    assert postcode_centre("ME14") == centre
    assert postcode_centre("ME19ZZ") == Point(51.39, 0.50)
    assert postcode_centre("CT12HX") is None
    body = get(url("service-at-locations"), postcode="ME14 9ZZ").json()
    assert place_names(body)[-1] == "Rochester centre"


def test_it_prefers_the_postcodes_own_locations_to_its_district():
    service_at("In the postcode", postcode="ME14 1XQ", at=(51.2762, 0.5219))
    service_at("Elsewhere in the district", postcode="ME14 5BB", at=(51.30, 0.56))
    assert postcode_centre("ME141XQ") == Point(51.2762, 0.5219)


@pytest.mark.parametrize(
    ("value", "compact"),
    [
        ("me14 1xq", "ME141XQ"),
        (" ME14  1XQ ", "ME141XQ"),
        ("me14", "ME14"),
        ("SW1A 1AA", "SW1A1AA"),
    ],
)
def test_it_reads_postcodes_written_in_any_case_and_spacing(value, compact):
    assert postcode_compact(value) == compact


@pytest.mark.parametrize(
    ("params", "parameter", "expected"),
    [
        ({"postcode": "DA1 1AA"}, "postcode", "postcode could not be located"),
        ({"postcode": "not a postcode"}, "postcode", "postcode must be a UK postcode"),
        ({"proximity": "1000"}, "proximity", "proximity needs a postcode"),
        ({"postcode": "ME14 1XQ", "proximity": "far"}, "proximity", "proximity must be"),
    ],
)
def test_it_refuses_a_postcode_it_cannot_locate_or_a_proximity_without_one(
    kent_towns, params, parameter, expected
):
    factories.LocationFactory.create(postal_code="DA1 1AA", latitude=None, longitude=None)
    response = get(url("service-at-locations"), **params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["detail"].startswith(expected)


# --- What is listed -----------------------------------------------------------------------


def test_it_lists_active_and_temporarily_closed_services_only():
    for status in ServiceStatus:
        service_at(status.label, status=status)
    listed = ["Active", "Temporarily closed"]
    assert names(get(url("services")).json()) == listed
    assert place_names(get(url("service-at-locations")).json()) == [f"{n} centre" for n in listed]


@pytest.mark.parametrize("status", list(ServiceStatus))
def test_it_returns_any_service_by_its_id_with_its_status(status):
    place = service_at("Old service", status=status)
    assert get(url("service", place.service_id)).json()["status"] == status.value
    assert get(url("service-at-location", place.id)).json()["service"]["status"] == status.value


@pytest.mark.parametrize("name", ["service", "taxonomy", "taxonomy-term", "service-at-location"])
@pytest.mark.parametrize("id", [str(uuid.uuid4()), "not-an-id", "12345"])
def test_it_answers_an_unknown_or_malformed_id_with_a_json_404(name, id):
    response = Client().get(url(name, id), HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert schemas.errors_in(response.json(), schemas.NOT_FOUND) == []


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["meta", "services", "taxonomies", "service-at-locations"])
def test_it_serves_anyone_even_with_a_bogus_token(name):
    response = Client().get(url(name), HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 200


def test_it_answers_a_head_request_as_it_answers_a_get():
    response = Client().head(url("services"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content == b""


def test_it_serves_someone_signed_in_as_it_serves_anyone(officer_north, speech_therapy):
    client = client_for(officer_north)
    assert client.get(url("service", speech_therapy.id)).json() == (
        get(url("service", speech_therapy.id)).json()
    )


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_changes_nothing(method, speech_therapy):
    response = getattr(Client(enforce_csrf_checks=True), method)(url("service", speech_therapy.id))
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert Service.objects.filter(pk=speech_therapy.pk).exists()


def test_it_stays_out_of_the_projects_own_api_schema(editor):
    response = client_for(editor).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    assert not [path for path in response.json()["paths"] if "openreferral" in path]


# --- CORS ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["meta", "services", "taxonomy-terms"])
def test_it_lets_a_page_from_any_origin_read_it(name):
    response = Client().get(url(name), HTTP_ORIGIN="https://finder.example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_it_sends_the_cors_header_to_callers_that_name_no_origin_and_with_errors():
    assert get(url("services"))["Access-Control-Allow-Origin"] == "*"
    assert get(url("service", "missing"))["Access-Control-Allow-Origin"] == "*"


def test_it_answers_a_cors_preflight():
    response = Client().options(
        url("services"),
        HTTP_ORIGIN="https://finder.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_it_leaves_the_rest_api_closed_to_other_origins(officer_north):
    response = client_for(officer_north).get(
        "/api/v1/me/", HTTP_ORIGIN="https://finder.example.net"
    )
    assert "Access-Control-Allow-Origin" not in response


# --- Queries ------------------------------------------------------------------------------


def _queries(path: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("services", {}),
        ("services", {"search": "support", "taxonomy_id": vocabularies.taxonomy_id("send-needs")}),
        ("service-at-locations", {}),
        ("service-at-locations", {"search": "support", "postcode": "ME14 1XQ"}),
        ("taxonomies", {}),
        ("taxonomy-terms", {}),
    ],
)
def test_its_lists_take_as_many_queries_for_a_long_page_as_for_a_short_one(name, params):
    terms = [taxonomy_term(vocabularies.NEEDS, "ASD"), taxonomy_term(vocabularies.NEEDS, "HI")]
    for n in range(4):
        place = service_at(f"Support {n}", terms=terms)
        factories.ServiceAtLocationFactory.create(service=place.service)
    one = _queries(url(name), per_page=1, **params)
    assert _queries(url(name), per_page=4, **params) == one


def test_a_fully_nested_service_or_service_at_a_location_takes_a_few_queries_however_rich(
    speech_therapy, django_assert_max_num_queries
):
    place = speech_therapy.at_locations.first()
    with django_assert_max_num_queries(6):
        get(url("service", speech_therapy.id))
    with django_assert_max_num_queries(5):
        get(url("service-at-location", place.id))
