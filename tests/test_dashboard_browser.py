"""The manager's dashboard and board report in the browser, with a real Celery worker."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from kentsend.celery import app as celery_app
from reviews.models import Decision, ReviewStatus
from reviews.recompute import recompute_reviews
from tests.factories import PlanFactory, ReviewFactory
from tests.test_board_report import HEADINGS
from tests.test_browser import SCREENSHOTS, axe_violations, browser, page, screenshot, sign_in

__all__ = ["browser", "page"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]


def test_a_manager_reads_the_dashboard_and_downloads_the_board_report(
    page: Page, manager, north, west
):
    today = date.today()
    ReviewFactory.create(plan=PlanFactory.create(area=north), due_on=today - timedelta(40))
    ReviewFactory.create(plan=PlanFactory.create(area=west), due_on=today + timedelta(20))
    met = today - timedelta(days=60)
    for notified in (met + timedelta(days=20), met + timedelta(days=35), None):
        ReviewFactory.create(
            plan=PlanFactory.create(area=north),
            status=ReviewStatus.DECISION_NOTIFIED if notified else ReviewStatus.MEETING_HELD,
            due_on=met,
            meeting_on=met,
            decision=Decision.MAINTAIN if notified else "",
            decision_notified_on=notified,
        )
    recompute_reviews()

    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    expect(
        page.get_by_role("img", name="Reviews in the backlog by time overdue, all area teams")
    ).to_be_visible()
    decisions = page.get_by_role("table", name="Decisions, of the meetings held")
    expect(decisions.get_by_role("row", name="Notified within 4 weeks")).to_contain_text(
        "1 of 3, 33.3%"
    )
    expect(decisions.get_by_role("row", name="None recorded")).to_contain_text("1")
    expect(page.get_by_role("heading", name="How these figures are counted")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dashboard")
    page.set_viewport_size({"width": 390, "height": 900})
    assert axe_violations(page) == []
    screenshot(page, "dashboard-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Calendar year of the timeliness figures").select_option(str(today.year - 2))
    page.get_by_role("button", name="Apply").click()
    decisions = page.get_by_role("table", name="Decisions, of the meetings held")
    expect(decisions.get_by_role("columnheader", name=f"Due in {today.year - 2}")).to_be_visible()

    page.get_by_label("Area team", exact=True).select_option(label="North")
    page.get_by_role("button", name="Apply").click()
    expect(
        page.get_by_role("img", name="Reviews in the backlog by time overdue, North")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="board report").click()
    assert axe_violations(page) == []
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Prepare today's board report").click()
        expect(page.get_by_role("link", name="Download the board report (PDF)")).to_be_visible(
            timeout=60_000
        )
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the board report (PDF)").click()
    pdf = download.value.path().read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for heading in HEADINGS:
        assert heading in text
    assert "How these figures are counted" in text
    screenshot(page, "board-report-page")
    (Path(SCREENSHOTS) / "board-report.pdf").write_bytes(pdf)
    page.set_viewport_size({"width": 390, "height": 900})
    assert axe_violations(page) == []
    screenshot(page, "board-report-page-phone")
