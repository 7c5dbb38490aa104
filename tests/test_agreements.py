"""Release agreements: requests, every headteacher decision allowed and refused, the signed
email link, the notices sent, and who may see and change an agreement."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from audit.models import Event
from tests import factories
from tests.conftest import client_for
from volunteers.agreements import (
    TRANSITIONS,
    AgreementTransitionNotAllowed,
    agreement_decide,
    agreement_request,
    agreements_resume_due,
)
from volunteers.links import approval_link_token
from volunteers.models import AgreementStatus, ApprovalLink, ProgrammeSettings, ReleaseAgreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = datetime.date(2026, 11, 23)
S = AgreementStatus

# (verb, from status, allowed?) for every verb against every status.
CASES = [
    (verb, status, status in transition.sources)
    for verb, transition in TRANSITIONS.items()
    for status in AgreementStatus
]


def _agreement(volunteer: User, status: AgreementStatus = S.REQUESTED) -> ReleaseAgreement:
    return factories.ReleaseAgreementFactory.create(
        volunteer=volunteer, status=status, start_on=TODAY
    )


@pytest.mark.parametrize(("verb", "status", "allowed"), CASES)
def test_each_decision_is_allowed_only_from_its_source_states(
    verb, status, allowed, volunteer, headteacher, manager, django_capture_on_commit_callbacks
):
    agreement = _agreement(volunteer, status)
    reason = "Ofsted inspection" if TRANSITIONS[verb].needs_reason else ""
    with django_capture_on_commit_callbacks(execute=True):
        if allowed:
            decided = agreement_decide(
                actor=headteacher, agreement_id=agreement.pk, verb=verb, reason=reason
            )
            assert decided.status == TRANSITIONS[verb].target
            assert decided.decided_by == headteacher
            event = Event.objects.get(action=f"agreement.{verb}")
            assert event.actor == headteacher
            assert event.details["from"] == status
            assert event.details["to"] == TRANSITIONS[verb].target
        else:
            with pytest.raises(AgreementTransitionNotAllowed, match="cannot be"):
                agreement_decide(
                    actor=headteacher, agreement_id=agreement.pk, verb=verb, reason=reason
                )
            agreement.refresh_from_db()
            assert agreement.status == status
            assert not Event.objects.filter(action__startswith="agreement.").exists()
    # The SENCO and the programme's manager are told of each decision, and only of those.
    expected = [[volunteer.email], [manager.email]] if allowed else []
    assert [m.to for m in mail.outbox] == expected


@pytest.mark.parametrize("verb", ["decline", "pause", "end"])
def test_declining_pausing_and_ending_need_a_reason(verb, volunteer, headteacher):
    status = S.REQUESTED if verb == "decline" else S.APPROVED
    agreement = _agreement(volunteer, status)
    with pytest.raises(ValidationError) as error:
        agreement_decide(actor=headteacher, agreement_id=agreement.pk, verb=verb, reason="  ")
    assert "reason" in error.value.message_dict
    agreement.refresh_from_db()
    assert agreement.status == status


@pytest.mark.parametrize(
    "who", ["volunteer", "officer_north", "manager", "other_headteacher", "inactive_headteacher"]
)
def test_only_an_active_headteacher_of_the_school_decides(who, personas, volunteer):
    agreement = _agreement(volunteer)
    actors = {
        **personas,
        "other_headteacher": factories.HeadteacherFactory.create(),
        "inactive_headteacher": factories.HeadteacherFactory.create(
            setting=volunteer.setting, is_active=False
        ),
    }
    with pytest.raises(AgreementTransitionNotAllowed, match="Only the headteacher"):
        agreement_decide(actor=actors[who], agreement_id=agreement.pk, verb="approve")
    agreement.refresh_from_db()
    assert agreement.status == S.REQUESTED


def test_a_pause_keeps_its_resume_date_and_the_daily_task_resumes_it(
    volunteer, headteacher, django_capture_on_commit_callbacks
):
    agreement = _agreement(volunteer, S.APPROVED)
    resume_on = TODAY + datetime.timedelta(days=10)
    agreement_decide(
        actor=headteacher,
        agreement_id=agreement.pk,
        verb="pause",
        reason="Strike days",
        resume_on=resume_on,
    )
    assert agreements_resume_due(today=resume_on - datetime.timedelta(days=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert agreements_resume_due(today=resume_on) == 1
    agreement.refresh_from_db()
    assert agreement.status == S.APPROVED
    assert agreement.resume_on is None
    assert Event.objects.filter(action="agreement.resume", actor=None).exists()
    assert any("resumed" in m.subject for m in mail.outbox)


def test_a_resume_date_must_be_in_the_future(volunteer, headteacher):
    agreement = _agreement(volunteer, S.APPROVED)
    with pytest.raises(ValidationError) as error:
        agreement_decide(
            actor=headteacher,
            agreement_id=agreement.pk,
            verb="pause",
            reason="Strike",
            resume_on=TODAY,
        )
    assert error.value.message_dict["resume_on"] == ["The resume date must be after today."]


# Requests ---------------------------------------------------------------------------------


def test_a_request_emails_each_headteacher_of_the_school_a_link(
    volunteer, headteacher, django_capture_on_commit_callbacks
):
    second_head = factories.HeadteacherFactory.create(setting=volunteer.setting)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreement_request(
            volunteer=volunteer, weekday=2, start_on=TODAY, weeks=12, today=TODAY
        )
    assert agreement.status == S.REQUESTED
    assert agreement.first_day == datetime.date(2026, 11, 25)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([headteacher.email, second_head.email])
    links = list(ApprovalLink.objects.filter(agreement=agreement))
    assert sorted(link.headteacher.email for link in links) == sorted(
        [headteacher.email, second_head.email]
    )
    for link in links:
        assert any(
            approval_link_token(link) in m.body
            for m in mail.outbox
            if link.headteacher.email in m.to
        )
    assert Event.objects.get(action="agreement.requested").actor == volunteer


def test_a_request_from_a_school_without_a_headteacher_account_tells_the_manager(
    volunteer, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement_request(volunteer=volunteer, weekday=1, start_on=TODAY, weeks=4, today=TODAY)
    [email] = mail.outbox
    assert email.to == [manager.email]
    assert "no headteacher account" in email.subject
    assert f"--setting {volunteer.setting.urn}" in str(email.body)
    assert not ApprovalLink.objects.exists()


@pytest.mark.parametrize(
    ("weekday", "start_on", "weeks", "field", "message"),
    [
        (5, TODAY, 4, "weekday", "Choose a weekday from Monday to Friday."),
        (1, TODAY - datetime.timedelta(days=1), 4, "start_on", "must be today"),
        (1, TODAY, 0, "weeks", "between 1 and 12"),
        (1, TODAY, 13, "weeks", "between 1 and 12"),
    ],
)
def test_a_request_outside_the_programme_limits_is_refused(
    weekday, start_on, weeks, field, message, volunteer
):
    with pytest.raises(ValidationError) as error:
        agreement_request(
            volunteer=volunteer, weekday=weekday, start_on=start_on, weeks=weeks, today=TODAY
        )
    assert message in error.value.message_dict[field][0]
    assert not ReleaseAgreement.objects.exists()


@pytest.mark.parametrize(
    ("existing_status", "refused"),
    [
        (S.REQUESTED, True),
        (S.APPROVED, True),
        (S.PAUSED, True),
        (S.DECLINED, False),
        (S.ENDED, False),
    ],
)
def test_a_volunteer_gives_at_most_one_day_a_week(existing_status, refused, volunteer):
    _agreement(volunteer, existing_status)
    if refused:
        with pytest.raises(ValidationError, match="already have"):
            agreement_request(volunteer=volunteer, weekday=3, start_on=TODAY, weeks=2, today=TODAY)
        assert ReleaseAgreement.objects.count() == 1
    else:
        agreement_request(volunteer=volunteer, weekday=3, start_on=TODAY, weeks=2, today=TODAY)
        assert ReleaseAgreement.objects.count() == 2


def test_a_second_day_a_week_is_allowed_when_the_programme_allows_two(volunteer):
    ProgrammeSettings.objects.update_or_create(pk=1, defaults={"days_per_week": 2})
    _agreement(volunteer, S.APPROVED)
    agreement_request(volunteer=volunteer, weekday=3, start_on=TODAY, weeks=2, today=TODAY)
    with pytest.raises(ValidationError, match="Tuesday release"):
        agreement_request(volunteer=volunteer, weekday=1, start_on=TODAY, weeks=2, today=TODAY)


def test_a_request_after_an_agreement_has_run_its_course_is_allowed(volunteer):
    _agreement(volunteer, S.APPROVED)  # Tuesdays 24 November 2026 to 9 February 2027
    agreement_request(
        volunteer=volunteer, weekday=1, start_on=datetime.date(2027, 2, 10), weeks=4, today=TODAY
    )
    assert ReleaseAgreement.objects.count() == 2


def test_the_request_page_shows_each_mistake_and_saves_nothing(volunteer):
    response = client_for(volunteer).post(
        reverse("volunteers:request-release"),
        {"start_on_0": "31", "start_on_1": "2", "start_on_2": "2027", "weeks": "20"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["weekday"] == ["Choose the day of the week"]
    assert errors["start_on"] == ["Enter a real date, like 12 1 2027"]
    assert errors["weeks"] == ["The number of weeks must be 12 or fewer"]
    assert not ReleaseAgreement.objects.exists()


def test_the_request_page_sends_a_request(volunteer, headteacher):
    response = client_for(volunteer).post(
        reverse("volunteers:request-release"),
        {
            "weekday": "2",
            "start_on_0": "25",
            "start_on_1": "11",
            "start_on_2": "2026",
            "weeks": "12",
        },
    )
    agreement = ReleaseAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:agreement", args=[agreement.pk])
    assert agreement.weekday == 2


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


# Who may see and change an agreement --------------------------------------------------------

# (persona, may see, may decide)
MATRIX = [
    ("headteacher", 200, 302),
    ("volunteer", 200, 403),
    ("officer_north", 200, 403),
    ("officer_west", 200, 403),
    ("manager", 200, 403),
    ("other_headteacher", 404, 404),
    ("other_volunteer", 404, 404),
    ("editor", 403, 403),
]


@pytest.mark.parametrize(("who", "get_status", "post_status"), MATRIX)
def test_the_agreement_page_follows_the_access_rule(who, get_status, post_status, personas):
    volunteer = personas["volunteer"]
    agreement = _agreement(volunteer)
    people = {
        **personas,
        "other_headteacher": factories.HeadteacherFactory.create(),
        "other_volunteer": factories.VolunteerFactory.create(),
    }
    client = client_for(people[who])
    url = reverse("volunteers:agreement", args=[agreement.pk])
    assert client.get(url).status_code == get_status
    assert client.post(url, {"decision": "approve"}).status_code == post_status
    agreement.refresh_from_db()
    assert agreement.status == (S.APPROVED if post_status == 302 else S.REQUESTED)


def test_a_headteacher_sees_only_their_own_schools_agreements_on_their_home_page(
    volunteer, headteacher
):
    own = _agreement(volunteer)
    elsewhere = _agreement(factories.VolunteerFactory.create(full_name="Someone Elsewhere"))
    response = client_for(headteacher).get(reverse("volunteers:headteacher-home"))
    assert response.status_code == 200
    assert list(response.context["waiting"]) == [own]
    assert elsewhere.volunteer.full_name.encode() not in response.content


def test_the_headteacher_pauses_from_the_site_with_a_resume_date(volunteer, headteacher):
    agreement = _agreement(volunteer, S.APPROVED)
    response = client_for(headteacher).post(
        reverse("volunteers:agreement", args=[agreement.pk]),
        {
            "decision": "pause",
            "reason": "Ofsted inspection",
            "resume_on_0": "7",
            "resume_on_1": "12",
            "resume_on_2": "2026",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.PAUSED
    assert agreement.resume_on == datetime.date(2026, 12, 7)
    assert agreement.reason == "Ofsted inspection"
