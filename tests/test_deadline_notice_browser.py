"""The officer's form for saying a statutory step will be late, in the browser at desktop width
and on a 390 px phone: empty, refused with its errors, and saved, each passing axe; the case
page then shows what the family was told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from common.dates import long_date
from contributions.models import DeadlineNotice
from tests import factories
from tests.test_browser import browser, looked_at, page, width
from tests.test_family_browser import signed_in_as

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_says_a_decision_will_be_late_and_the_family_is_told(
    page: Page, width: str, live_server, north, officer_north, parent
):
    today = timezone.localdate()
    plan = factories.PlanFactory.create(
        area=north,
        case_officer=officer_north,
        child=factories.ChildFactory.create(forename="Siobhán", surname="O'Connor"),
    )
    factories.FamilyMemberFactory.create(plan=plan, user=parent)
    review = factories.ReviewFactory.create(
        plan=plan,
        due_on=today + timedelta(days=10),
        held=True,
        meeting_on=today - timedelta(days=10),
        recomputed=True,
    )
    signed_in_as(page, officer_north, live_server.url)
    page.goto(
        f"{live_server.url}/casework/plans/{plan.plan_ref}/reviews/{review.pk}/late/decision/"
    )
    expect(page.get_by_label("Why will it be late?")).to_be_visible()
    looked_at(page, "deadline-notice-form", width)

    page.get_by_role("button", name="Save and tell the family").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reason, in words the family will understand")
    expect(summary).to_contain_text("Enter the date you now expect it")
    looked_at(page, "deadline-notice-errors", width)

    expected = today + timedelta(days=60)
    page.get_by_label("Why will it be late?").fill("the school's report came 3 weeks late")
    page.get_by_label("Day").fill(str(expected.day))
    page.get_by_label("Month").fill(str(expected.month))
    page.get_by_label("Year").fill(str(expected.year))
    page.get_by_role("button", name="Save and tell the family").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 family member told")
    notices = page.get_by_role("table", name="What the family was told")
    expect(notices).to_contain_text("the school's report came 3 weeks late")
    expect(notices).to_contain_text(long_date(expected))
    looked_at(page, "deadline-notice-saved", width)
    notice = DeadlineNotice.objects.get(review=review, step="decision")
    assert notice.expected_on == expected
    assert [message.to for message in mail.outbox] == [[parent.email]]
