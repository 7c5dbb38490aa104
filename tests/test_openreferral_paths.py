"""The Open Referral UK feed's paths: every endpoint with and without a trailing slash (the
previous validator, and clients written against it, add one), a JSON 404 with the CORS header
for any other path under /openreferral/, and /openreferral itself sent on to /openreferral/.
"""

import pytest
from django.test import Client

from tests import openreferral_schemas as schemas
from tests.openreferral_cases import get, service_at, speech_therapy, url

# a fixture from tests/openreferral_cases.py, found by pytest among this module's names
__all__ = ["speech_therapy"]

pytestmark = pytest.mark.django_db

LISTS = ["services", "taxonomies", "taxonomy-terms", "service-at-locations"]


@pytest.mark.parametrize("name", LISTS)
def test_a_list_answers_the_same_with_a_trailing_slash(name, speech_therapy):
    without = get(url(name), page=1)
    with_slash = get(url(name) + "/", page=1)
    assert with_slash.status_code == without.status_code == 200
    assert with_slash["Access-Control-Allow-Origin"] == "*"
    assert with_slash.json() == without.json()
    assert with_slash.json()["total_items"] > 0


def test_each_record_answers_the_same_with_a_trailing_slash(speech_therapy):
    place = speech_therapy.at_locations.first()
    term = speech_therapy.terms.first()
    for name, id in [
        ("service", speech_therapy.id),
        ("service-at-location", place.id),
        ("taxonomy-term", term.id),
        ("taxonomy", term.taxonomy_id),
    ]:
        without = get(url(name, id))
        with_slash = get(url(name, id) + "/")
        assert with_slash.status_code == without.status_code == 200, name
        assert with_slash.json() == without.json()


def test_its_paths_are_written_without_a_trailing_slash_as_the_specification_writes_them():
    place = service_at("Any")
    assert url("services") == "/openreferral/services"
    assert url("service-at-location", place.id) == f"/openreferral/service_at_locations/{place.id}"


def test_its_root_answers_at_openreferral_slash_and_sends_openreferral_there():
    assert get("/openreferral/").status_code == 200
    response = get("/openreferral")
    assert response.status_code == 301
    assert response["Location"] == "/openreferral/"


@pytest.mark.parametrize(
    "path",
    [
        "/openreferral/organizations",
        "/openreferral/services/extra/parts",
        "/openreferral/service_at_locations//",
        "/openreferral/Services",
        "/openreferral/<script>alert(1)</script>",
    ],
)
def test_any_other_path_under_the_feed_is_a_json_404_with_the_cors_header(path):
    response = Client().get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert schemas.errors_in(response.json(), schemas.NOT_FOUND) == []
    assert "<script>" not in response.content.decode()


def test_an_unknown_record_with_a_trailing_slash_is_a_json_404_too():
    response = get(url("service", "missing") + "/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_any_other_path_refuses_changes_with_a_json_405():
    response = Client(enforce_csrf_checks=True).post("/openreferral/organizations")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
