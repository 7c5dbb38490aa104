"""The pages that tell the law's deadlines read well and pass axe, at desktop width and on a
390 px phone: a case whose amendments were proposed, with the step to decide not to amend after
all; the rules page; and the managers' list of settings with a mistake in a last year group."""

from datetime import date

import pytest
from playwright.sync_api import Page

from accounts.models import User
from organisation.models import SettingPhase
from reviews.models import Decision, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory, SettingFactory
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_decides_not_to_amend_after_all_and_the_pages_pass_axe(
    page: Page, width: str, officer_north: User, north
):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-NOT-AMENDED"),
        status=ReviewStatus.AMENDMENT_NOTICE_SENT,
        meeting_on=date(2026, 10, 5),
        decision=Decision.AMEND,
        decision_notified_on=date(2026, 10, 19),
        decision_notes="Section F: weekly therapy.",
        amendment_notice_on=date(2026, 10, 20),
    )
    recompute_reviews(review_ids=[review.pk])
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto("/casework/plans/EHCP-NOT-AMENDED/")
    looked_at(page, "case-amendments-proposed", width, fits=False)

    page.get_by_role("link", name="Decide not to amend the plan after all").click()
    page.get_by_role("button", name="Decide not to amend the plan after all").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the reasons: the letter to the family must give them" in summary
    looked_at(page, "withdraw-amendments-error", width, fits=False)

    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Why has the council decided not to amend the plan?").fill(
        "The new school can meet the need with the plan as it is."
    )
    page.get_by_role("button", name="Decide not to amend the plan after all").click()
    page.wait_for_url("**/casework/plans/EHCP-NOT-AMENDED/")
    assert "Decided not to amend after all" in page.locator("main").inner_text()
    looked_at(page, "case-not-amended", width, fits=False)


def test_the_rules_page_tells_the_laws_deadlines_and_passes_axe(
    page: Page, width: str, manager: User
):
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    page.goto("/manager/deadline-rules/")
    assert "before 15 February means by 14 February" in page.locator("main").inner_text()
    looked_at(page, "deadline-rules", width)


def test_a_manager_changes_where_a_settings_phase_ends_and_the_pages_pass_axe(
    page: Page, width: str, manager: User, north
):
    SettingFactory.create(
        urn="118001", name="Oakhill First School", phase=SettingPhase.PRIMARY, area=north
    )
    SettingFactory.create(
        name="Hillview Middle School", phase=SettingPhase.MIDDLE, area=north, last_year_of_phase=7
    )
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    page.get_by_role("link", name="when children move on from each school or setting").click()
    looked_at(page, "settings", width)

    page.get_by_role("link", name="Change last year group of Oakhill First School").click()
    page.get_by_label("Last year group before children move on").fill("15")
    page.get_by_role("button", name="Save and recompute deadlines").click()
    assert "Year 14 or earlier" in page.locator(".govuk-error-summary").inner_text()
    looked_at(page, "setting-error", width)

    page.get_by_label("Last year group before children move on").fill("4")
    page.get_by_role("button", name="Save and recompute deadlines").click()
    page.wait_for_url("**/manager/settings/")
    assert "move on after Year 4" in page.locator(".govuk-notification-banner").inner_text()
    looked_at(page, "settings-saved", width)
