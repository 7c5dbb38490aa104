"""A parent opens their home page, their child's review and its letters, on a 390 px phone
and at desktop width; each page passes axe and nothing runs off the side of the phone."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import User
from documents.letters import decision_letter_key
from documents.models import DocumentKind
from documents.services import document_store
from tests import factories
from tests.test_browser import browser, looked_at, page, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in_as(page: Page, user: User, base_url: str) -> None:
    """The person's session in the browser, however the service signs people in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def test_a_parent_follows_their_childs_review_and_reads_its_letters(
    page: Page, width: str, live_server, north, parent: User
):
    officer = factories.CaseOfficerFactory.create(
        full_name="Jo O'Neill", phone="01622 000 111", areas=[north]
    )
    today = timezone.localdate()
    plan = factories.PlanFactory.create(
        area=north,
        case_officer=officer,
        child=factories.ChildFactory.create(forename="Amira", surname="Khan"),
    )
    factories.FamilyMemberFactory.create(plan=plan, user=parent)
    earlier = factories.ReviewFactory.create(
        plan=plan, concluded=True, due_on=today - timedelta(days=400)
    )
    review = factories.ReviewFactory.create(
        plan=plan,
        is_first_review=False,
        amended=True,
        due_on=today - timedelta(days=20),
        decision_notified_on=today - timedelta(days=3),
        recomputed=True,
    )
    document_store(
        plan=plan,
        review=review,
        kind=DocumentKind.LETTER,
        title="Decision letter",
        filename="decision-letter.pdf",
        data=PDF,
        actor=None,
        source_key=decision_letter_key(review.pk),
    )
    other = factories.PlanFactory.create(
        area=north, child=factories.ChildFactory.create(forename="Omar", surname="Khan")
    )
    factories.FamilyMemberFactory.create(plan=other, user=parent)
    factories.ReviewFactory.create(plan=other, due_on=date(2027, 3, 1), recomputed=True)
    assert earlier.meeting_on is not None

    signed_in_as(page, parent, live_server.url)
    page.goto("/family/")
    main = page.inner_text("main")
    assert "Amira Khan" in main
    assert "Omar Khan" in main
    looked_at(page, "family-home", width)

    page.get_by_role("link", name="Amira Khan").click()
    page.wait_for_url(f"**/family/plans/{plan.pk}/")
    main = page.inner_text("main")
    assert "Tell us what you think of the changes by" in main
    assert "Your case officer is Jo O'Neill." in main
    looked_at(page, "family-progress", width)
    page.get_by_text("Earlier reviews").click()
    looked_at(page, "family-progress-earlier", width)

    page.get_by_role("link", name="Read the letters we sent you").click()
    page.wait_for_url(f"**/family/plans/{plan.pk}/letters/")
    assert "Our decision and the changes we want to make" in page.inner_text("main")
    looked_at(page, "family-letters", width)
