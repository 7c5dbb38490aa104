"""The case page in words people use, in a browser at 1280 px and 390 px with axe: the
timeline's labels and 24-hour times, and an officer entering the family's address (with a
mistake first, shown in the error summary)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from playwright.sync_api import Page

from accounts.models import User
from reviews import services
from reviews.recompute import recompute_reviews
from tests.factories import ChildFactory, PlanFactory, ReviewFactory
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held_review(north, officer_north):
    review = ReviewFactory.create(
        plan=PlanFactory.create(
            area=north,
            plan_ref="EHCP-BROWSER-1",
            case_officer=officer_north,
            child=ChildFactory.create(forename="Amira", surname="Khan", ncy_override=0),
        ),
        due_on=date(2026, 12, 1),
    )
    recompute_reviews()
    with time_machine.travel(datetime(2026, 11, 20, 14, 57, tzinfo=UTC), tick=True):
        services.review_hold_meeting(review.pk, on=date(2026, 11, 20), actor=officer_north)
    return review


def test_the_case_page_timeline_reads_in_words_and_passes_axe(
    page: Page, width: str, officer_north: User, held_review
):
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")

    page.goto("/casework/plans/EHCP-BROWSER-1/?reads=shown")

    timeline = page.locator(".moj-timeline").inner_text()
    assert "Review meeting held" in timeline
    assert "Status: Meeting held" in timeline
    assert "Meeting held on: 20 November 2026" in timeline
    assert "20 November 2026 at 14:57" in timeline
    assert "Read on: The case page" in timeline
    assert "meeting_held" not in timeline
    assert "p.m." not in timeline
    assert (
        "Reception (taught out of year)" in page.locator(".govuk-summary-list").first.inner_text()
    )
    looked_at(page, "case-page-timeline", width)


def test_an_officer_enters_the_familys_address_after_a_mistake(
    page: Page, width: str, officer_north: User, held_review
):
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto("/casework/plans/EHCP-BROWSER-1/")

    page.get_by_role("link", name="Add parent or carer's contact details").click()
    page.get_by_label("Name of parent or carer").fill("Sara Khan")
    page.get_by_label("Address line 1").fill("12 Mill Lane")
    page.get_by_label("Postcode").fill("not a code")
    page.get_by_role("button", name="Save contact details").click()

    summary = page.locator(".govuk-error-summary")
    assert "Enter town or city" in summary.inner_text()
    assert "Enter a real postcode, like SW1A 1AA" in summary.inner_text()
    looked_at(page, "family-address-error", width)

    page.get_by_label("Town or city").fill("Ashford")
    page.get_by_label("Postcode").fill("tn24 8aa")
    page.get_by_role("button", name="Save contact details").click()

    page.wait_for_url("**/casework/plans/EHCP-BROWSER-1/")
    details = page.locator(".govuk-summary-list").first.inner_text()
    assert "Sara Khan\n12 Mill Lane\nAshford\nTN24 8AA" in details
    looked_at(page, "family-address-saved", width)
