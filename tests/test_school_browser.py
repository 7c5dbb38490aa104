"""A SENCO signs in to the school's home, opens a review, plans its meeting from the date
form and keeps the staff list; each page passes axe at 1280 px and on a 390 px phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import SchoolJob, SchoolStaff, User
from tests import factories
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_senco_plans_a_meeting_from_the_schools_home(page: Page, width: str, senco: User, north):
    SchoolStaff.objects.filter(user=senco).update(job=SchoolJob.HEADTEACHER)
    due = timezone.localdate() + timedelta(weeks=6)
    plan = factories.PlanFactory.create(area=north, setting=senco.setting)
    factories.ReviewFactory.create(plan=plan, due_on=due, recomputed=True)
    child = str(plan.child)

    sign_in(page, senco.email)
    page.wait_for_url("**/school/")
    assert child in page.inner_text("main")
    assert "Plan the meeting" in page.inner_text("main")
    looked_at(page, "school-home", width)

    page.get_by_role("link", name=child).click()
    page.wait_for_url("**/school/reviews/*/")
    looked_at(page, "school-review", width)

    page.get_by_role("link", name="Plan the review meeting").click()
    page.get_by_role("button", name="Plan the review meeting").click()
    assert page.locator(".govuk-error-summary").is_visible()
    looked_at(page, "school-step-errors", width)
    meeting = due - timedelta(days=3)
    page.get_by_label("Day").fill(str(meeting.day))
    page.get_by_label("Month").fill(str(meeting.month))
    page.get_by_label("Year").fill(str(meeting.year))
    page.get_by_role("button", name="Plan the review meeting").click()
    page.wait_for_url("**/school/reviews/*/")
    assert "Record the invitations sent" in page.inner_text("main")
    assert f"{meeting:%-d %B %Y}" in page.inner_text("main")

    page.goto("/school/")
    assert senco.setting is not None
    page.get_by_role("link", name=f"{senco.setting.name}: staff list").click()
    page.wait_for_url("**/staff/")
    looked_at(page, "school-staff", width)
    page.get_by_role("link", name="Add a member of staff").click()
    looked_at(page, "school-staff-add", width)


def test_a_senco_writes_and_submits_the_report_on_a_phone(
    page: Page, width: str, senco: User, north, officer_north: User
):
    meeting = timezone.localdate() - timedelta(days=3)
    plan = factories.PlanFactory.create(
        area=north, setting=senco.setting, case_officer=officer_north
    )
    review = factories.ReviewFactory.create(plan=plan, held=True, due_on=meeting, recomputed=True)
    sign_in(page, senco.email)
    page.wait_for_url("**/school/")
    page.goto(f"/school/reviews/{review.pk}/report/")
    looked_at(page, "school-report", width)

    page.get_by_role("link", name="Who attended the meeting").click()
    page.get_by_role("button", name="Save and return").click()
    assert page.locator(".govuk-error-summary").is_visible()
    looked_at(page, "school-report-attendees-errors", width)
    page.get_by_label("Who attended the meeting").fill("Jo Smith, parent")
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")

    page.get_by_role("link", name="The child's and the parents' views").click()
    page.get_by_label("The child's views", exact=True).fill("I like maths.")
    page.get_by_label("The parents' views", exact=True).fill("Happy.")
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")

    page.get_by_role("link", name="Progress towards the outcomes").click()
    looked_at(page, "school-report-outcomes", width)
    page.get_by_label("Outcome", exact=True).fill("Read fluently")
    page.get_by_label("Progress towards it").fill("Met")
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")

    page.get_by_role("link", name="The school's recommendation").click()
    page.get_by_label("Maintain the plan as it is").check()
    looked_at(page, "school-report-recommendation", width)
    page.get_by_role("button", name="Save and return").click()
    page.wait_for_url("**/report/")

    page.get_by_role("button", name="Submit the report to the council").click()
    page.wait_for_url("**/report/")
    assert f"Submitted on {timezone.localdate():%-d %B %Y}" in page.inner_text("main")
    looked_at(page, "school-report-submitted", width)

    page.context.clear_cookies()  # the case officer opens the case
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto(f"/casework/plans/{plan.plan_ref}/")
    main = page.inner_text("main")
    assert "The school's annual review report" in main
    assert "Read fluently" in main
    assert f"{timezone.localdate():%-d %B %Y}" in main
    looked_at(page, "school-report-on-the-case-page", width)
