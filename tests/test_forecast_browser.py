"""The backlog forecast in the browser: an area that cannot be forecast, setting its default,
and the chart with its table, checked by axe at desktop width and on a phone."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from organisation.models import AreaTeam
from reviews.recompute import recompute_reviews
from tests.factories import CaseOfficerFactory, PlanFactory, ReviewFactory
from tests.test_browser import axe_violations, browser, page, screenshot, sign_in

__all__ = ["browser", "page"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_sets_the_default_an_area_needs_and_reads_the_forecast_chart(
    page: Page, manager: User, north: AreaTeam, west: AreaTeam
):
    today = date.today()
    for area in (north, west):
        CaseOfficerFactory.create(areas=[area])
        for _ in range(12):
            ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=today - timedelta(40))
    recompute_reviews()

    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    page.goto("/manager/forecast/")
    expect(page.locator("#forecast-cannot")).to_contain_text(
        "cannot be forecast until a manager sets a default capacity for North and West"
    )
    assert axe_violations(page) == []
    screenshot(page, "forecast-cannot")

    page.get_by_label("North").fill("0")
    page.get_by_label("West").fill("3")
    page.get_by_role("button", name="Save default capacity").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The reviews per officer per week for North must be more than 0"
    )
    assert axe_violations(page) == []
    screenshot(page, "forecast-capacity-error")

    page.get_by_label("North").fill("4")
    page.get_by_role("button", name="Save default capacity").click()
    expect(page.get_by_text("Default capacity saved for North and West.")).to_be_visible()
    # 24 overdue; 1 officer at 4 and 1 at 3 give 7 a week: 17, 10, 3, then 0 in week 4.
    expect(
        page.get_by_role("img", name="Backlog forecast at the end of each week, all area teams")
    ).to_be_visible()
    first_week = page.get_by_role("table", name="Week by week").get_by_role("row").nth(1)
    expect(first_week).to_contain_text("17")
    capacity = page.get_by_role("table", name="Case officers' capacity")
    expect(capacity.get_by_role("row", name="North")).to_contain_text(
        "Default set by a manager: 4 reviews per officer per week for 1 case officer, so 4 a week."
    )
    assert axe_violations(page) == []
    screenshot(page, "forecast")
    page.set_viewport_size({"width": 390, "height": 900})
    assert axe_violations(page) == []
    screenshot(page, "forecast-phone")
