"""The SEN2 export page as a manager meets it: Debian's Chromium driven by Playwright, checked
by axe (the fixtures are those of tests/test_browser.py)."""

from datetime import date

import pytest
from playwright.sync_api import Page

from accounts.models import User
from organisation.models import AreaTeam
from tests.factories import ChildFactory, PlanFactory
from tests.test_browser import axe_violations, browser, page, screenshot, sign_in

__all__ = ["browser", "page"]  # the fixtures, found by pytest in this module's names

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sen2_page_shows_the_census_day_and_warns_of_unidentified_children(
    page: Page, manager: User, north: AreaTeam
):
    PlanFactory.create(plan_ref="N-1", area=north, child=ChildFactory.create(upn=None))
    PlanFactory.create(plan_ref="N-2", area=north, child=ChildFactory.create(uln="1234567890"))
    PlanFactory.create(plan_ref="N-3", area=north, issued_on=date(2026, 12, 1))
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    page.get_by_role("link", name="SEN2 annual-review items").click()
    page.wait_for_url("**/manager/exports/sen2/")

    assert page.get_by_role("heading", level=1).inner_text() == "SEN2 annual-review items"
    summary = page.locator("#sen2-summary").inner_text()
    assert "Collection year" in summary
    warning = page.locator("#sen2-without-identity").inner_text()
    assert "1 child has no UPN, ULN or reason." in warning
    screenshot(page, "sen2-export")
    assert axe_violations(page) == []

    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show what the export holds").click()
    error_summary = page.locator(".govuk-error-summary")
    assert "Enter the census day as a real date, for example 15 1 2026" in (
        error_summary.inner_text()
    )
    assert page.title().startswith("Error: ")
    screenshot(page, "sen2-export-error")
    assert axe_violations(page) == []
