"""The family's whole journey on a 390 px phone, with axe on every page the family sees: the
case officer invites a parent; the parent signs in with the code emailed to them (read from a
local SMTP server), reads how the review is going and gives their views with a drawing; the
school reads the views; the officer records the meeting and the decision; the parent reads
the decision letter."""

import re
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from django.utils.html import escape
from playwright.sync_api import Page

from accounts.models import User
from contributions.family_views_models import FamilyViews
from kentsend.celery import app as celery_app
from tests import factories
from tests.smtp_server import SmtpStandIn, smtp_stand_in, use_smtp
from tests.test_browser import WIDTHS, axe_violations, browser, looked_at, page, sign_in
from tests.test_triage_browser import fill_date

__all__ = ["browser", "page"]  # fixtures shared with tests/test_browser.py

pytestmark = [
    pytest.mark.browser,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

PHONE = "phone"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _code_sent_to(server: SmtpStandIn, email: str) -> str:
    """The code in the last email sent to the address."""
    message = [m for m in server.received if m["To"] == email][-1]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    match = re.search(r"^(\d{6})\r?$", body.get_content(), re.MULTILINE)
    assert match, body.get_content()
    return match.group(1)


def _family_signs_in(page: Page, server: SmtpStandIn, email: str) -> None:
    page.goto("/sign-in/family/")
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert axe_violations(page) == []
    page.get_by_label("Code").fill(_code_sent_to(server, email))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/family/")


def _staff_signs_in(page: Page, user: User) -> None:
    sign_in(page, user.email)
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def _sign_out(page: Page) -> None:
    page.context.clear_cookies()


def test_a_parent_is_invited_signs_in_with_an_emailed_code_gives_views_and_reads_the_decision(
    page: Page, settings, officer_north: User, senco: User, north, tmp_path
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
        plan=plan,
        due_on=today + timedelta(weeks=3),
        meeting_planned_on=today + timedelta(weeks=2),
        recomputed=True,
    )
    child = str(plan.child)

    with smtp_stand_in() as server:
        use_smtp(settings, server.port)

        # The case officer invites the parent from the case page.
        _staff_signs_in(page, officer_north)
        page.goto(f"/casework/plans/{plan.plan_ref}/")
        page.get_by_role("link", name="Invite a family member").click()
        page.get_by_label("Full name").fill("Ngozi O'Brien")
        page.get_by_label("Email address").fill("ngozi@example.org")
        page.get_by_label("Parent", exact=True).check()
        page.get_by_role("button", name="Send the invitation").click()
        assert "Ngozi O'Brien" in page.locator("main").inner_text()
        invitation = [m for m in server.received if m["To"] == "ngozi@example.org"]
        assert len(invitation) == 1
        _sign_out(page)

        # The parent signs in with the code emailed to them and reads the progress page.
        _family_signs_in(page, server, "ngozi@example.org")
        looked_at(page, "family-journey-home", PHONE)
        page.get_by_role("link", name=child).first.click()
        assert "We must" in page.locator("main").inner_text()
        assert officer_north.full_name in page.locator("main").inner_text()
        looked_at(page, "family-journey-progress", PHONE)

        # The parent gives their views, with a drawing.
        page.get_by_role("link", name=re.compile("^Your views and your child's views")).click()
        looked_at(page, "family-journey-views", PHONE)
        page.get_by_role("link", name="Give your views").click()
        page.get_by_label("What is going well?").fill("Amara reads every night now.")
        page.get_by_label("What do you hope for next year?").fill("A quiet place at lunch.")
        drawing = tmp_path / "Amara's drawing.png"
        drawing.write_bytes(PNG)
        page.get_by_label("Add a file (if you want to)").set_input_files(str(drawing))
        page.get_by_role("button", name="Save").click()
        assert "Amara reads every night now." in page.locator("main").inner_text()
        looked_at(page, "family-journey-views-given", PHONE)
        views = FamilyViews.objects.get(review=review)
        assert views.files.count() == 1
        _sign_out(page)

    # The school reads the parent's views on the review's page.
    _staff_signs_in(page, senco)
    page.goto(f"/school/reviews/{review.pk}/")
    assert "Amara reads every night now." in page.locator("main").inner_text()
    _sign_out(page)

    # The case officer records the meeting and the decision; the worker writes the letter.
    _staff_signs_in(page, officer_north)
    page.goto(f"/casework/plans/{plan.plan_ref}/")
    page.get_by_role("link", name="Record the meeting").click()
    fill_date(page, "Date the meeting was held", today)
    page.get_by_role("button", name="Record the meeting").click()
    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Maintain the plan unchanged").check()
    fill_date(page, "Date the family was told of the decision", today)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.get_by_role("button", name="Record the decision").click()
        assert "Record the decision: saved" in page.locator("main").inner_text()
        letter = page.get_by_role("link", name=re.compile("^Decision letter"))
        for _ in range(60):
            if letter.count():
                break
            page.wait_for_timeout(500)
            page.reload()
        assert letter.count() == 1
    _sign_out(page)

    # The parent signs in again and reads the decision letter.
    with smtp_stand_in() as server:
        use_smtp(settings, server.port)
        _family_signs_in(page, server, "ngozi@example.org")
    page.get_by_role("link", name=child).first.click()
    page.get_by_role("link", name=re.compile("letters", re.IGNORECASE)).first.click()
    looked_at(page, "family-journey-letters", PHONE)
    download = page.get_by_role("link", name=re.compile(r"\(PDF\)$")).first
    pdf = page.request.get(download.get_attribute("href") or "")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert escape(f"Sent on {today.day} ") in escape(page.locator("main").inner_text())
