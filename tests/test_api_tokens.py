"""API tokens: issued per request, stored only as digests, ending after idle hours or a
month, with a password change or when the account is switched off, or when their owner
revokes them from the API or from their account page."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import Event
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


def issue(user: User) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def me_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/").status_code


def test_asking_again_issues_a_new_token_and_the_first_still_works(officer_north):
    first, second = issue(officer_north), issue(officer_north)
    assert first != second
    assert (me_status(first), me_status(second)) == (200, 200)


def test_a_token_is_stored_only_as_a_digest(officer_north):
    key = issue(officer_north)
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        rows = cursor.fetchall()
    assert len(rows) == 1
    digest, prefix = rows[0]
    assert key not in digest
    assert key != prefix
    assert key.startswith(prefix)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'authtoken_token'"
        )
        assert cursor.fetchone() == (0,), "the old table of plain keys is gone"


def test_a_token_stops_working_after_8_idle_hours(officer_north):
    with time_machine.travel(START, tick=False) as traveller:
        key = issue(officer_north)
        traveller.shift(datetime.timedelta(hours=7, minutes=50))
        assert me_status(key) == 200  # use renews it
        traveller.shift(datetime.timedelta(hours=7, minutes=50))
        assert me_status(key) == 200
        traveller.shift(datetime.timedelta(hours=8, minutes=1))
        assert me_status(key) == 401


def test_a_token_in_constant_use_stops_working_30_days_after_it_was_issued(officer_north):
    with time_machine.travel(START, tick=False) as traveller:
        key = issue(officer_north)
        for _ in range(102):  # every 7 hours, never 8 idle hours, to 29 days 18 hours
            traveller.shift(datetime.timedelta(hours=7))
            assert me_status(key) == 200
        traveller.shift(datetime.timedelta(hours=6, minutes=1))
        assert me_status(key) == 401


def test_changing_the_password_revokes_every_token(volunteer):
    keys = [issue(volunteer), issue(volunteer)]
    new = "another-long-passphrase-2026"
    response = client_for(volunteer).post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert [me_status(k) for k in keys] == [401, 401]
    event = Event.objects.get(action="api.tokens_revoked")
    assert event.details == {"count": 2, "reason": "password changed"}


def test_a_password_set_anywhere_else_revokes_every_token_too(officer_north):
    key = issue(officer_north)
    officer_north.set_password("a-password-set-by-an-administrator")
    officer_north.save()
    assert me_status(key) == 401


def test_signing_in_while_the_password_is_rehashed_keeps_the_tokens(officer_north, settings):
    key = issue(officer_north)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert issue(officer_north)  # checks the password, and stores it re-hashed
    officer_north.refresh_from_db()
    assert officer_north.password.startswith("pbkdf2_sha256$")
    assert me_status(key) == 200


def test_switching_off_an_account_revokes_its_tokens(officer_north):
    key = issue(officer_north)
    officer_north.is_active = False
    officer_north.save()
    officer_north.is_active = True
    officer_north.save()
    assert me_status(key) == 401
    event = Event.objects.get(action="api.tokens_revoked")
    assert event.details == {"count": 1, "reason": "account switched off"}


def test_an_owner_lists_their_tokens_without_the_keys(officer_north, officer_west):
    key = issue(officer_north)
    issue(officer_north)
    issue(officer_west)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/v1/auth/tokens/")
    assert response.status_code == 200
    tokens = response.json()
    assert len(tokens) == 2
    assert key not in response.content.decode()
    assert sorted(t["current"] for t in tokens) == [False, True]
    assert set(tokens[0]) == {"id", "created", "expires", "current"}


def test_an_owner_revokes_a_token_through_the_api(officer_north):
    keep, drop = issue(officer_north), issue(officer_north)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {keep}")
    listed = {t["current"]: t["id"] for t in client.get("/api/v1/auth/tokens/").json()}
    response = client.delete(f"/api/v1/auth/tokens/{listed[False]}/")
    assert response.status_code == 204
    assert (me_status(keep), me_status(drop)) == (200, 401)
    event = Event.objects.get(action="api.token_revoked")
    assert event.actor == officer_north
    assert event.details == {"token": listed[False][:8], "reason": "revoked by its owner"}


def test_nobody_revokes_another_persons_token(officer_north, officer_west):
    theirs = issue(officer_west)
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {theirs}")
    token_id = other.get("/api/v1/auth/tokens/").json()[0]["id"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(officer_north)}")
    assert client.delete(f"/api/v1/auth/tokens/{token_id}/").status_code == 404
    assert me_status(theirs) == 200


def test_the_account_page_lists_tokens_and_revokes_one(officer_north):
    key = issue(officer_north)
    client = client_for(officer_north)
    page = client.get("/account/api-tokens/").content.decode()
    assert '<h1 class="govuk-heading-l">API tokens</h1>' in page
    assert key[:8] in page
    assert key not in page
    response = client.post(f"/account/api-tokens/{key[:15]}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == "/account/api-tokens/"
    assert me_status(key) == 401
    after = client.get("/account/api-tokens/").content.decode()
    assert "You have no API tokens" in after
    assert "/account/api-tokens/" in client.get("/account/").content.decode()


def test_the_account_page_does_not_revoke_another_persons_token(officer_north, officer_west):
    theirs = issue(officer_west)
    response = client_for(officer_north).post(f"/account/api-tokens/{theirs[:15]}/revoke/")
    assert response.status_code == 404
    assert me_status(theirs) == 200


def test_a_token_header_that_is_not_text_is_refused_not_a_crash():
    client = Client()
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=b"Token \xff\xfe".decode("latin-1"))
    assert response.status_code == 401
