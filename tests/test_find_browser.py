"""Finding a case by a misspelt name from the header, and working a notification to done, as
an officer meets them at desktop width and on a 390 px phone, checked by axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from casework.search import trigrams_available
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_a_case_by_a_misspelt_name_and_opens_it(
    page: Page, width: str, officer_north: User, north
):
    from tests.factories import ChildFactory, PlanFactory, ReviewFactory, SettingFactory

    if not trigrams_available():
        pytest.skip("This PostgreSQL has no pg_trgm: spelling tolerance needs it (CI has it).")
    school = SettingFactory.create(area=north, name="Oak Hill Primary School")
    for forename, surname in [("John", "Smith"), ("Jane", "Smart"), ("Amir", "Khan")]:
        child = ChildFactory.create(forename=forename, surname=surname)
        plan = PlanFactory.create(
            area=north, child=child, setting=school, plan_ref=f"EHCP-{surname.upper()}"
        )
        ReviewFactory.create(plan=plan)
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    if width == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_label("Child's name, plan reference or UPN").first.fill("Jonh Smiht")
    page.get_by_role("button", name="Find a case").click()
    page.wait_for_url("**/casework/search/?q=*")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a case")
    results = page.locator("table")
    expect(results).to_contain_text("EHCP-SMITH")
    expect(results).to_contain_text("Oak Hill Primary School")
    expect(results).not_to_contain_text("EHCP-KHAN")
    looked_at(page, "case-search", width)
    page.get_by_role("link", name="John Smith").click()
    page.wait_for_url("**/casework/plans/EHCP-SMITH/")
    assert "John Smith" in page.content()


def test_an_officer_works_a_notification_to_done(
    page: Page, width: str, officer_north: User, north
):
    from reviews.recompute import recompute_reviews
    from tests.factories import ChildFactory, PlanFactory, ReviewFactory

    for ref, forename in [("EHCP-LATE", "Ava"), ("EHCP-ALSO", "Noah")]:
        child = ChildFactory.create(forename=forename, surname="Patel")
        ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref=ref, child=child))
    recompute_reviews()
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto("/casework/notifications/")
    expect(page.get_by_role("heading", name="2 to do")).to_be_visible()
    looked_at(page, "notifications-worklist", width)
    page.get_by_role("button", name=re.compile(r"Mark done.*EHCP-LATE")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "for EHCP-LATE. It is off your list."
    )
    expect(page.get_by_role("heading", name="1 to do")).to_be_visible()
    expect(page.locator("table")).not_to_contain_text("EHCP-LATE")
    looked_at(page, "notifications-after-done", width)
    page.get_by_role("link", name=re.compile(r"Snooze .* for EHCP-ALSO")).click()
    page.get_by_role("button", name="Snooze").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how long")
    looked_at(page, "notification-snooze-error", width)
    page.get_by_label("1 week").check()
    page.get_by_role("button", name="Snooze").click()
    expect(page.get_by_role("heading", name="0 to do")).to_be_visible()
    expect(page.get_by_text("Nothing needs your attention.")).to_be_visible()
