"""Advice requests to professionals: asking from the case page, the signed link a
professional gives advice from without an account, every way a link is refused, and the
reminders (docs/decisions/0021)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail, signing
from django.urls import reverse
from django.utils.html import escape

from audit.models import Event
from contributions.advice import advice_reminders_send
from contributions.advice_links import SALT, advice_link_token
from contributions.advice_models import AdviceRequest
from documents.models import Document, DocumentKind
from reviews.models import ReviewStatus
from tests import factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MEETING = datetime.date(2027, 1, 20)


@pytest.fixture
def review(north):
    return factories.ReviewFactory.create(
        plan__area=north,
        plan__child__forename="Amara",
        plan__child__surname="O'Brien",
        meeting_planned_on=MEETING,
        recomputed=True,
    )


@pytest.fixture
def advice(review) -> AdviceRequest:
    return factories.AdviceRequestFactory.create(review=review, name="Dr Priya Shah")


def _request_url(review) -> str:
    return reverse("workbench:case-advice-request", args=[review.plan.plan_ref, review.pk])


def _form(**changes: str) -> dict[str, str]:
    return {
        "name": "Dr Priya Shah",
        "email": "priya.shah@example.nhs.uk",
        "service": "educational_psychology",
        "question": "What support does Amara need with reading?",
        "due_on_0": "6",
        "due_on_1": "1",
        "due_on_2": "2027",
        **changes,
    }


def _give_url(advice: AdviceRequest) -> str:
    return reverse("advice:give", args=[advice_link_token(advice)])


def _nothing_received(advice: AdviceRequest) -> None:
    advice.refresh_from_db()
    assert advice.received_at is None
    assert advice.advice == ""
    assert not Document.objects.exists()
    assert not Event.objects.filter(action="advice.received").exists()


# Asking from the case page -------------------------------------------------------------------


def test_an_officer_asks_a_professional_for_advice_and_they_are_emailed_a_link(
    officer_north, review, django_capture_on_commit_callbacks
):
    client = client_for(officer_north)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_request_url(review), _form())
    assert response.status_code == 302
    advice = AdviceRequest.objects.get()
    assert (advice.name, advice.due_on, advice.requested_by) == (
        "Dr Priya Shah",
        datetime.date(2027, 1, 6),
        officer_north,
    )
    event = Event.objects.get(action="advice.requested")
    assert event.actor == officer_north
    assert event.details["name"] == "Dr Priya Shah"
    [email] = mail.outbox
    assert email.to == ["priya.shah@example.nhs.uk"]
    assert "6 January 2027" in email.subject
    assert reverse("advice:give", args=["x"]).removesuffix("x/") in email.body
    assert "O'Brien" not in email.body
    case = client.get(reverse("workbench:case", args=[review.plan.plan_ref]))
    assert b"Dr Priya Shah" in case.content
    assert b"Requested" in case.content


def test_the_advice_must_be_due_at_least_two_weeks_before_the_planned_meeting(
    officer_north, review
):
    response = client_for(officer_north).post(_request_url(review), _form(due_on_0="7"))
    assert response.status_code == 400
    assert b"The advice must be due by 6 January 2027" in response.content
    assert not AdviceRequest.objects.exists()
    assert mail.outbox == []


def test_advice_cannot_be_asked_for_before_the_meeting_is_planned(officer_north, north):
    review = factories.ReviewFactory.create(plan__area=north)
    client = client_for(officer_north)
    assert b"No meeting is planned" in client.get(_request_url(review)).content
    response = client.post(_request_url(review), _form())
    assert response.status_code == 400
    assert b"Plan the review meeting first" in response.content
    assert not AdviceRequest.objects.exists()


def test_a_manager_may_ask_for_advice_on_any_area(manager, review):
    assert client_for(manager).post(_request_url(review), _form()).status_code == 302
    assert AdviceRequest.objects.get().requested_by == manager


@pytest.mark.parametrize("persona", ["officer_west", "volunteer", "headteacher"])
def test_people_who_may_not_see_the_plan_get_404_on_the_request_form(persona, personas, review):
    client = client_for(personas[persona])
    assert client.get(_request_url(review)).status_code == 404
    assert client.post(_request_url(review), _form()).status_code == 404
    assert not AdviceRequest.objects.exists()


# The professional's link ---------------------------------------------------------------------


def test_the_link_shows_only_the_initials_year_group_question_and_due_date_and_is_an_event(
    client, advice, review
):
    response = client.get(_give_url(advice))
    assert response.status_code == 200
    page = response.content.decode()
    assert "AO" in page
    assert review.year_group in page
    assert escape(advice.question) in page
    assert "Wednesday 6 January 2027" in page
    for private in ("Amara", escape("O'Brien"), review.plan.plan_ref):
        assert private not in page
    event = Event.objects.get(action="advice.link_opened")
    assert event.actor is None
    assert event.target_id == str(review.pk)
    _nothing_received(advice)


def test_a_professional_returns_advice_with_text_and_a_file(client, advice, officer_north):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        _give_url(advice),
        {
            "advice": "Amara needs daily phonics sessions.",
            "attachments": [
                SimpleUploadedFile("EP advice.pdf", PDF, content_type="application/pdf")
            ],
        },
    )
    assert response.status_code == 200
    assert b"Advice sent" in response.content
    advice.refresh_from_db()
    assert advice.received_at == datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC)
    assert advice.advice == "Amara needs daily phonics sessions."
    [document] = advice.documents.all()
    assert (document.kind, document.review, document.original_filename) == (
        DocumentKind.ADVICE,
        advice.review,
        "EP advice.pdf",
    )
    event = Event.objects.get(action="advice.received")
    assert event.details["files"] == 1

    officer = client_for(officer_north)
    case = officer.get(reverse("workbench:case", args=[advice.review.plan.plan_ref]))
    assert b"Received" in case.content
    assert b"Amara needs daily phonics sessions." in case.content
    view = reverse("documents:view", args=[advice.review.plan.plan_ref, document.pk])
    assert view.encode() in case.content
    assert officer.get(view).status_code == 200
    assert Event.objects.filter(action="document.viewed", actor=officer_north).count() == 1


def test_html_in_the_advice_is_shown_escaped_on_the_case_page(client, advice, officer_north):
    client.post(_give_url(advice), {"advice": "<script>alert('x')</script> & <b>bold</b>"})
    case = client_for(officer_north).get(
        reverse("workbench:case", args=[advice.review.plan.plan_ref])
    )
    page = case.content.decode()
    assert "<script>alert(" not in page
    assert "<b>bold</b>" not in page
    assert escape("<script>alert('x')</script> & <b>bold</b>") in page


def test_advice_with_neither_text_nor_a_file_is_refused(client, advice):
    response = client.post(_give_url(advice), {"advice": "  "})
    assert response.status_code == 400
    assert b"Enter your advice, or attach a file with it" in response.content
    _nothing_received(advice)


def test_one_file_that_is_not_allowed_saves_nothing(client, advice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        _give_url(advice),
        {
            "advice": "See the files.",
            "attachments": [
                SimpleUploadedFile("good.pdf", PDF),
                SimpleUploadedFile("bad.pdf", b"MZ\x90\x00 not a pdf at all"),
            ],
        },
    )
    assert response.status_code == 400
    assert b"bad.pdf" in response.content
    _nothing_received(advice)


def _tampered(advice: AdviceRequest) -> str:
    token = advice_link_token(advice)
    return token[:-2] + ("AA" if token[-2:] != "AA" else "BB")


def _another_reviews(advice: AdviceRequest) -> str:
    other = factories.ReviewFactory.create(plan__area=advice.review.plan.area)
    return signing.dumps([advice.pk, other.pk], salt=SALT)


def _concluded(advice: AdviceRequest) -> str:
    type(advice.review).objects.filter(pk=advice.review_id).update(status=ReviewStatus.CONCLUDED)
    return advice_link_token(advice)


@pytest.mark.parametrize(
    ("make_token", "title"),
    [
        (_tampered, b"This link is not valid"),
        (_another_reviews, b"This link is not valid"),
        (_concluded, b"This review has finished"),
        (lambda advice: signing.dumps([advice.pk, advice.review_id], salt="other"),
         b"This link is not valid"),
    ],
    ids=["tampered", "another review's", "review concluded", "signed for another use"],
)  # fmt: skip
def test_a_bad_link_is_refused_with_its_own_page_and_nothing_saved(
    client, advice, make_token, title
):
    url = reverse("advice:give", args=[make_token(advice)])
    for response in (client.get(url), client.post(url, {"advice": "My advice"})):
        assert response.status_code == 410
        assert title in response.content
        assert b"Nothing has been saved" in response.content
    _nothing_received(advice)
    assert not Event.objects.filter(action="advice.link_opened").exists()


def test_a_link_expires_after_30_days(client, advice):
    url = _give_url(advice)
    with time_machine.travel("2026-12-23 10:00:01+00:00", tick=False):
        response = client.post(url, {"advice": "Late advice"})
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    _nothing_received(advice)
    with time_machine.travel("2026-12-23 09:59:00+00:00", tick=False):
        assert client.get(url).status_code == 200


def test_a_used_link_cannot_be_used_again(client, advice):
    url = _give_url(advice)
    assert client.post(url, {"advice": "First advice"}).status_code == 200
    again = client.post(url, {"advice": "Second advice"})
    assert again.status_code == 410
    assert b"This link has already been used" in again.content
    advice.refresh_from_db()
    assert advice.advice == "First advice"
    assert Event.objects.filter(action="advice.received").count() == 1
    assert client.get(url).status_code == 410


# The case page -------------------------------------------------------------------------------


def test_advice_past_its_due_date_shows_as_overdue(officer_north, review):
    factories.AdviceRequestFactory.create(review=review, due_on=datetime.date(2026, 11, 20))
    case = client_for(officer_north).get(reverse("workbench:case", args=[review.plan.plan_ref]))
    assert b'govuk-tag--red">Overdue' in case.content


def test_the_case_page_offers_to_circulate_the_advice_once_all_of_it_is_in(officer_north, review):
    circulate = reverse(
        "workbench:case-step", args=[review.plan.plan_ref, review.pk, "circulate-advice"]
    )
    awaited = factories.AdviceRequestFactory.create(review=review)
    factories.AdviceRequestFactory.create(review=review, received=True)
    client = client_for(officer_north)
    case = reverse("workbench:case", args=[review.plan.plan_ref])
    assert b"All the advice requested is in" not in client.get(case).content
    client.post(_give_url(awaited), {"advice": "In now."})
    page = client.get(case).content
    assert b"All the advice requested is in" in page
    assert circulate.encode() in page


# Reminders ------------------------------------------------------------------------------------


def test_reminders_go_5_days_before_the_due_date_and_on_it_each_once_with_a_fresh_link(
    advice, django_capture_on_commit_callbacks
):
    factories.AdviceRequestFactory.create(review=advice.review, received=True)
    first_link = _give_url(advice)
    assert advice_reminders_send(today=datetime.date(2026, 12, 31)) == 0
    with (
        time_machine.travel("2027-01-01 07:15:00+00:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert advice_reminders_send(today=datetime.date(2027, 1, 1)) == 1
        assert advice_reminders_send(today=datetime.date(2027, 1, 1)) == 0
        assert advice_reminders_send(today=datetime.date(2027, 1, 5)) == 0
    with (
        time_machine.travel("2027-01-06 07:15:00+00:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert advice_reminders_send(today=datetime.date(2027, 1, 6)) == 1
        assert advice_reminders_send(today=datetime.date(2027, 1, 6)) == 0
    before, on_due = mail.outbox
    assert before.to == on_due.to == [advice.email]
    assert before.subject.startswith("Reminder")
    assert "6 January 2027" in on_due.subject
    assert first_link not in before.body  # a fresh link, signed on the day
    advice.refresh_from_db()
    assert advice.reminded_before_at is not None
    assert advice.reminded_on_due_at is not None
    assert Event.objects.filter(action="advice.reminded").count() == 2


def test_no_reminder_goes_once_the_advice_is_in_or_the_review_is_over(
    advice, django_capture_on_commit_callbacks
):
    done = factories.AdviceRequestFactory.create(received=True)
    type(done.review).objects.filter(pk=advice.review_id).update(status=ReviewStatus.CONCLUDED)
    with django_capture_on_commit_callbacks(execute=True):
        assert advice_reminders_send(today=datetime.date(2027, 1, 6)) == 0
    assert mail.outbox == []


def test_advice_asked_for_3_days_before_it_is_due_gets_no_5_day_reminder(review):
    late = factories.AdviceRequestFactory.create(review=review, due_on=datetime.date(2026, 11, 26))
    assert advice_reminders_send(today=datetime.date(2026, 11, 23)) == 0
    assert advice_reminders_send(today=datetime.date(2026, 11, 26)) == 1
    late.refresh_from_db()
    assert late.reminded_before_at is None


def test_the_overdue_set_is_the_advice_shown_as_overdue(review):
    overdue = factories.AdviceRequestFactory.create(
        review=review, due_on=datetime.date(2026, 11, 20)
    )
    due_today = factories.AdviceRequestFactory.create(
        review=review, due_on=datetime.date(2026, 11, 23)
    )
    factories.AdviceRequestFactory.create(
        review=review, due_on=datetime.date(2026, 11, 20), received=True
    )
    today = datetime.date(2026, 11, 23)
    assert list(AdviceRequest.objects.overdue(today)) == [overdue]
    assert [r.status_on(today).label for r in review.advice_requests.all()] == [
        "Overdue",
        "Received",
        "Requested",
    ]
    assert due_today.status_on(today) == "requested"


def test_the_timeline_names_the_professional_and_their_service(client, advice, officer_north):
    client.get(_give_url(advice))
    client.post(_give_url(advice), {"advice": "In."})
    case = client_for(officer_north).get(
        reverse("workbench:case", args=[advice.review.plan.plan_ref])
    )
    page = case.content.decode()
    assert "Advice received from a professional" in page
    assert "Advice request opened by the professional from the emailed link" in page
    assert "Professional: Dr Priya Shah" in page
    assert "by Dr Priya Shah, through the emailed link" in page
    assert "Service: Educational psychology" in page


def test_an_expired_link_has_a_new_one_emailed_to_the_professionals_own_address_once_a_day(
    client, advice, django_capture_on_commit_callbacks
):
    expired = _give_url(advice)
    renew = reverse("advice:new-link", args=[advice_link_token(advice)])
    with time_machine.travel("2026-12-24 10:00:00+00:00", tick=False):
        page = client.get(expired)
        assert page.status_code == 410
        assert b"Email me a new link" in page.content
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(renew)
            again = client.post(renew)
        assert b"New link sent" in sent.content
        assert b"A new link was sent recently" in again.content
        [email] = mail.outbox
        assert email.to == [advice.email]
        fresh = next(word for word in email.body.split() if "/advice/" in word)
        assert client.get(fresh.removeprefix(settings.SITE_URL)).status_code == 200
    assert Event.objects.filter(action="advice.link_renewed").count() == 1
    _nothing_received(advice)


def test_no_new_link_is_sent_for_a_tampered_or_used_link(client, advice):
    tampered = reverse("advice:new-link", args=[_tampered(advice)])
    assert client.post(tampered).status_code == 410
    client.post(_give_url(advice), {"advice": "Sent."})
    with time_machine.travel("2026-12-24 10:00:00+00:00", tick=False):
        used = client.post(reverse("advice:new-link", args=[advice_link_token(advice)]))
    assert used.status_code == 410
    assert b"Email me a new link" not in used.content
    assert mail.outbox == []
