"""A case officer's day in the browser: filter the queue, assign reviews, record the steps."""

from datetime import date, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Page

from accounts.models import User
from kentsend.celery import app as celery_app
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReleaseAgreementFactory, ReviewFactory
from tests.test_browser import axe_violations, browser, page, screenshot, sign_in
from volunteers.models import Assignment

__all__ = ["browser", "page"]  # fixtures shared with tests/test_browser.py

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]


def fill_date(page: Page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_an_officer_filters_the_queue_assigns_reviews_and_records_an_amend_decision_with_its_letter(
    page: Page, officer_north: User, volunteer: User, north
):
    today = date.today()
    ReleaseAgreementFactory.create(
        volunteer=volunteer, start_on=today, weekday=min(today.weekday(), 4)
    )
    for n in range(4):
        ReviewFactory.create(
            plan=PlanFactory.create(
                area=north,
                plan_ref=f"EHCP-LATE-{n}",
                issued_on=date(2024, 1, n + 2),
                # The child in EHCP-LATE-1 attends the volunteer's own school.
                **({"setting": volunteer.setting} if n == 1 else {}),
            )
        )
    ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-FRESH", issued_on=date(2026, 6, 1))
    )
    recompute_reviews()

    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.get_by_label("Overdue for").select_option(label="More than 52 weeks")
    page.get_by_role("button", name="Apply filters").click()
    assert "overdue_for=" in page.url
    results = page.locator("table").inner_text()
    assert "EHCP-LATE-0" in results
    assert "EHCP-FRESH" not in results
    screenshot(page, "queue-filtered")
    assert axe_violations(page) == []

    for ref in ("EHCP-LATE-0", "EHCP-LATE-1", "EHCP-LATE-2"):
        page.get_by_label(f"Select {ref}").check()
    page.get_by_label("Volunteer reviewer").select_option(value=str(volunteer.pk))
    page.get_by_role("button", name="Assign to volunteer").click()
    result = page.locator("main").inner_text()
    assert "2 reviews assigned" in result
    assert "EHCP-LATE-1: conflict of interest: the child attends" in result
    screenshot(page, "bulk-assign-result")
    assert axe_violations(page) == []
    assert sorted(Assignment.objects.values_list("review__plan__plan_ref", flat=True)) == [
        "EHCP-LATE-0",
        "EHCP-LATE-2",
    ]

    page.get_by_role("link", name="EHCP-LATE-0").click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert "Statutory clock" in page.locator("main").inner_text()
    assert f"{volunteer}, release day" in page.locator("main").inner_text()
    screenshot(page, "case")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Record the meeting").click()
    fill_date(page, "Date the meeting was held", today - timedelta(days=1))
    page.get_by_role("button", name="Record the meeting").click()
    assert "Record the meeting: saved" in page.locator("main").inner_text()

    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Amend the plan").check()
    page.get_by_label("Proposed amendments, or the reasons for ceasing the plan").fill(
        "Section F: name the speech and language therapy, 1 hour a week, by the NHS SLT."
    )
    fill_date(page, "Date the family was told of the decision", today)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Record the decision").click()
        assert "Record the decision: saved" in page.locator("main").inner_text()
        letter = page.get_by_role("link", name="Decision letter: amend the plan", exact=True)
        for _ in range(60):
            if letter.count():
                break
            page.wait_for_timeout(500)
            page.reload()
    pdf = page.request.get(letter.get_attribute("href") or "")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    review = Review.objects.get(plan__plan_ref="EHCP-LATE-0")
    assert (review.status, review.decision) == (ReviewStatus.DECISION_NOTIFIED, Decision.AMEND)
    screenshot(page, "case-after-decision")
    assert axe_violations(page) == []
