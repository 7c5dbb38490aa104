"""The managers' page of emails not sent passes axe at 1280 px and on a 390 px phone, and is
reached from the manager's home, which gives the number not sent."""

import pytest
from playwright.sync_api import Page

from accounts.models import User
from common.notices import email_send
from tests.smtp_server import free_port, smtp_stand_in, use_smtp
from tests.test_browser import browser, looked_at, page, sign_in, width

__all__ = ["browser", "page", "width"]  # fixtures shared with tests/test_browser.py

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_finds_the_emails_not_sent_from_their_home_page(
    page: Page, width: str, manager: User, settings
):
    invitation = {
        "kind": "staff_invitation",
        "subject": "Set your password for Manage EHCP annual reviews",
        "body": "Set your password: https://example.org/join/abc/",
    }
    with smtp_stand_in() as server:
        use_smtp(settings, server.port)
        server.refuse["nobody@example.org"] = ["550 5.1.1 No such mailbox"]
        email_send(to="nobody@example.org", **invitation)
    use_smtp(settings, free_port())  # nothing listens there
    email_send(to="aoife.o'neill@example.org", **invitation)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    sign_in(page, manager.email)
    page.wait_for_url("**/manager/")
    assert page.get_by_text("1 not sent").is_visible()
    page.get_by_role("link", name="emails the service could not send").click()
    page.wait_for_url("**/manager/emails/")
    assert page.get_by_role("heading", level=1).inner_text() == "Emails not sent"
    assert page.get_by_text(
        "The mail server refused the address: 550 5.1.1 No such mailbox"
    ).is_visible()
    looked_at(page, "manager-emails", width)
