"""Assigning work to volunteers who can take it, and the volunteer's own pages, in the
browser at 1280 px and on a 390 px phone. Every page is checked by axe and screenshotted."""

from datetime import date

import pytest
from playwright.sync_api import Page

from accounts.models import User
from tests.factories import (
    PlanFactory,
    ReleaseAgreementFactory,
    ReviewFactory,
    SettingFactory,
    VolunteerFactory,
)
from tests.test_browser import browser, looked_at, page, sign_in, width
from volunteers.models import AgreementStatus, Assignment

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_bulk_assigns_to_a_volunteer_shown_with_their_capacity(
    page: Page, width: str, officer_north: User, north, volunteer: User
):
    volunteer.full_name = "Alex Free"
    volunteer.save()
    today = date.today()
    ReleaseAgreementFactory.create(volunteer=volunteer, start_on=today, weeks=4)
    finished = VolunteerFactory.create(
        full_name="Sam Jones", setting=SettingFactory.create(area=north)
    )
    ReleaseAgreementFactory.create(volunteer=finished, start_on=date(today.year - 1, 1, 1), weeks=2)
    VolunteerFactory.create(full_name="Pat Paused", setting=SettingFactory.create(area=north))
    ReleaseAgreementFactory.create(
        volunteer=User.objects.get(full_name="Pat Paused"), status=AgreementStatus.PAUSED
    )
    for n in range(3):
        ReviewFactory.create(
            plan=PlanFactory.create(area=north, plan_ref=f"N-{n}", case_officer=officer_north),
            recomputed=True,
        )

    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    assign = page.locator("#bulk-assign")
    options = assign.locator("option").all_inner_texts()
    assert len(options) == 2
    assert options[1].startswith("Alex Free")
    assert "4 places left" in options[1]
    unavailable = page.locator("#volunteers-unavailable").inner_text()
    assert "Sam Jones: no release day left this term" in unavailable
    assert "Pat Paused: their release is paused by their school" in unavailable
    looked_at(page, "bulk-assign-queue", width)

    # Forgetting to choose the volunteer keeps the queue, its ticks and says what to do.
    page.get_by_label("Select N-0").check()
    page.get_by_label("Select N-2").check()
    page.get_by_role("button", name="Assign to volunteer").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose the volunteer to give the selected reviews to" in summary.inner_text()
    assert page.get_by_label("Select N-0").is_checked()
    assert not page.get_by_label("Select N-1").is_checked()
    assert page.get_by_label("Select N-2").is_checked()
    looked_at(page, "bulk-assign-error", width)

    assign.select_option(index=1)
    page.get_by_role("button", name="Assign to volunteer").click()
    assert "2 reviews assigned" in page.locator("main").inner_text()
    looked_at(page, "bulk-assign-result", width)
    assert Assignment.objects.filter(volunteer=volunteer).count() == 2


def test_a_volunteer_sees_their_reviews_and_the_paperwork_on_a_phone(
    page: Page, width: str, officer_north: User, north, volunteer: User
):
    today = date.today()
    ReleaseAgreementFactory.create(volunteer=volunteer, start_on=today, weeks=4)
    ready = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-READY", case_officer=officer_north),
        held=True,
    )
    waiting = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-WAIT", case_officer=officer_north)
    )
    for review in (ready, waiting):
        Assignment.objects.create(
            review=review, volunteer=volunteer, release_day=today, assigned_by=officer_north
        )

    sign_in(page, volunteer.email)
    page.wait_for_url("**/volunteer/")
    assert "EHCP-READY" in page.locator("main").inner_text()
    looked_at(page, "volunteer-home", width)

    page.goto(f"/volunteer/reviews/{ready.pk}/")
    main = page.locator("main").inner_text()
    assert officer_north.full_name in main
    assert officer_north.email in main
    assert page.get_by_role("link", name="Start the checklist").is_visible()
    looked_at(page, "volunteer-review", width)

    page.goto(f"/volunteer/reviews/{waiting.pk}/")
    assert "its meeting has not been recorded" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Start the checklist").count() == 0
    looked_at(page, "volunteer-review-not-ready", width)
