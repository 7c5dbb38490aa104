"""A volunteer's QA checklist in the browser: half one week, the rest the next, then the grade;
the draft saves itself as they work. Every page is checked by axe."""

import importlib
import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from accounts.models import User
from qa.models import Answer, Checklist, ChecklistStatus, Grade, Response
from qa.services import checklist_start_for_assignment
from tests.factories import PlanFactory, ReviewFactory
from tests.test_browser import axe_violations, browser, page, screenshot, sign_in
from volunteers.models import Assignment

__all__ = ["browser", "page"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = importlib.import_module("qa.migrations.0002_default_template")
SECTIONS = len(SEED.SECTIONS)
HALF = SECTIONS // 2


@pytest.fixture
def assignment(volunteer: User, officer_north: User, north) -> Assignment:
    # The transactional database is emptied between tests, so the default template is seeded
    # again here rather than relied on from the migration.
    SEED.seed(django_apps, None)
    review = ReviewFactory.create(
        plan=PlanFactory.create(area=north, plan_ref="EHCP-QA-1"), held=True
    )
    return Assignment.objects.create(
        review=review, volunteer=volunteer, release_day=date.today(), assigned_by=officer_north
    )


def answer_every_question(page: Page, label: str) -> None:
    for question in page.locator("fieldset").all():
        question.get_by_label(label, exact=True).check()


def assert_accessible(page: Page, name: str) -> None:
    screenshot(page, name)
    assert axe_violations(page) == []


def test_a_volunteer_does_half_the_checklist_comes_back_finishes_and_sees_the_grade(
    page: Page, volunteer: User, officer_north: User, assignment: Assignment
):
    sign_in(page, volunteer.email)
    page.wait_for_url("**/volunteer/")
    page.goto(f"/volunteer/reviews/{assignment.review_id}/checklist/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check the quality of this plan"
    assert_accessible(page, "checklist-start")
    page.get_by_role("button", name="Start the checklist").click()

    for n in range(1, HALF + 1):
        page.wait_for_url(f"**/sections/{n}/")
        if n == 1:
            assert page.get_by_role("heading", level=1).inner_text() == "Annual review paperwork"
            assert "What good looks like:" in page.locator("main").inner_text()
            assert_accessible(page, "checklist-section")
        answer_every_question(page, "Met")
        page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**/sections/{HALF + 1}/")
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"

    # Next week: back in, the review's checklist link leads to the task list and on from
    # where they stopped.
    sign_in(page, volunteer.email)
    page.wait_for_url("**/volunteer/")
    page.goto(f"/volunteer/reviews/{assignment.review_id}/checklist/")
    main = page.locator("main")
    assert f"You have completed {HALF} of {SECTIONS} sections." in main.inner_text()
    assert_accessible(page, "checklist-task-list")

    # Trying to submit now lists what is missing, by section and question.
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit checklist").click()
    summary = page.locator(".govuk-error-summary")
    assert "Section F: Special educational provision, question 2: select an answer" in (
        summary.inner_text()
    )
    assert "Recommendation: choose whether the plan needs amending" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "checklist-incomplete")

    page.goto(f"/volunteer/reviews/{assignment.review_id}/checklist/")
    page.get_by_role("button", name="Continue where you stopped").click()
    page.wait_for_url(f"**/sections/{HALF + 1}/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Section F: Special educational provision"
    )
    for n in range(HALF + 1, SECTIONS + 1):
        page.wait_for_url(f"**/sections/{n}/")
        answer_every_question(page, "Partly met" if n == HALF + 1 else "Met")
        page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/recommendation/")
    page.get_by_role("button", name="Save and continue").click()
    assert (
        "Select whether the plan needs amending"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page, "checklist-recommendation-error")
    page.get_by_label("Amend the plan").check()
    page.get_by_label("Section F: Special educational provision").check()
    page.get_by_label("Your reasons for amending the plan").fill(
        "Section F: speech and language therapy needs who, how often and for how long."
    )
    assert_accessible(page, "checklist-recommendation")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/check/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check your answers before submitting"
    )
    assert_accessible(page, "checklist-check")
    page.get_by_role("button", name="Submit checklist").click()

    main = page.locator("main")
    expect(main).to_contain_text("Your checklist has been submitted.")
    checklist = Checklist.objects.get()
    assert checklist.status == ChecklistStatus.SUBMITTED
    # Everything met but Section F, partly met: 5.5 of its 11 points lost, of 80 in all.
    assert (checklist.score, checklist.grade) == (Decimal("93.13"), Grade.OUTSTANDING)
    grade_row = page.locator(".govuk-summary-list__row", has_text="Overall grade")
    assert "Outstanding 93.13%" in " ".join(grade_row.inner_text().split())
    assert "Grade by section" in main.inner_text()
    f_row = page.locator("tr", has_text="Section F: Special educational provision")
    assert "50%" in f_row.inner_text()
    assert "Requires improvement" in f_row.inner_text()
    assert_accessible(page, "checklist-submitted")

    # The case officer sees the outcome on the case page.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, officer_north.email)
    page.wait_for_url("**/casework/")
    page.goto("/casework/plans/EHCP-QA-1/")
    quality = page.locator("main").inner_text()
    assert "Quality assurance" in quality
    assert "Section F: speech and language therapy needs who" in quality
    assert_accessible(page, "case-with-checklist")


def test_the_section_saves_itself_as_a_draft_and_says_so(
    page: Page, volunteer: User, assignment: Assignment
):
    checklist = checklist_start_for_assignment(actor=volunteer, assignment=assignment)
    sign_in(page, volunteer.email)
    page.wait_for_url("**/volunteer/")
    page.goto(f"/checklists/{checklist.pk}/sections/1/")
    first = page.locator("fieldset").first
    first.get_by_label("Not met", exact=True).check()
    page.get_by_label("Comment on question 1 (optional)").fill("No date on the invitations.")
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"^Draft saved at \d\d:\d\d$"), timeout=15_000)
    assert_accessible(page, "checklist-autosaved")

    page.reload()
    expect(page.locator("fieldset").first.get_by_label("Not met", exact=True)).to_be_checked()
    assert page.get_by_label("Comment on question 1 (optional)").input_value() == (
        "No date on the invitations."
    )
    answer = Answer.objects.filter(checklist=checklist, item__section__position=1).get(
        item__position=1
    )
    assert (answer.response, answer.comment) == (Response.NOT_MET, "No date on the invitations.")
