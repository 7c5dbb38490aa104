"""The whole school journey on a 390 px phone, with axe on every page: the SENCO plans the
meeting and asks for advice; the professional gives it, with a file, from the emailed link;
the SENCO records the advice circulated and the meeting held, and submits the report; the
case officer sees the report received on that day, in words, and the report on the case
page."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import User
from audit.models import Event
from contributions.advice_models import AdviceRequest
from tests import factories
from tests.test_browser import WIDTHS, browser, looked_at, page, sign_in

__all__ = ["browser", "page"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = "phone"


def _fill_date(page: Page, day: date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_a_senco_professional_and_case_officer_take_a_review_from_meeting_to_report_on_a_phone(
    page: Page, senco: User, north, officer_north: User, tmp_path
):
    page.set_viewport_size({"width": WIDTHS[PHONE], "height": 900})
    today = timezone.localdate()
    plan = factories.PlanFactory.create(
        area=north,
        setting=senco.setting,
        case_officer=officer_north,
        child__forename="Amara",
        child__surname="O'Brien",
    )
    review = factories.ReviewFactory.create(
        plan=plan, due_on=today + timedelta(weeks=6), recomputed=True
    )
    child = str(plan.child)
    meeting = today + timedelta(weeks=3)
    advice_due = today + timedelta(weeks=1)

    # The SENCO signs in and plans the meeting.
    sign_in(page, senco.email)
    page.wait_for_url("**/school/")
    # The browser shows the name as text: inner_text holds it unescaped, apostrophe and all.
    assert child in page.inner_text("main")
    looked_at(page, "journey-school-home", PHONE)
    page.get_by_role("link", name=child).click()
    page.wait_for_url("**/school/reviews/*/")
    looked_at(page, "journey-school-review", PHONE)
    page.get_by_role("link", name="Plan the review meeting").click()
    looked_at(page, "journey-plan-meeting", PHONE)
    _fill_date(page, meeting)
    page.get_by_role("button", name="Plan the review meeting").click()
    page.wait_for_url("**/school/reviews/*/")
    assert f"{meeting:%-d %B %Y}" in page.inner_text("main")

    # ... and asks an educational psychologist for advice.
    page.get_by_role("link", name="Ask a professional for advice").click()
    page.wait_for_url("**/advice/new/")
    looked_at(page, "journey-advice-request", PHONE)
    page.get_by_label("Professional's name").fill("Dr Priya O'Shea")
    page.get_by_label("Their email address").fill("priya.oshea@example.nhs.uk")
    page.get_by_label("Educational psychology").check()
    page.get_by_label("What advice do you need?").fill("What support does Amara need to read?")
    _fill_date(page, advice_due)
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url("**/school/reviews/*/")
    main = page.inner_text("main")
    assert "Dr Priya O'Shea" in main
    assert "Requested" in main
    assert f"Due by {advice_due:%-d %B %Y}" in main
    looked_at(page, "journey-advice-requested", PHONE)

    # The professional opens the emailed link, without an account, and gives advice with a file.
    [email] = [m for m in mail.outbox if m.to == ["priya.oshea@example.nhs.uk"]]
    link = re.search(r"https?://\S+(/advice/\S+)", str(email.body))
    assert link is not None, email.body
    page.context.clear_cookies()
    page.goto(link.group(1))
    assert page.get_by_role("heading", level=1).inner_text() == "Advice for an annual review"
    assert "O'Brien" not in page.inner_text("main")
    looked_at(page, "journey-advice-give", PHONE)
    upload = tmp_path / "EP advice.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("Your advice").fill("Daily phonics sessions in a small group.")
    page.get_by_label("Attach files (optional)").set_input_files(str(upload))
    page.get_by_role("button", name="Send your advice").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Advice sent"
    looked_at(page, "journey-advice-sent", PHONE)
    advice = AdviceRequest.objects.get(review=review)
    assert advice.received_at is not None
    assert advice.documents.count() == 1

    # The SENCO sees the advice in, records it circulated and the meeting held.
    sign_in(page, senco.email)
    page.wait_for_url("**/school/")
    page.get_by_role("link", name=child).click()
    page.wait_for_url("**/school/reviews/*/")
    assert "Received" in page.inner_text("main")
    page.get_by_role("link", name="Record the advice circulated").click()
    looked_at(page, "journey-circulate-advice", PHONE)
    _fill_date(page, today)
    page.get_by_role("button", name="Record the advice circulated").click()
    page.wait_for_url("**/school/reviews/*/")
    page.get_by_role("link", name="Record the meeting").click()
    _fill_date(page, today)
    page.get_by_role("button", name="Record the meeting").click()
    page.wait_for_url("**/school/reviews/*/")
    assert "Submit the report" in page.inner_text("main")
    looked_at(page, "journey-meeting-held", PHONE)

    # ... and writes and submits the report.
    page.get_by_role("link", name="The annual review report").click()
    page.wait_for_url("**/report/")
    looked_at(page, "journey-report", PHONE)
    page.get_by_role("link", name="Who attended the meeting").click()
    page.get_by_label("Who attended the meeting").fill("Jo O'Brien, parent; Dr Priya O'Shea")
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")
    page.get_by_role("link", name="The child's and the parents' views").click()
    page.get_by_label("The child's views", exact=True).fill("I like stories.")
    page.get_by_label("The parents' views", exact=True).fill("Reading has come on.")
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")
    page.get_by_role("link", name="Progress towards the outcomes").click()
    page.get_by_label("Outcome", exact=True).fill("Read fluently")
    page.get_by_label("Progress towards it").fill("Reads simple books with support")
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")
    page.get_by_role("link", name="The school's recommendation").click()
    page.get_by_label("Maintain the plan as it is").check()
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")
    page.get_by_role("button", name="Submit the report to the council").click()
    page.wait_for_url("**/report/")
    assert f"Submitted on {today:%-d %B %Y}" in page.inner_text("main")
    looked_at(page, "journey-report-submitted", PHONE)
    review.refresh_from_db()
    assert review.report_received_on == today
    assert Event.objects.filter(action="school.step_recorded", actor=senco).count() == 3

    # The case officer sees the report received on that day, in words, and the report.
    page.context.clear_cookies()
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto(f"/casework/plans/{plan.plan_ref}/")
    main = page.inner_text("main")
    assert f"Report received on: {today:%-d %B %Y}" in main
    assert "Status: Report received" in main
    assert "The school's annual review report" in main
    assert "Read fluently" in main
    assert "Educational psychology advice from Dr Priya O'Shea (PDF" in main
    assert "Jo O'Brien, parent" in main
    looked_at(page, "journey-case-page", PHONE)
