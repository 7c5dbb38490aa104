"""A Local Offer editor in the browser: check a service that is past its review date."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from localoffer.models import Service
from tests import factories
from tests.test_browser import axe_violations, browser, page, screenshot, sign_in

__all__ = ["browser", "page"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_checks_a_stale_service_and_it_leaves_the_queue(page: Page, editor: User):
    today = date.today()
    stale = factories.ServiceFactory.create(
        owner=editor,
        name="Saturday sensory club",
        last_reviewed_on=today - timedelta(days=400),
        review_by=today - timedelta(days=35),
    )
    factories.ServiceFactory.create(
        owner=editor,
        name="Speech and language drop-in",
        last_reviewed_on=today - timedelta(days=380),
        review_by=today - timedelta(days=15),
    )
    factories.ServiceFactory.create(owner=editor, name="Parent carer forum")

    sign_in(page, editor.email)
    page.wait_for_url("**/local-offer/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Local Offer services")
    expect(page.locator(".govuk-warning-text")).to_contain_text("2 services are past their")
    screenshot(page, "localoffer-editor-home")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Check the services past their review date").click()
    page.wait_for_url("**/local-offer/manage/past-review/")
    queue = page.locator("table")
    expect(queue.locator("tbody tr").first).to_contain_text("Saturday sensory club")
    expect(queue.locator("tbody tr").first).to_contain_text("35")
    screenshot(page, "localoffer-editor-queue")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Saturday sensory club").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saturday sensory club")
    screenshot(page, "localoffer-editor-service")
    assert axe_violations(page) == []

    page.get_by_label("Description", exact=True).fill(
        "Sensory play on Saturday mornings, now in Ashford."
    )
    page.get_by_label("Autistic spectrum disorder").check()
    page.get_by_label("I have checked this information is correct").check()
    page.get_by_role("button", name="Save changes").click()

    page.wait_for_url("**/local-offer/manage/past-review/")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Saturday sensory club: changes saved and checked.")
    expect(page.locator("table")).not_to_contain_text("Saturday sensory club")
    expect(page.locator("table")).to_contain_text("Speech and language drop-in")
    assert axe_violations(page) == []

    stale.refresh_from_db()
    assert stale.description == "Sensory play on Saturday mornings, now in Ashford."
    assert stale.last_reviewed_on == today
    assert [term.code for term in stale.terms.all()] == ["ASD"]
    assert Service.objects.filter(review_by__lt=today).count() == 1


def test_a_mistake_on_the_service_form_is_summarised_and_passes_axe(page: Page, editor: User):
    service = factories.ServiceFactory.create(owner=editor, name="Holiday play scheme")
    sign_in(page, editor.email)
    page.wait_for_url("**/local-offer/manage/")
    page.goto(f"/local-offer/manage/services/{service.pk}/")
    page.get_by_label("Minimum age (optional)").fill("12")
    page.get_by_label("Maximum age (optional)").fill("5")
    page.get_by_role("button", name="Save changes").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Maximum age must not be less than the minimum age")
    assert page.title().startswith("Error: ")
    screenshot(page, "localoffer-editor-service-error")
    assert axe_violations(page) == []
