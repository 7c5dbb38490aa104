"""The Local Offer in the browser: an editor adds a service; a parent on a 390 px phone
searches near a postcode, then with a misspelt word. Each page passes axe and is saved as a
screenshot at 1280 px and 390 px."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from localoffer.models import Service
from tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_adds_a_service(page: Page, editor: User, width: str):
    LocationFactory.create(postal_code="ME14 1PL", latitude=51.2725, longitude=0.5223)
    ServiceFactory.create(owner=editor, name="Parent carer forum")
    sign_in(page, editor.email)
    page.wait_for_url("**/local-offer/manage/")
    page.get_by_role("button", name="Add a service").click()
    page.wait_for_url("**/local-offer/manage/services/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a service")
    looked_at(page, "localoffer-editor-add-service", width)

    # A mistake first: the summary says what to fix, the answers are kept.
    page.get_by_label("Name of the service").fill("Saturday sensory club")
    page.get_by_role("button", name="Add the service").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of the organisation that provides the service"
    )
    expect(page.get_by_label("Name of the service")).to_have_value("Saturday sensory club")
    looked_at(page, "localoffer-editor-add-service-error", width)

    page.get_by_label("Organisation that provides it").fill("Maidstone Mencap")
    page.get_by_label("Description").fill("Sensory play for children with SEND.")
    page.get_by_label("Minimum age (optional)").fill("4")
    page.get_by_label("Maximum age (optional)").fill("11")
    page.get_by_label("Name of the place (optional)").fill("Maidstone Community Centre")
    page.get_by_label("Building and street (optional)").fill("1 Week Street")
    page.get_by_label("Town or village (optional)").fill("Maidstone")
    page.get_by_label("Postcode (optional)").fill("ME14 1PL")
    page.get_by_label("Saturday").check()
    page.get_by_label("Opens at (optional)").fill("09:30")
    page.get_by_label("Closes at (optional)").fill("12:00")
    page.get_by_label("Fees (optional)").fill("£3 a session")
    page.get_by_role("button", name="Add the service").click()

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Saturday sensory club added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saturday sensory club")
    looked_at(page, "localoffer-editor-added-service", width)
    added = Service.objects.get(name="Saturday sensory club")
    assert added.owner == editor
    assert added.at_locations.get().location.latitude == 51.2725

    page.goto("/local-offer/manage/?q=sensory")
    expect(page.locator("table")).to_contain_text("Saturday sensory club")
    expect(page.locator("table")).not_to_contain_text("Parent carer forum")
    looked_at(page, "localoffer-editor-search-services", width)


def test_a_parent_searches_by_postcode_then_with_a_misspelt_word(page: Page, width: str):
    towns = [
        ("Ashford Family Hub", "Ashford", "TN23 1AX", 51.1465, 0.8750),
        ("Maidstone Family Hub", "Maidstone", "ME14 1PL", 51.2725, 0.5223),
    ]
    for name, town, postcode, latitude, longitude in towns:
        place = LocationFactory.create(
            name=name, city=town, postal_code=postcode, latitude=latitude, longitude=longitude
        )
        ServiceAtLocationFactory.create(
            service=ServiceFactory.create(name=f"Speech therapy in {town}"), location=place
        )
    ServiceFactory.create(name="Speech therapy by video call")

    page.goto("/local-offer/")
    page.get_by_label("Postcode or town").fill("ME14 1PL")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_have_text("3 services found")
    results = page.locator(".kentsend-results__item")
    expect(results.nth(0)).to_contain_text("Speech therapy in Maidstone")
    expect(results.nth(0)).to_contain_text("0 miles away, at Maidstone Family Hub")
    expect(results.nth(1)).to_contain_text("Speech therapy in Ashford")
    expect(results.nth(1)).to_contain_text("18 miles away")
    expect(results.nth(2)).to_contain_text("Distance not known")
    looked_at(page, "local-offer-near-a-postcode", width)

    page.get_by_label("Postcode or town").fill("ZE1 0AA")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "We do not know where the postcode ZE1 0AA is."
    )
    looked_at(page, "local-offer-postcode-not-known", width)

    page.get_by_label("Postcode or town").fill("")
    page.get_by_label("Search words").fill("speach therapy")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_have_text("3 services found")
    expect(page.get_by_text("Including results for speech therapy")).to_be_visible()
    looked_at(page, "local-offer-misspelt-search", width)
