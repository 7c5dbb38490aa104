"""A parent on a phone, not signed in, finds speech and language help in the Local Offer."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from localoffer.models import Contact, Feedback
from localoffer.taxonomy import NEEDS, SECTIONS
from tests.factories import ServiceFactory, taxonomy_term
from tests.test_browser import axe_violations, browser, page, screenshot

__all__ = ["browser", "page"]  # fixtures shared with other test modules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 375, "height": 812}


def test_a_parent_on_a_phone_finds_speech_and_language_help_for_a_seven_year_old_and_gives_feedback(
    page: Page,
):
    health, slcn = taxonomy_term(SECTIONS, "health-wellbeing"), taxonomy_term(NEEDS, "SLCN")
    therapy = ServiceFactory.create(
        name="Speech and language therapy",
        description="Assessment and therapy for children who find talking hard.",
        minimum_age=5,
        maximum_age=11,
        terms=[health, slcn],
    )
    Contact.objects.create(service=therapy, name="Referrals team", phone="01622 123456")
    ServiceFactory.create(
        name="Speech therapy for teenagers", minimum_age=12, maximum_age=18, terms=[health, slcn]
    )
    ServiceFactory.create(
        name="Speech and language for toddlers", minimum_age=0, maximum_age=4, terms=[slcn]
    )
    ServiceFactory.create(name="Swimming club", terms=[taxonomy_term(SECTIONS, "leisure")])

    page.set_viewport_size(PHONE)
    page.goto("/local-offer/")
    assert "/sign-in/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Find SEND support and services")
    screenshot(page, "local-offer-search")
    assert axe_violations(page) == []

    page.get_by_label("Search words").fill("speech")
    page.get_by_label("Special educational need").select_option(
        label="Speech, language and communication needs"
    )
    page.get_by_label("Child's age").fill("7")
    page.get_by_role("button", name="Search").click()
    assert "q=speech" in page.url
    assert "age=7" in page.url
    expect(page.locator("#results")).to_have_text("1 service found")
    results = page.locator(".kentsend-results").inner_text()
    assert "Speech and language therapy" in results
    assert "teenagers" not in results
    assert "toddlers" not in results
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "local-offer-results")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Speech and language therapy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Speech and language therapy")
    contact = page.get_by_role("link", name="01622 123456")
    expect(contact).to_be_visible()
    assert contact.get_attribute("href") == "tel:01622123456"
    screenshot(page, "local-offer-service")
    assert axe_violations(page) == []

    # The honeypot is there for programs, but out of sight and out of the Tab order.
    honeypot = page.locator("#id_website")
    expect(honeypot).not_to_be_in_viewport()
    assert honeypot.get_attribute("tabindex") == "-1"
    page.get_by_role("group", name="Was this page useful?").get_by_label("Yes").check()
    page.get_by_label("What is missing or wrong on this page? (optional)").fill(
        "Whether there is a waiting list"
    )
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Thank you for your feedback"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Speech and language therapy")
    screenshot(page, "local-offer-feedback-sent")
    assert axe_violations(page) == []
    saved = Feedback.objects.get()
    assert (saved.service_id, saved.useful, saved.missing) == (
        therapy.pk,
        True,
        "Whether there is a waiting list",
    )
    assert saved.page == f"/local-offer/services/{therapy.pk}/"


def test_a_mistyped_age_shows_an_error_summary_that_passes_axe(page: Page):
    page.set_viewport_size(PHONE)
    page.goto("/local-offer/?q=speech&age=seven")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the child's age as a whole number of years, like 7")
    assert page.title().startswith("Error: ")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_age"
    screenshot(page, "local-offer-age-error")
    assert axe_violations(page) == []


def test_feedback_sent_empty_shows_its_errors_which_pass_axe_and_can_be_put_right(page: Page):
    page.set_viewport_size(PHONE)
    page.goto("/local-offer/?q=short+breaks")
    page.get_by_role("button", name="Send feedback").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select yes or no, or tell us what is missing")
    assert page.title().startswith("Error: ")
    screenshot(page, "local-offer-feedback-error")
    assert axe_violations(page) == []

    page.get_by_label("What is missing or wrong on this page? (optional)").fill(
        "Short breaks for children who use a wheelchair"
    )
    page.get_by_role("button", name="Send feedback").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Thank you for your feedback"
    )
    assert page.url.endswith("/local-offer/?q=short+breaks")
    assert Feedback.objects.get().page == "/local-offer/?q=short+breaks"
