"""The professional's advice page, from the emailed link, at desktop width and on a 390 px
phone: it passes axe, fits, and takes advice with a file."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from contributions.advice_links import advice_link_token
from contributions.advice_models import AdviceRequest
from tests import factories
from tests.test_browser import browser, looked_at, page, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_professional_gives_advice_with_a_file_from_the_link(
    page: Page, width: str, north, tmp_path
):
    advice = factories.AdviceRequestFactory.create(review__plan__area=north, name="Dr Priya Shah")
    page.goto(reverse("advice:give", args=[advice_link_token(advice)]))
    assert page.get_by_role("heading", level=1).inner_text() == "Advice for an annual review"
    looked_at(page, "advice-give", width)

    page.get_by_role("button", name="Send your advice").click()
    assert page.locator(".govuk-error-summary").is_visible()
    looked_at(page, "advice-give-error", width)

    upload = tmp_path / "EP advice.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("Your advice").fill("Daily phonics sessions in a small group.")
    page.get_by_label("Attach files (optional)").set_input_files(str(upload))
    page.get_by_role("button", name="Send your advice").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Advice sent"
    looked_at(page, "advice-thanks", width)
    advice = AdviceRequest.objects.get(pk=advice.pk)
    assert advice.received_at is not None
    assert advice.documents.count() == 1


def test_the_case_page_lists_advice_received_and_overdue_and_passes_axe(
    page: Page, width: str, north, officer_north
):
    from datetime import date

    from tests.test_browser import sign_in

    review = factories.ReviewFactory.create(plan__area=north, meeting_planned_on=date(2027, 1, 20))
    factories.AdviceRequestFactory.create(review=review, received=True, name="Dr Priya Shah")
    factories.AdviceRequestFactory.create(review=review, due_on=date(2020, 1, 6), name="Sam Lee")
    sign_in(page, officer_north.email)
    page.goto(reverse("workbench:case", args=[review.plan.plan_ref]) + "#advice")
    advice = page.get_by_role("region", name="Advice requested")
    assert advice.get_by_text("Overdue").is_visible()
    advice.get_by_text("Question and advice").click()
    assert advice.get_by_text("Continue the weekly social communication group.").is_visible()
    looked_at(page, "case-advice", width)
