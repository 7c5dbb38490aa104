import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from tests.conftest import client_for
from tests.factories import PASSWORD

HOMES = {
    "officer_north": ("/casework/", "Your caseload"),
    "officer_west": ("/casework/", "Your caseload"),
    "volunteer": ("/volunteer/", "Your volunteer reviews"),
    "headteacher": ("/headteacher/", "Releasing your SENCO"),
    "manager": ("/manager/", "Service overview"),
    "editor": ("/local-offer/manage/", "Your Local Offer services"),
}


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/sign-in/", {"username": email, "password": password})


@pytest.mark.django_db
def test_the_front_door_sends_visitors_to_sign_in():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"


@pytest.mark.django_db
def test_the_sign_in_page_is_a_gov_uk_form():
    page = Client().get("/sign-in/").content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
    assert 'class="govuk-skip-link"' in page
    assert "Manage EHCP annual reviews" in page
    assert 'autocomplete="email"' in page


@pytest.mark.parametrize("persona", sorted(HOMES))
def test_each_role_lands_on_its_own_home_page(persona, personas):
    user = personas[persona]
    client = Client()
    response = sign_in(client, user.email)
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    url, heading = HOMES[persona]
    assert home.redirect_chain[-1][0] == url
    page = home.content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert f"<title>{heading} \N{EN DASH}" in page
    assert escape(user.full_name) in page
    assert "What you can do" in page


def test_email_addresses_are_not_case_sensitive(officer_north: User):
    assert sign_in(Client(), "Officer.North@Example.org").status_code == 302


def test_a_wrong_password_gets_a_clear_message(officer_north: User):
    response = sign_in(Client(), officer_north.email, "not-the-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a correct email address and password." in page
    assert "<title>Error: Sign in" in page


@pytest.mark.django_db
def test_empty_fields_are_named_in_the_error_summary():
    page = Client().post("/sign-in/", {"username": "", "password": ""}).content.decode()
    assert "Enter your email address" in page
    assert "Enter your password" in page


def test_a_switched_off_account_cannot_sign_in(officer_north: User):
    officer_north.is_active = False
    officer_north.save()
    response = sign_in(Client(), officer_north.email)
    assert response.status_code == 200
    assert "Enter a correct email address and password." in response.content.decode()


def test_signing_in_is_recorded_in_the_event_log(officer_north: User):
    sign_in(Client(), officer_north.email)
    assert Event.objects.filter(actor=officer_north, action="user.signed_in").count() == 1


def test_sign_in_locks_after_five_failures_with_a_clear_message(officer_north: User):
    client = Client()
    for _ in range(5):
        sign_in(client, officer_north.email, "guess")
    response = sign_in(client, officer_north.email)  # even the right password is refused now
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in is locked for now" in page
    assert "5 times" in page
    assert "15 minutes" in page
    assert not client.get("/casework/").wsgi_request.user.is_authenticated


def test_four_failures_do_not_lock_the_account(officer_north: User):
    client = Client()
    for _ in range(4):
        sign_in(client, officer_north.email, "guess")
    assert sign_in(client, officer_north.email).status_code == 302


def test_signing_out_ends_the_session(officer_north: User):
    client = client_for(officer_north)
    response = client.post("/sign-out/")
    assert response.status_code == 200
    assert "You have signed out" in response.content.decode()
    assert client.get("/casework/")["Location"].startswith("/sign-in/")
    assert Event.objects.filter(actor=officer_north, action="user.signed_out").exists()


def test_a_session_ends_after_30_idle_minutes(officer_north: User):
    with time_machine.travel("2026-11-23 09:00:00+00:00", tick=False) as traveller:
        client = Client()
        sign_in(client, officer_north.email)
        traveller.shift(29 * 60)
        assert client.get("/casework/").status_code == 200  # activity renews the session
        traveller.shift(29 * 60)
        assert client.get("/casework/").status_code == 200
        traveller.shift(31 * 60)
        response = client.get("/casework/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_forgotten_password_is_reset_through_a_single_use_emailed_link(officer_north: User):
    client = Client()
    response = client.post("/password-reset/", {"email": officer_north.email})
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [officer_north.email]
    found = re.search(r"http://testserver(/password-reset/\S+/)", str(email.body))
    assert found is not None
    link = found.group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "a-brand-new-passphrase-2026"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/password-reset/done/"
    assert sign_in(Client(), officer_north.email, new).status_code == 302
    again = Client().get(link, follow=True).content.decode()
    assert "This link has expired or has already been used" in again


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing():
    response = Client().post("/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_a_person_can_change_their_password(volunteer: User):
    client = client_for(volunteer)
    new = "another-long-passphrase-2026"
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == "/account/password/changed/"
    volunteer.refresh_from_db()
    assert volunteer.check_password(new)


def test_the_account_page_shows_a_case_officers_area_teams(officer_north: User):
    page = client_for(officer_north).get("/account/").content.decode()
    assert "North" in page
    assert officer_north.email in page


def test_activity_renews_the_session_at_most_once_a_minute(officer_north: User):
    with time_machine.travel("2026-11-23 09:00:10+00:00", tick=False) as traveller:
        client = client_for(officer_north)
        client.get("/casework/")
        with CaptureQueriesContext(connection) as same_minute:
            client.get("/casework/")
        traveller.shift(60)
        with CaptureQueriesContext(connection) as next_minute:
            client.get("/casework/")

    def session_writes(queries: CaptureQueriesContext) -> int:
        return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)

    assert (session_writes(same_minute), session_writes(next_minute)) == (0, 1)
