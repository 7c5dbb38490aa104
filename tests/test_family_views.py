"""The family's views before the meeting: a parent gives their own views and their child's
(guided answers and files) until the meeting, then reads them; the school and the case
officer see them; an officer records views that came on paper or by phone; the annual review
report says whether they were given through the service."""

from datetime import date

import pytest
import time_machine
from django.utils.html import escape

from audit.models import Event
from contributions.family_views_models import Channel, FamilyViews
from contributions.models import AnnualReviewReport
from documents.models import Document
from tests import factories, family_part_cases
from tests.conftest import client_for
from tests.family_part_cases import PNG

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

review = family_part_cases.review
member = family_part_cases.member
other_review = family_part_cases.other_review

HOSTILE = "<script>alert('x')</script> O'Brien & co"


def views_url(plan, tail=""):
    return f"/family/plans/{plan.pk}/views/{tail}"


def upload(name="drawing.png", data=PNG):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/png")


def test_a_parent_gives_their_views_with_answers_and_the_views_are_saved(parent, member, review):
    response = client_for(parent).post(
        views_url(review.plan, "parent/"),
        {"going_well": "He likes his teacher.", "hard": "", "hopes": "More speech therapy."},
    )
    assert response.status_code == 302
    views = FamilyViews.objects.get(review=review, about="parent")
    assert views.channel == Channel.ONLINE
    assert views.given_by == member
    assert views.going_well == "He likes his teacher."
    assert Event.objects.filter(action="family_views.given", actor=parent).exists()


def test_a_parent_adds_their_childs_drawing_and_can_open_it(parent, member, review):
    client = client_for(parent)
    response = client.post(
        views_url(review.plan, "child/"),
        {"likes": "Drawing", "file": upload(), "file_title": "My class"},
    )
    assert response.status_code == 302
    views = FamilyViews.objects.get(review=review, about="child")
    file = views.files.get()
    assert file.document.title == "My class"
    opened = client.get(f"/views-files/{file.pk}/")
    assert opened.status_code == 200
    assert opened["Content-Type"] == "image/png"
    assert Event.objects.filter(action="document.viewed", actor=parent).exists()


def test_a_parent_adds_a_recording_of_their_child_which_downloads(parent, member, review):
    from django.core.files.uploadedfile import SimpleUploadedFile

    recording = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + b"\x00" * 100
    client = client_for(parent)
    response = client.post(
        views_url(review.plan, "child/"),
        {"file": SimpleUploadedFile("voice.m4a", recording, content_type="audio/mp4")},
    )
    assert response.status_code == 302
    file = FamilyViews.objects.get(about="child").files.get()
    assert file.document.content_type == "audio/mp4"
    opened = client.get(f"/views-files/{file.pk}/")
    assert opened["Content-Disposition"].startswith("attachment")


def test_an_empty_form_is_refused_with_a_clear_message_and_nothing_is_saved(parent, member, review):
    response = client_for(parent).post(
        views_url(review.plan, "parent/"), {"going_well": " ", "hard": "", "hopes": ""}
    )
    assert response.status_code == 400
    assert "Answer at least one question, or add a file" in response.content.decode()
    assert not FamilyViews.objects.exists()


def test_an_answer_over_the_limit_is_refused(parent, member, review):
    response = client_for(parent).post(views_url(review.plan, "parent/"), {"hard": "x" * 3001})
    assert response.status_code == 400
    assert "3,000 characters or fewer" in response.content.decode()
    assert not FamilyViews.objects.exists()


def test_an_oversized_file_is_refused_and_nothing_is_saved(parent, member, review, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    response = client_for(parent).post(
        views_url(review.plan, "child/"), {"likes": "Lego", "file": upload()}
    )
    assert response.status_code == 400
    assert "must be smaller than" in response.content.decode()
    assert not FamilyViews.objects.exists()
    assert not Document.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(parent, member, review):
    response = client_for(parent).post(
        views_url(review.plan, "child/"),
        {"likes": "Lego", "file": upload("drawing.png", b"MZ\x90\x00 not a picture at all")},
    )
    assert response.status_code == 400
    assert "The selected file must be a" in response.content.decode()
    assert not FamilyViews.objects.exists()
    assert not Document.objects.exists()


def test_html_in_the_views_is_shown_as_text_to_the_family_the_school_and_the_officer(
    parent, member, review, senco, officer_north
):
    client_for(parent).post(views_url(review.plan, "parent/"), {"going_well": HOSTILE})
    pages = [
        client_for(parent).get(views_url(review.plan)),
        client_for(senco).get(f"/school/reviews/{review.pk}/"),
        client_for(officer_north).get(f"/casework/plans/{review.plan.plan_ref}/"),
    ]
    for page in pages:
        assert page.status_code == 200
        content = page.content.decode()
        assert escape(HOSTILE) in content
        assert HOSTILE not in content


def test_the_school_sees_the_familys_views_and_their_files_on_the_review_page(
    parent, member, review, senco
):
    client_for(parent).post(
        views_url(review.plan, "child/"), {"likes": "Swimming on Fridays", "file": upload()}
    )
    page = client_for(senco).get(f"/school/reviews/{review.pk}/")
    content = page.content.decode()
    assert "The family's views before the meeting" in content
    assert "Swimming on Fridays" in content
    file = FamilyViews.objects.get(about="child").files.get()
    assert client_for(senco).get(f"/views-files/{file.pk}/").status_code == 200


def test_another_school_cannot_open_the_familys_files(parent, member, review):
    client_for(parent).post(views_url(review.plan, "child/"), {"file": upload()})
    file = FamilyViews.objects.get(about="child").files.get()
    elsewhere = factories.SchoolStaffUserFactory.create()
    assert client_for(elsewhere).get(f"/views-files/{file.pk}/").status_code == 404


def test_views_can_be_changed_on_the_day_of_the_meeting(parent, member, review):
    with time_machine.travel("2026-11-30 18:00:00+00:00", tick=False):
        response = client_for(parent).post(views_url(review.plan, "parent/"), {"hopes": "More"})
    assert response.status_code == 302


def test_after_the_meeting_day_the_views_are_read_only(parent, member, review):
    client_for(parent).post(views_url(review.plan, "parent/"), {"hopes": "A quieter classroom"})
    with time_machine.travel("2026-12-01 09:00:00+00:00", tick=False):
        client = client_for(parent)  # signed in that day
        page = client.get(views_url(review.plan))
        assert page.status_code == 200
        assert "you cannot change it now" in page.content.decode()
        assert "A quieter classroom" in page.content.decode()
        assert client.get(views_url(review.plan, "parent/")).status_code == 403
        assert client.post(views_url(review.plan, "parent/"), {"hopes": "x"}).status_code == 403
    assert FamilyViews.objects.get().hopes == "A quieter classroom"


def test_once_the_meeting_is_recorded_as_held_the_views_are_read_only(parent, member, review):
    review.meeting_on = date(2026, 11, 20)
    review.save()
    response = client_for(parent).post(views_url(review.plan, "parent/"), {"hopes": "x"})
    assert response.status_code == 403
    assert not FamilyViews.objects.exists()


def test_a_parent_cannot_open_another_childs_views(parent, member, other_review):
    client = client_for(parent)
    assert client.get(views_url(other_review.plan)).status_code == 404
    assert client.post(views_url(other_review.plan, "parent/"), {"hopes": "x"}).status_code == 404


def test_a_removed_parent_can_no_longer_open_the_views(parent, member, review):
    from django.utils import timezone

    member.removed_at = timezone.now()
    member.save()
    assert client_for(parent).get(views_url(review.plan)).status_code == 404


def test_reading_the_views_page_is_an_event(parent, member, review):
    client_for(parent).get(views_url(review.plan))
    event = Event.objects.get(action="plan.viewed", actor=parent)
    assert event.details["page"] == "family views"


def test_an_officer_records_the_childs_views_that_came_on_paper(officer_north, review):
    response = client_for(officer_north).post(
        f"/casework/plans/{review.plan.plan_ref}/reviews/{review.pk}/views/child/",
        {"channel": "paper", "given_by_name": "Sam's mother", "likes": "Trains"},
    )
    assert response.status_code == 302
    views = FamilyViews.objects.get(about="child")
    assert views.channel == Channel.PAPER
    assert views.recorded_by == officer_north
    case = client_for(officer_north).get(f"/casework/plans/{review.plan.plan_ref}/")
    assert "On paper, recorded by" in case.content.decode()
    assert "Trains" in case.content.decode()


def test_an_officer_must_say_how_the_views_came(officer_north, review):
    response = client_for(officer_north).post(
        f"/casework/plans/{review.plan.plan_ref}/reviews/{review.pk}/views/child/",
        {"likes": "Trains"},
    )
    assert response.status_code == 400
    assert "Select how it came to you" in response.content.decode()
    assert not FamilyViews.objects.exists()


def test_the_annual_review_report_says_whether_the_views_were_given_through_the_service(
    parent, member, review, senco, officer_north
):
    client_for(parent).post(views_url(review.plan, "parent/"), {"hopes": "More help"})
    review.status = "report_received"
    review.meeting_on = date(2026, 11, 20)
    review.report_received_on = date(2026, 11, 23)
    review.save()
    AnnualReviewReport.objects.create(
        review=review,
        setting=review.plan.setting,
        started_by=senco,
        status="submitted",
        submitted_on=date(2026, 11, 23),
    )
    case = client_for(officer_north).get(f"/casework/plans/{review.plan.plan_ref}/")
    content = case.content.decode()
    assert "The parents&#x27; views given through the service" in content
    assert "Yes: online by the family, 23 November 2026" in content
    assert "The child&#x27;s views given through the service" in content
