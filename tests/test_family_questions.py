"""Questions from the family to the case officer: the family sends one, the officer is told
and answers it on the case page, the family is told and reads the answer; the time to answer
counts in working days, and an unanswered question past its last day shows in the officer's
worklist; an officer records a question that came by phone or on paper."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.utils.html import escape

from audit.models import Event
from common.dates import working_days_after
from contributions.family_questions import question_answer_due
from contributions.family_views_models import Channel, FamilyQuestion
from tests import family_part_cases
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

review = family_part_cases.review
member = family_part_cases.member
other_review = family_part_cases.other_review

HOSTILE = "<b>Why</b> is <script>x()</script> O'Neill's review late?"


def questions_url(plan):
    return f"/family/plans/{plan.pk}/questions/"


def case_url(plan, tail=""):
    return f"/casework/plans/{plan.plan_ref}/{tail}"


@pytest.mark.parametrize(
    ("asked", "days", "due"),
    [
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday: the Monday after
        (date(2026, 11, 27), 5, date(2026, 12, 4)),  # Friday: the Friday after
        (date(2026, 11, 28), 5, date(2026, 12, 4)),  # Saturday: counts from Monday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday: Monday
        (date(2026, 11, 25), 0, date(2026, 11, 25)),
    ],
)
def test_working_days_are_counted_monday_to_friday(asked, days, due):
    assert working_days_after(asked, days) == due


def test_the_time_to_answer_is_the_setting_in_working_days(settings):
    settings.FAMILY_QUESTION_ANSWER_DAYS = 2
    assert question_answer_due(date(2026, 11, 26)) == date(2026, 11, 30)


def test_a_parent_sends_a_question_and_the_case_officer_is_told(parent, member, review):
    response = client_for(parent).post(questions_url(review.plan), {"text": "When is it?"})
    assert response.status_code == 302
    question = FamilyQuestion.objects.get()
    assert question.asked_by == member
    assert question.channel == Channel.ONLINE
    assert question.answer_due_on == date(2026, 11, 30)
    assert [m.to for m in mail.outbox] == [["officer.north@example.org"]]
    assert "When is it?" not in mail.outbox[0].body  # where to read it, not what it says
    assert Event.objects.filter(action="family_question.asked", actor=parent).exists()


def test_an_empty_question_is_refused(parent, member, review):
    response = client_for(parent).post(questions_url(review.plan), {"text": "   "})
    assert response.status_code == 400
    assert "Enter your question" in response.content.decode()
    assert not FamilyQuestion.objects.exists()


def test_a_question_over_the_limit_is_refused(parent, member, review):
    response = client_for(parent).post(questions_url(review.plan), {"text": "x" * 2001})
    assert response.status_code == 400
    assert "2,000 characters or fewer" in response.content.decode()
    assert not FamilyQuestion.objects.exists()


def test_html_in_a_question_is_shown_as_text(parent, member, review, officer_north):
    client_for(parent).post(questions_url(review.plan), {"text": HOSTILE})
    for page in (
        client_for(parent).get(questions_url(review.plan)),
        client_for(officer_north).get(case_url(review.plan)),
    ):
        content = page.content.decode()
        assert escape(HOSTILE) in content
        assert HOSTILE not in content


def test_the_officer_answers_and_the_family_is_told_and_reads_the_answer(
    parent, member, review, officer_north
):
    client_for(parent).post(questions_url(review.plan), {"text": "When is it?"})
    question = FamilyQuestion.objects.get()
    mail.outbox.clear()
    response = client_for(officer_north).post(
        case_url(review.plan, f"questions/{question.pk}/answer/"),
        {"answer": "On 30 November at 10am."},
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["parent@example.org"]]
    page = client_for(parent).get(questions_url(review.plan)).content.decode()
    assert "On 30 November at 10am." in page
    assert Event.objects.filter(action="family_question.answered").exists()


def test_a_question_is_answered_once(parent, member, review, officer_north):
    client_for(parent).post(questions_url(review.plan), {"text": "When is it?"})
    question = FamilyQuestion.objects.get()
    officer = client_for(officer_north)
    officer.post(case_url(review.plan, f"questions/{question.pk}/answer/"), {"answer": "Soon"})
    again = officer.post(
        case_url(review.plan, f"questions/{question.pk}/answer/"), {"answer": "Later"}
    )
    assert again.status_code == 400
    question.refresh_from_db()
    assert question.answer == "Soon"


def test_an_empty_answer_is_refused(parent, member, review, officer_north):
    client_for(parent).post(questions_url(review.plan), {"text": "When is it?"})
    question = FamilyQuestion.objects.get()
    response = client_for(officer_north).post(
        case_url(review.plan, f"questions/{question.pk}/answer/"), {"answer": ""}
    )
    assert response.status_code == 400
    assert "Enter your answer" in response.content.decode()


def test_an_officer_records_a_question_that_came_by_phone(officer_north, review):
    response = client_for(officer_north).post(
        case_url(review.plan, "questions/new/"),
        {"channel": "phone", "given_by_name": "Sam's father", "text": "Is the meeting on?"},
    )
    assert response.status_code == 302
    question = FamilyQuestion.objects.get()
    assert question.channel == Channel.PHONE
    assert question.recorded_by == officer_north
    assert question.asker == "Sam's father"
    assert mail.outbox == []  # the officer recorded it: nobody to tell


def test_an_unanswered_question_is_overdue_in_the_worklist_only_after_its_last_day(
    parent, member, review, officer_north, officer_west
):
    client_for(parent).post(questions_url(review.plan), {"text": "When is it?"})
    with time_machine.travel("2026-11-30 17:00:00+00:00", tick=False):  # the last day
        officer = client_for(officer_north)
        assert "waiting too long" not in officer.get("/casework/notifications/").content.decode()
        assert "from families" not in officer.get("/casework/").content.decode()
    with time_machine.travel("2026-12-01 08:00:00+00:00", tick=False):  # the day after
        officer = client_for(officer_north)
        worklist = officer.get("/casework/notifications/").content.decode()
        assert "waiting too long" in worklist
        assert "EHCP-FAM-1" in worklist
        assert "1 question from families" in officer.get("/casework/").content.decode()
        elsewhere = client_for(officer_west).get("/casework/notifications/").content.decode()
        assert "waiting too long" not in elsewhere


def test_an_answered_question_is_not_overdue(parent, member, review, officer_north):
    client_for(parent).post(questions_url(review.plan), {"text": "When is it?"})
    question = FamilyQuestion.objects.get()
    client_for(officer_north).post(
        case_url(review.plan, f"questions/{question.pk}/answer/"), {"answer": "Soon"}
    )
    with time_machine.travel("2026-12-10 08:00:00+00:00", tick=False):
        page = client_for(officer_north).get("/casework/notifications/").content.decode()
    assert "Notifications" in page
    assert "waiting too long" not in page


def test_a_parent_cannot_ask_about_another_childs_plan(parent, member, other_review):
    response = client_for(parent).post(questions_url(other_review.plan), {"text": "Hello"})
    assert response.status_code == 404
    assert not FamilyQuestion.objects.exists()
