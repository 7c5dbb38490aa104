"""Requesting a release agreement: the email to each headteacher, the programme's limits,
days a week, and the request page."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import Event
from tests import factories
from tests.agreement_cases import TODAY, S, _agreement
from tests.conftest import client_for
from volunteers.agreements import agreement_request
from volunteers.links import approval_link_token
from volunteers.models import ApprovalLink, ProgrammeSettings, ReleaseAgreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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
