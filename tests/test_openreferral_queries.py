"""The Open Referral UK feed's database queries: as many for a long page as for a short one, and
a few for a fully nested service however rich.
"""

from datetime import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from localoffer import taxonomy as vocabularies
from localoffer.models import Schedule
from tests import factories
from tests.factories import taxonomy_term
from tests.openreferral_cases import get, service_at, speech_therapy, url

# a fixture from tests/openreferral_cases.py, found by pytest among this module's names
__all__ = ["speech_therapy"]

pytestmark = pytest.mark.django_db

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
        ("services", {"day": "MO", "start_time": "09:00", "end_time": "17:00"}),
        ("service-at-locations", {"day": "Monday", "start_time": "09:00"}),
        ("taxonomies", {}),
        ("taxonomy-terms", {}),
    ],
)
def test_its_lists_take_as_many_queries_for_a_long_page_as_for_a_short_one(name, params):
    terms = [taxonomy_term(vocabularies.NEEDS, "ASD"), taxonomy_term(vocabularies.NEEDS, "HI")]
    for n in range(4):
        place = service_at(f"Support {n}", terms=terms)
        factories.ServiceAtLocationFactory.create(service=place.service)
        for opens in (time(9), time(10)):
            Schedule.objects.create(
                service=place.service,
                freq="WEEKLY",
                byday="MO,TU",
                opens_at=opens,
                closes_at=time(16),
            )
    one = _queries(url(name), per_page=1, **params)
    assert _queries(url(name), per_page=4, **params) == one
    long_page = Client().get(url(name), {"per_page": 4, **params}).json()
    assert long_page["size"] == min(4, long_page["total_items"]) > 1


def test_a_fully_nested_service_or_service_at_a_location_takes_a_few_queries_however_rich(
    speech_therapy, django_assert_max_num_queries
):
    place = speech_therapy.at_locations.first()
    with django_assert_max_num_queries(6):
        get(url("service", speech_therapy.id))
    with django_assert_max_num_queries(5):
        get(url("service-at-location", place.id))
