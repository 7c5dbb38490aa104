"""The error pages read as GOV.UK pages and pass axe, at desktop width and on a 390 px phone:
page not found, permission denied (signed in, with the staff header) and a fault in the service."""

import pytest
from playwright.sync_api import Page

from accounts.models import User
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_page_not_found_passes_axe(page: Page, width: str):
    response = page.goto("/no-such-page/")

    assert response is not None
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    looked_at(page, "error-404", width)


def test_permission_denied_passes_axe_with_the_staff_header(
    page: Page, width: str, volunteer: User
):
    sign_in(page, volunteer.email)
    page.wait_for_url("**/volunteer/")

    response = page.goto("/casework/")

    assert response is not None
    assert response.status == 403
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "You do not have permission to do this"
    assert page.locator("form[action='/sign-out/']").count() == 1  # the staff header
    looked_at(page, "error-403", width)


@pytest.mark.urls("tests.urls_with_a_fault")
def test_a_fault_in_the_service_passes_axe(page: Page, width: str):
    response = page.goto("/fault/")

    assert response is not None
    assert response.status == 500
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Sorry, there is a problem with the service"
    looked_at(page, "error-500", width)
