"""Volunteers' and headteachers' pages and emails in words: the approval email names one
first day, the history says how a release was decided, and no home page sends a teacher to
the API."""

import datetime

import pytest
from django.core import mail

from tests import factories
from tests.conftest import client_for
from volunteers.agreements import agreement_decide
from volunteers.models import AgreementStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_approval_email_gives_the_same_first_day_in_its_subject_and_body(
    volunteer, headteacher, manager, django_capture_on_commit_callbacks
):
    # Asked on Monday 7 December for Thursdays: the first release day is Thursday 10th.
    agreement = factories.ReleaseAgreementFactory.create(
        volunteer=volunteer,
        weekday=3,
        start_on=datetime.date(2026, 12, 7),
        status=AgreementStatus.REQUESTED,
    )

    with django_capture_on_commit_callbacks(execute=True):
        agreement_decide(actor=headteacher, agreement_id=agreement.pk, verb="approve")

    email = mail.outbox[0]
    assert "Thursdays from 10 December 2026, 12 weeks" in email.subject
    assert "from 10 December 2026" in email.body
    assert "7 December" not in f"{email.subject} {email.body}"


def test_the_release_history_says_how_it_was_decided_in_words(volunteer, headteacher):
    agreement = factories.ReleaseAgreementFactory.create(
        volunteer=volunteer, status=AgreementStatus.REQUESTED
    )
    agreement_decide(actor=headteacher, agreement_id=agreement.pk, verb="approve")

    page = client_for(headteacher).get(f"/release/{agreement.pk}/").content.decode()

    assert "(site)" not in page
    assert "Release approved" in page


@pytest.mark.parametrize("persona", ["volunteer", "headteacher", "manager"])
def test_no_home_page_tells_a_teacher_to_use_the_api(persona, personas):
    home = {"volunteer": "/volunteer/", "headteacher": "/headteacher/", "manager": "/manager/"}

    page = client_for(personas[persona]).get(home[persona]).content.decode()

    assert "/api/v1/auth/token/" not in page
    assert "with a token from" not in page


def test_the_account_page_links_to_the_api_for_those_who_want_it(headteacher):
    page = client_for(headteacher).get("/account/").content.decode()

    assert "API documentation</a>" in page
    assert 'href="/account/api-tokens/"' in page
