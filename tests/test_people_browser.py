"""A manager invites a case officer and gives them an area; the officer sets a password
from the emailed link, signs in and sees that area's queue. Each people, area team and
school page passes axe at 1280 px and on a 390 px phone, and is saved as a screenshot."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import Page

from accounts.models import User
from tests import factories
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-long-enough-passphrase-2026"


def test_a_manager_invites_an_officer_who_sets_a_password_and_sees_their_areas_queue(
    page: Page, width: str, manager: User, north, west
):
    factories.ReviewFactory.create(plan=factories.PlanFactory.create(area=north, plan_ref="N-1"))
    factories.ReviewFactory.create(plan=factories.PlanFactory.create(area=west, plan_ref="W-1"))
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")

    page.get_by_role("link", name="People", exact=True).first.click()
    page.wait_for_url("**/manager/people/")
    looked_at(page, "people-list", width)
    page.get_by_role("link", name="Invite a member of staff").click()
    page.get_by_role("button", name="Send the invitation").click()
    assert page.locator(".govuk-error-summary").is_visible()
    looked_at(page, "people-invite-errors", width)
    page.get_by_label("Full name").fill("Priya Officer")
    page.get_by_label("Email address").fill("priya.officer@kent.gov.uk")
    page.get_by_label("Case officer").check()
    page.get_by_label("North").check()
    looked_at(page, "people-invite", width)
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url("**/manager/people/")
    assert "Priya Officer has been invited" in page.inner_text(".govuk-notification-banner")

    page.get_by_role("link", name="Priya Officer").click()
    page.wait_for_url("**/manager/people/*/")
    looked_at(page, "people-person", width)

    match = re.search(r"https?://\S+/welcome/\S+/", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    page.get_by_role("button", name="Sign out").click()
    page.goto(urlparse(match.group(0)).path)
    assert page.get_by_role("heading", level=1).inner_text() == "Set your password"
    looked_at(page, "people-set-password", width)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set your password").click()
    page.wait_for_url("**/sign-in/")

    sign_in(page, "priya.officer@kent.gov.uk", NEW_PASSWORD)
    page.wait_for_url("**/casework/")
    queue = page.inner_text("main")
    assert "Open annual reviews of North" in queue
    assert "N-1" in queue
    assert "W-1" not in queue


def test_the_area_team_and_school_pages_pass_axe(page: Page, width: str, manager: User, north):
    factories.SettingFactory.create(area=north, urn="118234", name="Hythe Bay School")
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")

    page.goto("/manager/area-teams/")
    looked_at(page, "area-teams", width)
    page.get_by_role("link", name="Add an area team").click()
    page.get_by_label("Name of the area team").fill("Thanet")
    looked_at(page, "area-team-add", width)
    page.get_by_role("button", name="Add the area team").click()
    page.wait_for_url("**/manager/area-teams/")
    page.get_by_role("link", name="Rename Thanet").click()
    looked_at(page, "area-team-rename", width)

    page.goto("/manager/settings/")
    looked_at(page, "schools", width)
    page.get_by_role("link", name="Add a school").click()
    page.get_by_role("button", name="Add the school").click()
    assert page.locator(".govuk-error-summary").is_visible()
    looked_at(page, "school-add-errors", width)
    page.goto("/manager/settings/118234/details/")
    looked_at(page, "school-change", width)


def test_a_manager_sees_every_areas_queue(page: Page, width: str, manager: User, north, west):
    factories.ReviewFactory.create(plan=factories.PlanFactory.create(area=north, plan_ref="N-1"))
    factories.ReviewFactory.create(plan=factories.PlanFactory.create(area=west, plan_ref="W-1"))
    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")

    page.get_by_role("link", name="Caseload", exact=True).first.click()
    page.wait_for_url("**/casework/")
    queue = page.inner_text("main")
    assert "N-1" in queue
    assert "W-1" in queue
    looked_at(page, "manager-queue", width)
