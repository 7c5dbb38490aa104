"""A manager loads the schools register in the browser: the upload form, its errors, the
check with rows in error, and the check of a clean file that they save. Each page passes axe
at 1280 px and on a 390 px phone, and is saved as a screenshot."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from accounts.models import User
from organisation.models import AreaTeam, Setting
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).parent / "data"


def test_a_manager_checks_and_saves_the_schools_register(
    page: Page, width: str, manager: User, north: AreaTeam
) -> None:
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    page.goto("/manager/settings/")
    page.get_by_role("link", name="Load the schools register").click()
    page.get_by_role("button", name="Upload and check").click()
    assert page.locator(".govuk-error-summary").is_visible()
    looked_at(page, "schools-register-errors", width)

    page.get_by_label("Upload a Get Information about Schools extract").set_input_files(
        str(DATA / "gias_bad.csv")
    )
    page.get_by_label("Local authority code").fill("886")
    page.get_by_role("button", name="Upload and check").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The file has rows in error"
    looked_at(page, "schools-register-rows-in-error", width)

    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("Upload a Get Information about Schools extract").set_input_files(
        str(DATA / "gias_sample.csv")
    )
    page.get_by_label("Local authority code").fill("886")
    page.get_by_label("Area team for new schools (optional)").select_option(label="North")
    looked_at(page, "schools-register", width)
    page.get_by_role("button", name="Upload and check").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check the schools register"
    looked_at(page, "schools-register-check", width)
    page.get_by_role("button", name="Save the schools register").click()
    page.wait_for_url("**/manager/settings/")
    assert "13 new schools" in page.locator(".govuk-notification-banner").inner_text()
    assert Setting.objects.count() == 13
