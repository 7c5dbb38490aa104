"""The pages that tell people about refusals and failures read well and pass axe, at desktop
width and on a 390 px phone: API tokens, letter wording with a mistake, restoring the starting
wording, a case whose letter could not be written, and import and board-report jobs that
failed."""

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page
from rest_framework.test import APIClient

from accounts.models import User
from caseload.models import ImportJob, ImportStatus
from caseload.services import CHECK_STOPPED
from documents.letter_jobs import LETTER_FAILED
from documents.models import LetterJob, LetterJobStatus
from localoffer.models import ServiceImportJob, ServiceImportStatus
from reporting.board import REPORT_STOPPED
from reporting.models import BoardReport, BoardReportStatus
from reviews.models import Decision
from tests.factories import PASSWORD, PlanFactory, ReviewFactory
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_tokens_page_lists_a_token_and_passes_axe(
    page: Page, width: str, officer_north: User
):
    answer = APIClient().post(
        "/api/v1/auth/token/", {"email": officer_north.email, "password": PASSWORD}
    )
    assert answer.status_code == 200
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto("/account/api-tokens/")
    assert page.locator("main table").count() == 1
    looked_at(page, "api-tokens", width)


def test_a_letter_wording_mistake_is_named_by_line_and_the_page_passes_axe(
    page: Page, width: str, manager: User
):
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    page.goto("/manager/letters/maintain/")
    page.get_by_label("Wording").fill("Dear {{ childs_name }},\n<div style='display:none'>")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert "Line 1" in summary.inner_text()
    assert "childs_name" in summary.inner_text()
    looked_at(page, "letter-wording-error", width)
    page.goto("/manager/letters/maintain/restore/")
    assert "starting wording" in page.locator("main").inner_text()
    looked_at(page, "letter-restore", width)


def test_a_case_whose_letter_could_not_be_written_says_so_and_passes_axe(
    page: Page, width: str, officer_north: User, north
):
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, case_officer=officer_north, plan_ref="EHCP-LTR-1"),
        decision=Decision.MAINTAIN,
        meeting_on=date(2026, 11, 2),
    )
    LetterJob.objects.create(review=review, status=LetterJobStatus.FAILED, error=LETTER_FAILED)
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto("/casework/plans/EHCP-LTR-1/")
    assert LETTER_FAILED in page.locator(".govuk-warning-text").inner_text()
    # The case page's statutory clock is a five-column table wider than a phone.
    looked_at(page, "case-letter-failed", width, fits=False)


@pytest.mark.parametrize(
    ("who", "home", "make_job", "address"),
    [
        (
            "officer_north",
            "**/casework/",
            lambda user: ImportJob.objects.create(
                uploaded_by=user,
                filename="caseload.csv",
                sha256="0" * 64,
                status=ImportStatus.FAILED,
                progress=100,
                error=CHECK_STOPPED,
            ),
            "/casework/import/{pk}/",
        ),
        (
            "manager",
            "**/manager/",
            lambda user: BoardReport.objects.create(
                as_at=date(2026, 11, 23),
                requested_by=user,
                status=BoardReportStatus.FAILED,
                error=REPORT_STOPPED,
            ),
            "/manager/board-report/{pk}/",
        ),
        (
            "editor",
            "**/local-offer/manage/",
            lambda user: ServiceImportJob.objects.create(
                uploaded_by=user,
                filename="services.xlsx",
                sha256="0" * 64,
                status=ServiceImportStatus.FAILED,
                file_error="The spreadsheet unpacks to 9,000 times its size, far more than a "
                "spreadsheet of real data does.",
            ),
            "/local-offer/manage/import/{pk}/",
        ),
    ],
    ids=["caseload-import", "board-report", "local-offer-import"],
)
def test_a_failed_job_says_what_went_wrong_and_its_page_passes_axe(
    page: Page,
    width: str,
    personas: dict[str, User],
    who: str,
    home: str,
    make_job: Callable[[User], object],
    address: str,
):
    user = personas[who]
    job = make_job(user)
    sign_in(page, user.email)
    page.wait_for_url(home)
    page.goto(address.format(pk=job.pk))  # type: ignore[attr-defined]
    assert (
        getattr(job, "error", "") + getattr(job, "file_error", "")
        in page.locator("main").inner_text()
    )
    looked_at(page, f"failed-job-of-{who}", width)
