"""The accessibility statement, privacy notice and cookies page pass axe at desktop width and
on a 390 px phone, and are reached from the public footer."""

import pytest
from playwright.sync_api import Page

from tests.test_browser import browser, looked_at, page, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("link", "heading", "name"),
    [
        ("Accessibility statement", "Accessibility statement", "accessibility"),
        ("Privacy notice", "Privacy notice", "privacy"),
        ("Cookies", "Cookies", "cookies"),
    ],
)
def test_an_information_page_opens_from_the_public_footer_and_passes_axe(
    page: Page, width: str, link: str, heading: str, name: str
):
    page.goto("/local-offer/")
    page.locator("footer").get_by_role("link", name=link).click()

    assert page.get_by_role("heading", level=1).inner_text() == heading
    looked_at(page, f"information-{name}", width)
