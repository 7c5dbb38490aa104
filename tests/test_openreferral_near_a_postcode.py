"""The Open Referral UK feed's services at locations near a postcode: ordered by distance, kept
within the proximity asked for, located from the postcode's district, and refused when the
postcode cannot be located.
"""

import pytest

from localoffer.openreferral.geo import Point, postcode_centre, postcode_compact
from tests import factories
from tests import openreferral_schemas as schemas
from tests.openreferral_cases import (
    CANTERBURY,
    MAIDSTONE,
    TUNBRIDGE_WELLS,
    get,
    place_names,
    service_at,
    url,
)

pytestmark = pytest.mark.django_db

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
