"""In the browser, at 1280 px and on a 390 px phone: a case officer invites a parent from the
case page, and the parent signs in with the code emailed to them (read from a local SMTP
server); every page passes axe."""

import re

import pytest
from playwright.sync_api import Page

from accounts.models import User
from tests.factories import ChildFactory, PlanFactory
from tests.smtp_server import smtp_stand_in, use_smtp
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _last_email(server) -> str:
    body = server.received[-1].get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def _code(server) -> str:
    match = re.search(r"^(\d{6})\r?$", _last_email(server), re.MULTILINE)
    assert match
    return match.group(1)


def test_an_officer_invites_a_parent_who_signs_in_with_the_emailed_code(
    page: Page, width: str, officer_north: User, north, settings
):
    plan = PlanFactory.create(area=north, child=ChildFactory.create(forename="Amara"))
    with smtp_stand_in() as server:
        use_smtp(settings, server.port)

        sign_in(page, officer_north.email)
        page.wait_for_url("**/casework/")
        page.goto(f"/casework/plans/{plan.plan_ref}/")
        page.get_by_role("link", name="Invite a family member").click()
        looked_at(page, "family-invite", width)
        page.get_by_label("Full name").fill("Sara O'Neil")
        page.get_by_label("Email address").fill("sara@example.org")
        page.get_by_label("Parent", exact=True).check()
        page.get_by_role("button", name="Send the invitation").click()
        # On a phone each cell is labelled by its column ("Name: "), so find the text itself.
        family = page.get_by_role("table", name="Family members who follow the plan online")
        assert family.locator("td", has_text="Sara O'Neil").first.is_visible()
        assert "/sign-in/family/" in _last_email(server)
        page.context.clear_cookies()

        page.goto("/sign-in/")
        page.get_by_role("link", name="Sign in to follow your child's review").click()
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Sign in to follow your child's review"
        )
        looked_at(page, "family-sign-in", width)
        page.get_by_label("Email address").fill("sara@example.org")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/sign-in/family/code/")
        assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
        looked_at(page, "family-check-email", width)

        page.get_by_label("Code").fill("000000" if _code(server) != "000000" else "111111")
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_text("The code is not right").first.is_visible()
        looked_at(page, "family-wrong-code", width)

        page.get_by_label("Code").fill(_code(server))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/family/")
        assert page.get_by_text("Amara").first.is_visible()
        looked_at(page, "family-home", width)
