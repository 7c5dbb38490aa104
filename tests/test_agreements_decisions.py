"""A headteacher's decisions on a release agreement: each allowed only from its source
states, the reasons some need, who decides, and pausing with a resume date."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from audit.models import Event
from tests import factories
from tests.agreement_cases import TODAY, S, _agreement
from volunteers.agreements import (
    TRANSITIONS,
    AgreementTransitionNotAllowed,
    agreement_decide,
    agreements_resume_due,
)
from volunteers.models import AgreementStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


# (verb, from status, allowed?) for every verb against every status.
CASES = [
    (verb, status, status in transition.sources)
    for verb, transition in TRANSITIONS.items()
    for status in AgreementStatus
]


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
