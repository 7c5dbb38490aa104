"""The signed email link a headteacher decides a release agreement from: opening it, using
it once, its seven days, tampering, and when it stops working."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from audit.models import Event
from tests import factories
from tests.agreement_cases import S, _agreement
from tests.conftest import client_for
from volunteers.agreements import agreement_decide
from volunteers.links import approval_link_token
from volunteers.models import ApprovalLink

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# The signed link ---------------------------------------------------------------------------


@pytest.fixture
def link(volunteer, headteacher) -> ApprovalLink:
    agreement = _agreement(volunteer)
    return ApprovalLink.objects.create(agreement=agreement, headteacher=headteacher)


def _url(link: ApprovalLink) -> str:
    return reverse("volunteers:decide-by-link", args=[approval_link_token(link)])


def test_the_link_opens_the_request_without_signing_in_and_changes_nothing(client, link):
    response = client.get(_url(link))
    assert response.status_code == 200
    assert b"Release request from" in response.content
    link.refresh_from_db()
    assert link.used_at is None
    assert link.agreement.status == S.REQUESTED


def test_the_link_approves_once_then_says_it_was_used(client, link, headteacher):
    response = client.post(_url(link), {"decision": "approve"})
    assert response.status_code == 200
    assert b"Release approved" in response.content
    link.refresh_from_db()
    assert link.used_at == datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC)
    assert link.agreement.status == S.APPROVED
    event = Event.objects.get(action="agreement.approve")
    assert event.actor == headteacher
    assert event.details["via"] == "email link"

    again = client.post(_url(link), {"decision": "decline", "reason": "Changed my mind"})
    assert again.status_code == 410
    assert b"This link has already been used" in again.content
    link.agreement.refresh_from_db()
    assert link.agreement.status == S.APPROVED
    assert client.get(_url(link)).status_code == 410


def test_the_link_fails_after_seven_days(client, link):
    url = _url(link)
    with time_machine.travel("2026-11-30 10:00:01+00:00", tick=False):
        response = client.post(url, {"decision": "approve"})
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    link.agreement.refresh_from_db()
    assert link.agreement.status == S.REQUESTED


def test_the_link_still_works_just_before_seven_days(client, link):
    url = _url(link)
    with time_machine.travel("2026-11-30 09:59:00+00:00", tick=False):
        assert client.post(url, {"decision": "approve"}).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token[1:],
        lambda token: token.split(":")[0] + ":forged:signature",
    ],
    ids=["signature altered", "payload altered", "signature forged"],
)
def test_a_tampered_link_is_refused(client, link, tamper):
    url = reverse("volunteers:decide-by-link", args=[tamper(approval_link_token(link))])
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 410
    assert b"This link is not valid" in response.content
    link.agreement.refresh_from_db()
    assert link.agreement.status == S.REQUESTED


def test_the_link_refuses_another_signed_in_headteacher(link):
    other = factories.HeadteacherFactory.create()
    response = client_for(other).post(_url(link), {"decision": "approve"})
    assert response.status_code == 410
    assert b"This link was sent to someone else" in response.content
    link.agreement.refresh_from_db()
    assert link.agreement.status == S.REQUESTED


def test_the_link_stops_working_once_the_request_is_decided_on_the_site(client, link, headteacher):
    agreement_decide(actor=headteacher, agreement_id=link.agreement_id, verb="approve")
    response = client.get(_url(link))
    assert response.status_code == 410
    assert b"already been used" in response.content


def test_the_link_stops_working_for_a_headteacher_who_has_left(client, link, headteacher):
    headteacher.is_active = False
    headteacher.save()
    response = client.post(_url(link), {"decision": "approve"})
    assert response.status_code == 410
    assert b"can no longer be used" in response.content


def test_declining_from_the_link_needs_a_reason(client, link):
    response = client.post(_url(link), {"decision": "decline", "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Give the reason the release is declined."]
    link.refresh_from_db()
    assert link.used_at is None


def test_the_link_offers_only_approve_or_decline(client, link):
    response = client.post(_url(link), {"decision": "end", "reason": "x"})
    assert response.status_code == 400
    assert link.agreement.status == S.REQUESTED
