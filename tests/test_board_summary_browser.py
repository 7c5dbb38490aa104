"""The dashboard's issue 17 parts and the board summary in the browser: how old the figures
are, refreshing them, the area teams, the charts, and the summary page, with axe and
screenshots at 1280 px and 390 px."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory
from tests.test_browser import axe_violations, browser, page, screenshot, sign_in

__all__ = ["browser", "page"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Page, name: str) -> None:
    for width, suffix in ((1280, ""), (390, "-phone")):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == []
        screenshot(page, f"{name}{suffix}")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_refreshes_the_figures_and_prints_the_board_summary(
    page: Page, manager, north, west
):
    today = date.today()
    for area, overdue in ((north, 2), (west, 1)):
        for _ in range(overdue):
            ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=today - timedelta(40))
        ReviewFactory.create(plan=PlanFactory.create(area=area), due_on=today + timedelta(20))
    recompute_reviews()

    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    expect(page.locator("#figures-age")).to_contain_text("Worked out less than a minute ago")
    for chart in (
        "Phase transfers",
        "Release days approved and used",
        "Checklists submitted each week",
        "Schools' SEN information reports",
    ):
        expect(page.get_by_role("img", name=chart)).to_be_visible()
    _check(page, "dashboard-issue-17")

    ReviewFactory.create(plan=PlanFactory.create(area=north), due_on=today - timedelta(40))
    recompute_reviews()
    page.get_by_role("button", name="Refresh the figures now").click()
    expect(page.get_by_role("alert")).to_contain_text("The figures were worked out again at")
    expect(page.locator("#caseload")).to_contain_text("4")

    page.get_by_role("link", name="area teams", exact=True).click()
    teams = page.locator("#area-teams")
    expect(teams.get_by_role("row", name="North")).to_contain_text("3")
    expect(teams.get_by_role("link", name="North queue")).to_have_attribute(
        "href", "/casework/?area=North"
    )

    page.get_by_role("link", name="See the board summary by area team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board summary by area team")
    table = page.get_by_role("table", name="Each area team's figures and the total")
    expect(table.get_by_role("row", name="North")).to_contain_text("3")
    expect(table.get_by_role("row", name="All area teams")).to_contain_text("4")
    _check(page, "board-summary")
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(table).to_be_visible()
    screenshot(page, "board-summary-print")
