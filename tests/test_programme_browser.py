"""The volunteer programme in the browser: a headteacher approves from the email link."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests import factories
from tests.test_browser import axe_violations, browser, page, screenshot, sign_in
from volunteers.agreements import agreement_request
from volunteers.models import AgreementStatus, ReleaseAgreement

__all__ = ["browser", "page"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_headteacher_approves_a_release_from_the_email_link(page: Page, live_server, settings):
    settings.SITE_URL = live_server.url
    school = factories.SettingFactory.create(name="Oakwood Primary School")
    volunteer = factories.VolunteerFactory.create(full_name="Sam Senco", setting=school)
    head = factories.HeadteacherFactory.create(full_name="Hana Head", setting=school)
    agreement_request(volunteer=volunteer, weekday=1, start_on=date(2027, 1, 5), weeks=12)

    [email] = mail.outbox
    assert email.to == [head.email]
    link = re.search(r"http://\S+/release/decide/\S+/", str(email.body))
    assert link, email.body

    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Release request from Sam Senco")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "headteacher-link")
    page.get_by_label("Approve the release").check()
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Release approved")).to_be_visible()
    assert axe_violations(page) == []
    agreement = ReleaseAgreement.objects.get()
    assert agreement.status == AgreementStatus.APPROVED
    assert agreement.decided_by == head
    assert sorted(m.to[0] for m in mail.outbox[1:]) == [volunteer.email]

    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert axe_violations(page) == []


def test_the_headteacher_pauses_a_release_from_their_home_page(page: Page, live_server):
    school = factories.SettingFactory.create()
    volunteer = factories.VolunteerFactory.create(full_name="Sam Senco", setting=school)
    head = factories.HeadteacherFactory.create(setting=school)
    factories.ReleaseAgreementFactory.create(volunteer=volunteer, start_on=date(2027, 1, 4))

    sign_in(page, head.email)
    expect(page.get_by_role("heading", name="Releasing your SENCO")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sam Senco").click()
    assert axe_violations(page) == []
    page.get_by_label("Pause the release").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Give the reason the release is paused.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Reason").fill("Ofsted inspection")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("The release is paused.")).to_be_visible()
    assert ReleaseAgreement.objects.get().status == AgreementStatus.PAUSED
