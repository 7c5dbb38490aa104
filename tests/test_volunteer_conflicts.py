"""The own-school rule holds after assignment: when a plan's school (or the school it names
next) becomes the volunteer's own, the volunteer loses the review at once, and the sweep
closes the assignment with an event and tells the case officer."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import User
from audit.models import Event
from casework.models import Plan
from documents.models import Document, DocumentKind
from kentsend.celery import app as celery_app
from qa.services import checklist_start_for_assignment
from reviews.models import Review
from tests import factories
from tests.conftest import client_for
from volunteers.models import Assignment
from volunteers.services import assignments_close_for_conflicts, assignments_create
from volunteers.tasks import close_conflicted_assignments

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

NOW = datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def assign(volunteer: User, officer: User, review: Review) -> Assignment:
    [outcome] = assignments_create(
        actor=officer, volunteer=volunteer, reviews=[review], today=datetime.date(2026, 11, 23)
    )
    assert outcome.assignment is not None, outcome.refusal
    return outcome.assignment


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """The sweep, with what it does once its transaction commits (the notices)."""

    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return assignments_close_for_conflicts()

    return run


@pytest.fixture
def assigned(volunteer: User, officer_north: User, north) -> Review:
    """A review of a child at another school than the volunteer's, assigned to them, with
    paperwork and a started checklist."""
    factories.ReleaseAgreementFactory.create(volunteer=volunteer)
    plan = factories.PlanFactory.create(
        area=north, plan_ref="EHCP-CONFLICT-1", case_officer=officer_north
    )
    review = factories.ReviewFactory.create(plan=plan, held=True)
    assignment = assign(volunteer, officer_north, review)
    checklist_start_for_assignment(actor=volunteer, assignment=assignment)
    document = Document(
        plan=plan,
        review=review,
        kind=DocumentKind.PAPERWORK,
        title="Annual review report",
        original_filename="report.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=officer_north,
    )
    document.file.save("report.pdf", ContentFile(PDF))
    return review


def reachable(volunteer: User, review: Review) -> dict[str, object]:
    client = client_for(volunteer)
    document = Document.objects.get(review=review)
    checklist_ids = [c["id"] for c in client.get("/api/v1/qa/").json()["results"]]
    return {
        "page": client.get(reverse("volunteers:review", args=[review.pk])).status_code,
        "api review": client.get(f"/api/v1/reviews/{review.pk}/").status_code,
        "document": client.get(
            reverse("documents:view", args=[review.plan.plan_ref, document.pk])
        ).status_code,
        "api reviews": [r["id"] for r in client.get("/api/v1/reviews/").json()["results"]],
        "api assignments": [
            a["review"] for a in client.get("/api/v1/assignments/").json()["results"]
        ],
        "api checklists": len(checklist_ids),
    }


LOST = {
    "page": 404,
    "api review": 404,
    "document": 404,
    "api reviews": [],
    "api assignments": [],
    "api checklists": 0,
}


@pytest.mark.parametrize("field", ["setting", "named_setting"])
def test_a_volunteer_loses_an_assigned_review_as_soon_as_the_plans_school_becomes_their_own(
    field, volunteer, assigned
):
    before = reachable(volunteer, assigned)

    Plan.objects.filter(pk=assigned.plan_id).update(**{field: volunteer.setting})

    assert before["page"] == 200
    assert before["api reviews"] == [assigned.pk]
    assert reachable(volunteer, assigned) == LOST


def test_a_volunteer_who_moves_to_the_childs_school_loses_the_review(volunteer, assigned):
    volunteer.setting = assigned.plan.setting
    volunteer.save()

    assert reachable(volunteer, assigned) == LOST


def test_the_sweep_closes_the_assignment_with_an_event_and_tells_the_case_officer(
    volunteer, officer_north, assigned, mailoutbox, sweep
):
    school = volunteer.setting
    Plan.objects.filter(pk=assigned.plan_id).update(setting=school)

    closed = sweep()

    assignment = Assignment.objects.get(review=assigned)
    reason = f"conflict of interest: the child attends {school.name}, the volunteer's own school"
    assert closed == 1
    assert assignment.closed_at == NOW
    assert assignment.closed_reason == reason
    event = Event.objects.get(action="assignment.closed", target_id=str(assigned.pk))
    assert event.actor is None
    assert event.details == {"volunteer": volunteer.pk, "reason": reason}
    [message] = mailoutbox
    assert message.to == [officer_north.email]
    assert "EHCP-CONFLICT-1" in message.subject
    assert reason in message.body
    assert "/casework/plans/EHCP-CONFLICT-1/" in message.body


def test_the_sweep_is_safe_to_run_twice(volunteer, assigned, mailoutbox, sweep):
    Plan.objects.filter(pk=assigned.plan_id).update(named_setting=volunteer.setting)

    first = sweep()
    second = sweep()

    assert (first, second) == (1, 0)
    assert Event.objects.filter(action="assignment.closed").count() == 1
    assert len(mailoutbox) == 1
    assert "names the volunteer's own school" in mailoutbox[0].body


def test_the_sweep_leaves_assignments_without_a_conflict_open(
    volunteer, officer_north, north, assigned, mailoutbox, sweep
):
    other = factories.VolunteerFactory.create(setting=factories.SettingFactory.create(area=north))
    factories.ReleaseAgreementFactory.create(volunteer=other)
    elsewhere = factories.ReviewFactory.create(plan=factories.PlanFactory.create(area=north))
    assign(other, officer_north, elsewhere)
    unplaced = factories.ReviewFactory.create(
        plan=factories.PlanFactory.create(area=north, setting=None)
    )
    assign(volunteer, officer_north, unplaced)

    closed = sweep()

    assert closed == 0
    assert Assignment.objects.filter(closed_at__isnull=True).count() == 3
    assert mailoutbox == []


def test_without_a_case_officer_the_areas_officers_are_told(
    volunteer, officer_north, officer_west, assigned, mailoutbox, sweep
):
    Plan.objects.filter(pk=assigned.plan_id).update(case_officer=None, setting=volunteer.setting)

    sweep()

    assert [m.to for m in mailoutbox] == [[officer_north.email]]


def test_the_worker_runs_the_sweep_periodically(volunteer, assigned):
    Plan.objects.filter(pk=assigned.plan_id).update(setting=volunteer.setting)
    schedule = celery_app.conf.beat_schedule

    entries = [e for e in schedule.values() if e["task"] == close_conflicted_assignments.name]

    assert len(entries) == 1
    assert close_conflicted_assignments() == 1
    assert Assignment.objects.get(review=assigned).closed_at == NOW


def test_an_import_that_moves_the_child_to_the_volunteers_school_closes_the_assignment_at_once(
    volunteer, officer_north, assigned, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    from caseload.models import ImportJob, ImportStatus
    from caseload.services import import_job_run
    from tests.test_import import csv_bytes, row

    # What the worker would do with the queued sweep, done here and now.
    monkeypatch.setattr(close_conflicted_assignments, "delay", close_conflicted_assignments)
    plan, school = assigned.plan, volunteer.setting
    data = csv_bytes(
        row(
            plan_ref=plan.plan_ref, upn="", forename=plan.child.forename,
            surname=plan.child.surname, date_of_birth=plan.child.date_of_birth.isoformat(),
            setting_urn=school.urn, setting_name=school.name, setting_phase=school.phase,
            plan_issued_on=plan.issued_on.isoformat(), case_officer_email=officer_north.email,
        )
    )  # fmt: skip
    job = ImportJob.objects.create(
        uploaded_by=officer_north, filename="caseload.csv", data=data,
        status=ImportStatus.IMPORTING,
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        import_job_run(str(job.pk))

    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED, (job.file_error, job.error, job.outcomes)
    assert Assignment.objects.get(review=assigned).closed_at == NOW
    assert Event.objects.filter(action="assignment.closed", target_id=str(assigned.pk)).exists()
    assert [officer_north.email] in [m.to for m in mailoutbox]
