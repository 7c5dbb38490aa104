"""Errors answer with GOV.UK pages in the service's own words: a heading, a title, and a way on.

Browser checks of the same pages (axe, desktop and phone) are in tests/test_error_pages_browser.py.
"""

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_an_address_that_does_not_exist_answers_page_not_found_with_a_way_back():
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>Page not found \N{EN DASH} " in page
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert '<a class="govuk-link" href="/">Go to the start page</a>' in page


def test_a_page_for_another_role_answers_permission_denied_without_the_reason(volunteer):
    response = client_for(volunteer).get("/casework/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "<title>You do not have permission to do this \N{EN DASH} " in page
    assert '<h1 class="govuk-heading-l">You do not have permission to do this</h1>' in page
    assert "ask your service manager to check your role and area teams" in page
    assert "Sign out" in page  # the staff header, for someone signed in


def test_a_request_the_service_cannot_read_answers_bad_request_and_says_nothing_was_saved():
    # Refused before any middleware signs anyone in: the page must not need a user.
    response = Client(raise_request_exception=False).get(
        "/sign-in/", HTTP_HOST="not-this-service.example"
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with this request</h1>' in page
    assert "Nothing was saved." in page


@pytest.mark.urls("tests.urls_with_a_fault")
def test_a_fault_in_the_service_answers_the_problem_page_without_the_traceback():
    client = Client(raise_request_exception=False)

    response = client.get("/fault/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "<title>Sorry, there is a problem with the service \N{EN DASH} " in page
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in page
    assert "Your council" in page  # the council's name in the header, with no request context
    assert "a fault in the service" not in page
    assert "RuntimeError" not in page


def test_an_unknown_api_address_still_answers_json_not_a_page():
    response = Client().get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
