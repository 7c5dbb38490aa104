"""What the Open Referral UK feed lists and who may read it: active and temporarily closed
services, a JSON 404 for an unknown id, anyone may read and nobody may change, it stays out of
the project's own API schema, and any origin may read it (CORS) while the REST API stays closed.
"""

import uuid

import pytest
from django.test import Client

from localoffer.models import Service, ServiceStatus
from tests import openreferral_schemas as schemas
from tests.conftest import client_for
from tests.openreferral_cases import get, names, place_names, service_at, speech_therapy, url

# a fixture from tests/openreferral_cases.py, found by pytest among this module's names
__all__ = ["speech_therapy"]

pytestmark = pytest.mark.django_db

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
