"""A school asks professionals for advice on its own reviews, through the same rules and
email as the case page; another school's staff cannot; overdue advice shows in the school's
list; and the school records the advice circulated once all of it is in."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from audit.models import Event
from contributions.advice import advice_request_may_create
from contributions.advice_models import AdviceRequest
from tests import factories
from tests.case_page_cases import date_fields
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

MEETING = date(2027, 1, 20)


@pytest.fixture
def review(senco: User, north):
    """An open review of a child at the SENCO's school (school A), its meeting planned."""
    plan = factories.PlanFactory.create(
        area=north,
        setting=senco.setting,
        plan_ref="EHCP-ADV-1",
        child__forename="Amara",
        child__surname="O'Brien",
    )
    return factories.ReviewFactory.create(
        plan=plan, due_on=date(2027, 2, 1), meeting_planned_on=MEETING, recomputed=True
    )


def _request_url(review) -> str:
    return reverse("portal:school-advice-request", args=[review.pk])


def _form(**changes: str) -> dict[str, str]:
    return {
        "name": "Dr Priya O'Shea",
        "email": "priya.oshea@example.nhs.uk",
        "service": "educational_psychology",
        "question": "What support does Amara need with reading?",
        "due_on_0": "6",
        "due_on_1": "1",
        "due_on_2": "2027",
        **changes,
    }


def test_school_staff_of_school_a_ask_a_professional_for_advice_and_they_are_emailed_a_link(
    senco, review, django_capture_on_commit_callbacks
):
    client = client_for(senco)
    assert client.get(_request_url(review)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_request_url(review), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:school-review", args=[review.pk])
    advice = AdviceRequest.objects.get()
    assert (advice.review, advice.due_on, advice.requested_by) == (
        review,
        date(2027, 1, 6),
        senco,
    )
    event = Event.objects.get(action="advice.requested")
    assert event.actor == senco
    assert event.details["name"] == "Dr Priya O'Shea"
    [email] = mail.outbox
    assert email.to == ["priya.oshea@example.nhs.uk"]
    assert "6 January 2027" in email.subject
    assert "O'Brien" not in email.body
    page = client.get(reverse("portal:school-review", args=[review.pk])).content.decode()
    assert escape("Dr Priya O'Shea") in page
    assert "Requested" in page
    assert "Due by 6 January 2027" in page


def test_the_schools_review_page_links_to_asking_for_advice(senco, review):
    page = client_for(senco).get(reverse("portal:school-review", args=[review.pk]))
    assert _request_url(review).encode() in page.content
    assert b"No advice has been requested for this review." in page.content


def test_opening_the_schools_advice_form_is_a_read_of_the_childs_record(senco, review):
    client_for(senco).get(_request_url(review))
    event = Event.objects.get(action="plan.viewed", actor=senco)
    assert event.details["page"] == "school advice request"


def test_staff_of_school_b_get_404_asking_for_advice_on_a_child_at_school_a(
    review, north, django_capture_on_commit_callbacks
):
    other = factories.SchoolStaffUserFactory.create(setting__area=north)
    client = client_for(other)
    assert client.get(_request_url(review)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_request_url(review), _form()).status_code == 404
    assert not AdviceRequest.objects.exists()
    assert not Event.objects.filter(action="advice.requested").exists()
    assert mail.outbox == []
    assert not advice_request_may_create(other, review)


# Who may open the school's advice form: only the staff of the child's school; the council
# asks from the case page, and a headteacher or volunteer not on the staff list sees nothing.
FORM_MATRIX = {
    "senco": 200,
    "headteacher": 404,
    "volunteer": 404,
    "officer_north": 403,
    "manager": 403,
    "editor": 403,
}


@pytest.mark.parametrize("persona", FORM_MATRIX)
def test_only_the_schools_staff_open_its_advice_form(persona, personas, review):
    response = client_for(personas[persona]).get(_request_url(review))
    assert response.status_code == FORM_MATRIX[persona]


def test_the_school_loses_the_right_to_ask_when_the_child_leaves(senco, review, north):
    plan = review.plan
    plan.setting = factories.SettingFactory.create(area=north)
    plan.save()
    assert not advice_request_may_create(senco, review)
    assert client_for(senco).get(_request_url(review)).status_code == 404


def test_the_case_officer_still_asks_for_advice_and_a_headteacher_not_on_the_list_cannot(
    review, officer_north, headteacher
):
    assert advice_request_may_create(officer_north, review)
    assert not advice_request_may_create(headteacher, review)


def test_a_due_date_too_close_to_the_meeting_names_the_latest_and_saves_nothing(senco, review):
    response = client_for(senco).post(_request_url(review), _form(due_on_0="15"))
    assert response.status_code == 400
    assert "The advice must be due by 6 January 2027" in response.content.decode()
    assert not AdviceRequest.objects.exists()


def test_overdue_advice_shows_in_the_schools_list(senco, review):
    factories.AdviceRequestFactory.create(
        review=review, name="Sam O'Neill", due_on=date(2026, 11, 20)
    )
    factories.AdviceRequestFactory.create(review=review, name="Jo Awaited", due_on=date(2027, 1, 6))
    page = client_for(senco).get(reverse("portal:school-home")).content.decode()
    assert "Advice overdue" in page
    assert escape("Sam O'Neill") in page
    assert "Jo Awaited" not in page


def test_a_schools_list_without_overdue_advice_shows_none(senco, review):
    factories.AdviceRequestFactory.create(review=review, received=True, due_on=date(2026, 11, 20))
    page = client_for(senco).get(reverse("portal:school-home")).content.decode()
    assert "Advice overdue" not in page


def test_the_school_records_the_advice_circulated_once_all_of_it_is_in(senco, review):
    client = client_for(senco)
    step_url = reverse("portal:school-review-step", args=[review.pk, "circulate-advice"])
    advice = factories.AdviceRequestFactory.create(review=review, name="Dr Priya Shah")
    assert (
        step_url.encode()
        not in client.get(reverse("portal:school-review", args=[review.pk])).content
    )
    assert client.post(step_url, date_fields(date(2026, 11, 23), review.version)).status_code == 403
    review.refresh_from_db()
    assert review.advice_circulated_on is None

    AdviceRequest.objects.filter(pk=advice.pk).update(received_at="2026-11-22T10:00:00Z")
    assert (
        step_url.encode() in client.get(reverse("portal:school-review", args=[review.pk])).content
    )
    response = client.post(step_url, date_fields(date(2026, 11, 23), review.version))
    assert response.status_code == 302, response.content.decode()
    review.refresh_from_db()
    assert review.advice_circulated_on == date(2026, 11, 23)
    recorded = Event.objects.get(action="school.step_recorded", actor=senco)
    assert recorded.details["step"] == "Record the advice circulated"
    assert (
        step_url.encode()
        not in client.get(reverse("portal:school-review", args=[review.pk])).content
    )


def test_the_schools_list_prompts_asking_for_advice_until_two_weeks_before_the_meeting(
    senco, review
):
    page = client_for(senco).get(reverse("portal:school-home")).content.decode()
    assert "Ask professionals for advice" in page
    assert "by 6 January 2027" in page
    assert _request_url(review) in page


def test_the_prompt_to_ask_for_advice_goes_once_advice_is_asked_for(senco, review):
    factories.AdviceRequestFactory.create(review=review, due_on=date(2027, 1, 6))
    page = client_for(senco).get(reverse("portal:school-home")).content.decode()
    assert "Ask professionals for advice" not in page


def test_advice_can_be_asked_for_in_time_until_the_day_two_weeks_before_the_meeting():
    from contributions.school_work import school_advice_until

    planned = factories.ReviewFactory.build(meeting_planned_on=MEETING)
    assert school_advice_until(planned, asked=False, today=date(2027, 1, 6)) == date(2027, 1, 6)
    assert school_advice_until(planned, asked=False, today=date(2027, 1, 7)) is None
    assert school_advice_until(planned, asked=True, today=date(2026, 12, 1)) is None
    not_planned = factories.ReviewFactory.build(meeting_planned_on=None)
    assert school_advice_until(not_planned, asked=False, today=date(2026, 12, 1)) is None
