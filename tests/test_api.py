import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from audit.models import Event
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_person_exchanges_email_and_password_for_a_token(officer_north):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": "Officer.North@example.org", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert AuthToken.objects.get(user=officer_north).token_key == response.json()["token"][:15]
    assert Event.objects.filter(actor=officer_north, action="api.token_issued").exists()


def test_asking_twice_issues_two_different_tokens(officer_north):
    client = APIClient()
    first = client.post("/api/v1/auth/token/", {"email": officer_north.email, "password": PASSWORD})
    second = client.post(
        "/api/v1/auth/token/", {"email": officer_north.email, "password": PASSWORD}
    )
    assert first.json() != second.json()


def test_a_wrong_password_gets_no_token_and_a_clear_message(officer_north):
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": officer_north.email, "password": "nope"}
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Enter a correct email address and password."]}
    assert not AuthToken.objects.exists()


def test_missing_fields_are_named():
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_repeated_wrong_passwords_lock_the_token_endpoint_too(officer_north):
    client = APIClient()
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"email": officer_north.email, "password": "guess"})
    response = client.post(
        "/api/v1/auth/token/", {"email": officer_north.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many failed sign-in attempts. Try again in 15 minutes."
    }
    assert not AuthToken.objects.exists()


def test_a_token_authenticates_api_requests(officer_north):
    _, key = AuthToken.objects.create(user=officer_north)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json() == {
        "email": "officer.north@example.org",
        "full_name": officer_north.full_name,
        "role": "case_officer",
        "areas": ["North"],
        "setting_urn": None,
    }


def test_a_signed_in_browser_session_authenticates_api_requests(volunteer):
    client = APIClient()
    client.force_login(volunteer)
    assert client.get("/api/v1/me/").json()["setting_urn"] == volunteer.setting.urn


def test_an_unknown_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get("/api/v1/me/").status_code == 401


def test_the_schema_and_docs_are_published_to_signed_in_people(officer_north):
    client = APIClient()
    client.force_authenticate(officer_north)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert "/api/v1/auth/token/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200
