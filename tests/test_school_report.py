"""The school's annual review report: written in parts saved as it goes, submitted once
complete (recording "report received" on that day through the guarded transition and telling
the case officer), read-only once submitted, returned by the council with a reason, and
submitted again."""

from datetime import date

import pytest
from django.core import mail
from django.utils.html import escape

from audit.models import Event
from contributions.models import AnnualReviewReport, Recommendation, ReportStatus
from reviews.models import ReviewStatus
from tests import factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def review(volunteer, north, officer_north):
    """A review of a child at the SENCO's school whose meeting was held on 20 November 2026."""
    plan = factories.PlanFactory.create(
        area=north, setting=volunteer.setting, plan_ref="EHCP-REP-1", case_officer=officer_north
    )
    return factories.ReviewFactory.create(
        plan=plan, held=True, due_on=date(2026, 11, 20), recomputed=True
    )


def url(review, tail=""):
    return f"/school/reviews/{review.pk}/report/{tail}"


def outcomes_data(*pairs, total=None):
    data = {
        "outcomes-TOTAL_FORMS": str(total or len(pairs)),
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-MIN_NUM_FORMS": "0",
        "outcomes-MAX_NUM_FORMS": "1000",
    }
    for n, (outcome, progress) in enumerate(pairs):
        data[f"outcomes-{n}-outcome"] = outcome
        data[f"outcomes-{n}-progress"] = progress
    return data


def write_the_report(client, review):
    responses = [
        client.post(url(review, "attendees/"), {"attendees": "Jo Smith, parent\nA. SENCO"}),
        client.post(
            url(review, "views/"),
            {"child_views": "I like maths.", "parent_views": "Happy with progress."},
        ),
        client.post(
            url(review, "outcomes/"),
            outcomes_data(("Read fluently", "Reads level 5 books"), ("Make friends", "Has two")),
        ),
        client.post(
            url(review, "recommendation/"),
            {"recommendation": "amend", "section_F": "Add speech therapy weekly."},
        ),
    ]
    assert [r.status_code for r in responses] == [302] * 4, [
        r.content.decode()[:3000] for r in responses if r.status_code != 302
    ]


def test_each_part_is_saved_as_the_school_goes_and_shown_again(senco, review):
    client = client_for(senco)
    client.post(url(review, "attendees/"), {"attendees": "Jo Smith, parent"})

    report = AnnualReviewReport.objects.get(review=review)
    assert report.attendees == "Jo Smith, parent"
    assert report.status == ReportStatus.DRAFT
    assert "Jo Smith, parent" in client.get(url(review, "attendees/")).content.decode()
    overview = client.get(url(review)).content.decode()
    assert "Completed" in overview
    assert escape("Choose the school's recommendation") in overview


def test_outcomes_repeat_and_keep_their_order(senco, review):
    client = client_for(senco)
    client.post(
        url(review, "outcomes/"), outcomes_data(("First", "P1"), ("Second", "P2"), ("", ""))
    )
    report = AnnualReviewReport.objects.get(review=review)
    assert [(o.outcome, o.progress) for o in report.outcomes.all()] == [
        ("First", "P1"),
        ("Second", "P2"),
    ]
    page = client.get(url(review, "outcomes/")).content.decode()
    assert "Outcome 3" in page  # an empty one to add another


def test_submitting_records_report_received_on_the_day_and_tells_the_officer(
    senco, review, officer_north, django_capture_on_commit_callbacks
):
    client = client_for(senco)
    write_the_report(client, review)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(review, "submit/"))
    assert response.status_code == 302

    review.refresh_from_db()
    assert review.status == ReviewStatus.REPORT_RECEIVED
    assert review.report_received_on == date(2026, 11, 23)
    report = AnnualReviewReport.objects.get(review=review)
    assert (report.status, report.submitted_on, report.submitted_by) == (
        ReportStatus.SUBMITTED,
        date(2026, 11, 23),
        senco,
    )
    assert Event.objects.filter(action="review.report_received", actor=senco).exists()
    assert mail.outbox[-1].to == [officer_north.email]
    assert "EHCP-REP-1" in mail.outbox[-1].subject

    case = client_for(officer_north).get("/casework/plans/EHCP-REP-1/").content.decode()
    assert "The school's annual review report" in case
    assert "Add speech therapy weekly." in case
    assert "23 November 2026" in case


def test_an_incomplete_report_cannot_be_submitted(senco, review):
    client = client_for(senco)
    client.post(url(review, "attendees/"), {"attendees": "Jo Smith"})
    client.post(url(review, "submit/"))
    review.refresh_from_db()
    assert review.status == ReviewStatus.MEETING_HELD
    assert AnnualReviewReport.objects.get(review=review).status == ReportStatus.DRAFT


def test_a_submitted_report_is_read_only(senco, review):
    client = client_for(senco)
    write_the_report(client, review)
    client.post(url(review, "submit/"))

    assert client.get(url(review, "attendees/")).status_code == 403
    assert client.post(url(review, "attendees/"), {"attendees": "Changed"}).status_code == 403
    assert client.post(url(review, "submit/")).status_code == 403
    assert AnnualReviewReport.objects.get(review=review).attendees.startswith("Jo Smith")
    page = client.get(url(review)).content.decode()
    assert "Submitted on 23 November 2026" in page
    assert "Save and return" not in page


def test_the_council_returns_it_with_a_reason_and_the_school_resubmits(
    senco, review, officer_north
):
    client = client_for(senco)
    write_the_report(client, review)
    client.post(url(review, "submit/"))
    officer = client_for(officer_north)
    return_url = f"/casework/plans/EHCP-REP-1/reviews/{review.pk}/report/return/"

    officer.post(return_url, {"reason": ""})
    assert AnnualReviewReport.objects.get(review=review).status == ReportStatus.SUBMITTED
    officer.post(return_url, {"reason": "Outcome 2 needs <b>evidence</b>."})
    report = AnnualReviewReport.objects.get(review=review)
    assert report.status == ReportStatus.RETURNED
    page = client.get(url(review)).content.decode()
    assert escape("Outcome 2 needs <b>evidence</b>.") in page

    client.post(url(review, "attendees/"), {"attendees": "Jo Smith, parent, and the SENCO"})
    client.post(url(review, "submit/"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.attendees == "Jo Smith, parent, and the SENCO"
    review.refresh_from_db()
    assert review.report_received_on == date(2026, 11, 23)
    assert Event.objects.filter(action="school_report.submitted").count() == 2
    assert Event.objects.filter(action="school_report.returned", actor=officer_north).exists()


def test_only_the_area_officer_or_a_manager_returns_a_report(senco, review, officer_west):
    client = client_for(senco)
    write_the_report(client, review)
    client.post(url(review, "submit/"))
    return_url = f"/casework/plans/EHCP-REP-1/reviews/{review.pk}/report/return/"
    assert client_for(officer_west).post(return_url, {"reason": "No"}).status_code == 404
    assert client.post(return_url, {"reason": "No"}).status_code == 404
    assert AnnualReviewReport.objects.get(review=review).status == ReportStatus.SUBMITTED


def test_html_in_free_text_is_shown_escaped(senco, review, officer_north):
    client = client_for(senco)
    write_the_report(client, review)
    client.post(url(review, "attendees/"), {"attendees": "<script>alert(1)</script>"})
    client.post(url(review, "submit/"))
    for page in (
        client.get(url(review)).content.decode(),
        client_for(officer_north).get("/casework/plans/EHCP-REP-1/").content.decode(),
    ):
        assert "<script>alert(1)</script>" not in page
        assert escape("<script>alert(1)</script>") in page


def test_too_long_text_names_what_is_wrong_and_saves_nothing(senco, review):
    client = client_for(senco)
    response = client.post(url(review, "attendees/"), {"attendees": "x" * 10_001})
    assert response.status_code == 400
    assert "Who attended the meeting must be 10,000 characters or fewer" in (
        response.content.decode()
    )
    response = client.post(url(review, "outcomes/"), outcomes_data(("Only the outcome", "")))
    assert response.status_code == 400
    assert "Enter both the outcome and the progress" in response.content.decode()
    report = AnnualReviewReport.objects.get(review=review)
    assert report.attendees == ""
    assert not report.outcomes.exists()


def test_amend_needs_a_proposed_change(senco, review):
    response = client_for(senco).post(url(review, "recommendation/"), {"recommendation": "amend"})
    assert response.status_code == 400
    assert "at least one section" in response.content.decode()
    assert AnnualReviewReport.objects.get(review=review).recommendation == ""


def test_maintain_keeps_no_proposed_changes(senco, review):
    client_for(senco).post(
        url(review, "recommendation/"), {"recommendation": "maintain", "section_B": "ignored"}
    )
    report = AnnualReviewReport.objects.get(review=review)
    assert report.recommendation == Recommendation.MAINTAIN
    assert report.proposed_changes == {}


def test_another_schools_report_is_404(senco, north):
    plan = factories.PlanFactory.create(area=north)
    elsewhere = factories.ReviewFactory.create(plan=plan, held=True, due_on=date(2026, 11, 20))
    client = client_for(senco)
    assert client.get(url(elsewhere)).status_code == 404
    assert client.post(url(elsewhere, "attendees/"), {"attendees": "x"}).status_code == 404
    assert not AnnualReviewReport.objects.exists()


def test_the_report_waits_for_the_meeting(senco, volunteer, north):
    plan = factories.PlanFactory.create(area=north, setting=volunteer.setting)
    planning = factories.ReviewFactory.create(plan=plan, due_on=date(2026, 12, 20))
    response = client_for(senco).get(url(planning, "attendees/"))
    assert response.status_code == 302
    assert not AnnualReviewReport.objects.exists()


def test_reading_the_report_is_an_event(senco, review):
    client_for(senco).get(url(review))
    assert Event.objects.filter(
        actor=senco, action="plan.viewed", details={"page": "school report"}
    ).exists()


def test_the_assigned_volunteer_sees_the_submitted_report_in_the_paperwork(senco, review):
    checker = factories.VolunteerFactory.create()
    factories.AssignmentFactory.create(review=review, volunteer=checker)
    client = client_for(senco)
    write_the_report(client, review)
    volunteer_page = f"/volunteer/reviews/{review.pk}/"
    assert (
        "Add speech therapy weekly." not in client_for(checker).get(volunteer_page).content.decode()
    )

    client.post(url(review, "submit/"))
    page = client_for(checker).get(volunteer_page).content.decode()
    assert "The school's annual review report" in page
    assert "Add speech therapy weekly." in page
    assert "Jo Smith, parent" not in page  # who attended is left out of the minimised record


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach(client, review, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        url(review, "attachments/"),
        {"file": SimpleUploadedFile(name, data), "title": ""},
    )


def test_a_school_attaches_a_checked_file_that_only_those_who_may_open_it_can(
    senco, review, officer_north, headteacher
):
    from documents.models import Document

    client = client_for(senco)
    assert attach(client, review, "therapy.pdf", PDF).status_code == 302
    document = Document.objects.get(review=review)
    assert document.uploaded_by == senco
    assert "therapy.pdf" in client.get(url(review, "attachments/")).content.decode()

    view = f"/casework/plans/{review.plan.plan_ref}/documents/{document.pk}/"
    assert client.get(view).status_code == 200
    assert client_for(officer_north).get(view).status_code == 200
    assert client_for(headteacher).get(view).status_code == 404  # not on the staff list
    assert Event.objects.filter(actor=senco, action="document.viewed").exists()

    refused = attach(client, review, "page.pdf", b"<html><script>alert(1)</script></html>")
    assert refused.status_code == 400
    assert "must be a PDF, Word document" in refused.content.decode()
    assert Document.objects.filter(review=review).count() == 1


def test_a_school_sees_neither_the_councils_files_nor_a_file_after_the_child_leaves(
    senco, review, officer_north
):
    from documents.models import Document, DocumentKind
    from documents.services import document_store

    council = document_store(
        plan=review.plan, review=review, kind=DocumentKind.PLAN, title="EHC plan",
        filename="plan.pdf", data=PDF, actor=officer_north,
    )  # fmt: skip
    attach(client_for(senco), review, "therapy.pdf", PDF)
    ours = Document.objects.exclude(pk=council.pk).get()
    client = client_for(senco)
    assert (
        client.get(f"/casework/plans/{review.plan.plan_ref}/documents/{council.pk}/").status_code
        == 404
    )
    review.plan.setting = factories.SettingFactory.create(area=review.plan.area)
    review.plan.save()
    assert (
        client.get(f"/casework/plans/{review.plan.plan_ref}/documents/{ours.pk}/").status_code
        == 404
    )


def test_nothing_can_be_attached_to_a_submitted_report(senco, review):
    client = client_for(senco)
    write_the_report(client, review)
    client.post(url(review, "submit/"))
    assert attach(client, review, "late.pdf", PDF).status_code == 403
