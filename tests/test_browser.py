"""The pages as a person meets them: Debian's Chromium driven by Playwright, checked by axe."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect, sync_playwright

from accounts.models import User
from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Every browser test saves what it saw here (README "Screenshots"); CI keeps the folder.
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR") or str(
    Path(__file__).resolve().parent.parent / "test-results" / "screenshots"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: run `make browser`")
    # Playwright's sync API runs an event loop; the test's own ORM calls are still synchronous.
    # Only while the browser runs: subprocesses started by other tests must not inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--no-first-run",
                ],
            )
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser: Browser, live_server, settings) -> Iterator[Page]:
    # The live server finds static files by name; production serves hashed copies.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol, so the page's CSP stays fully in force.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_22_AA,
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def screenshot(page: Page, name: str) -> None:
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


# A page looked at as a person would: at desktop width and on a 390 px phone.
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> str:
    page.set_viewport_size({"width": WIDTHS[request.param], "height": 900})
    return str(request.param)


def looked_at(page: Page, name: str, width: str, *, fits: bool = True) -> None:
    screenshot(page, f"{name}-{width}")
    assert axe_violations(page) == []
    if fits:  # nothing runs off the side of a phone
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_the_sign_in_page_is_styled_and_passes_axe(page: Page):
    page.goto("/")
    assert page.url.endswith("/sign-in/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    # GOV.UK Frontend's stylesheet and script have loaded and run.
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.govuk-header')).backgroundColor"
    ) == ("rgb(11, 12, 12)")
    screenshot(page, "sign-in")
    assert axe_violations(page) == []


def test_a_mistake_shows_an_error_summary_that_takes_focus_and_passes_axe(
    page: Page, officer_north: User
):
    sign_in(page, officer_north.email, "wrong password")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password." in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    screenshot(page, "sign-in-error")
    assert axe_violations(page) == []


def test_a_case_officer_signs_in_to_their_home_page_which_passes_axe(
    page: Page, officer_north: User
):
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your caseload"
    assert "North" in page.locator("main").inner_text()
    screenshot(page, "officer-home")
    assert axe_violations(page) == []


def test_signing_out_from_the_navigation_ends_the_session(page: Page, manager: User):
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    page.goto("/manager/")
    assert "/sign-in/" in page.url


def test_the_managers_pages_with_tables_and_forms_pass_axe(page: Page, manager: User, north):
    from reviews.recompute import recompute_reviews
    from tests.factories import PlanFactory, ReviewFactory

    ReviewFactory.create(plan=PlanFactory.create(area=north))
    recompute_reviews()
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    expect(page.locator("table", has_text="In the backlog (overdue)")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/manager/deadline-rules/")
    page.get_by_label("Warning window (days)").fill("many")
    page.get_by_role("button", name="Save and recompute priorities").click()
    assert (
        "Enter the warning window (days) as a whole number"
        in page.locator(".govuk-error-summary").inner_text()
    )
    screenshot(page, "deadline-rules-error")
    assert axe_violations(page) == []


def test_the_notifications_page_passes_axe(page: Page, officer_north: User, north):
    from reviews.recompute import recompute_reviews
    from tests.factories import PlanFactory, ReviewFactory

    ReviewFactory.create(plan=PlanFactory.create(area=north, plan_ref="EHCP-LATE"))
    recompute_reviews()
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.get_by_role("link", name="Notifications").click()
    assert "EHCP-LATE" in page.locator("table").inner_text()
    screenshot(page, "notifications")
    assert axe_violations(page) == []


def test_an_officer_uploads_a_file_with_errors_fixes_it_and_imports_it(
    page: Page, officer_north: User
):
    from celery.contrib.testing.worker import start_worker

    from casework.models import Plan
    from kentsend import celery_app
    from tests.test_import import csv_bytes, row

    def upload(data: bytes) -> None:
        page.goto("/casework/import/")
        payload: FilePayload = {"name": "caseload.csv", "mimeType": "text/csv", "buffer": data}
        page.set_input_files("input[type=file]", files=[payload])
        page.get_by_role("button", name="Upload and check").click()
        page.get_by_role("heading", name="Checked: waiting for your confirmation").wait_for(
            timeout=30_000
        )

    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        upload(csv_bytes(row(), row(plan_ref="EHCP-0002", upn="", date_of_birth="31/02/2020")))
        errors = page.locator("table").inner_text()
        assert "Row 3, column date_of_birth: '31/02/2020': is not a real date" in errors
        screenshot(page, "import-preview-errors")
        assert axe_violations(page) == []

        upload(csv_bytes(row(), row(plan_ref="EHCP-0002", upn="", date_of_birth="28/02/2020")))
        assert page.locator("table").count() == 0  # no table of rows in error
        page.get_by_role("button", name="Confirm and import").click()
        page.get_by_role("heading", name="Imported").wait_for(timeout=30_000)
    assert sorted(Plan.objects.values_list("plan_ref", flat=True)) == ["EHCP-0001", "EHCP-0002"]
    screenshot(page, "import-done")
    assert axe_violations(page) == []


def test_an_officer_filters_the_queue_and_the_page_passes_axe(
    page: Page, officer_north: User, north
):
    from datetime import date

    from reviews.recompute import recompute_reviews
    from tests.factories import PlanFactory, ReviewFactory

    ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="N-OLD", issued_on=date(2023, 1, 10)),
        due_on=date(2024, 1, 10),
    )
    ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="N-NEW", issued_on=date(2026, 6, 1)),
        due_on=date(2027, 6, 1),
    )
    recompute_reviews()
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    assert "2 reviews" in page.locator("#results").inner_text()
    page.get_by_label("Overdue for").select_option("more_than_52_weeks")
    page.get_by_role("button", name="Apply filters").click()
    assert "overdue_for=more_than_52_weeks" in page.url
    assert page.locator("#results").inner_text() == "1 review"
    assert "N-OLD" in page.locator("table").inner_text()
    screenshot(page, "queue-filtered")
    assert axe_violations(page) == []
    page.goto("/casework/?overdue_for=forever")
    assert "Overdue for: Select a valid choice" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
