"""No job hangs: a value the database refuses, a queue that cannot be reached, or a real worker
killed with SIGKILL in the middle of an import or a PDF each leave the job failed with what to
do (or finished), never "Importing 70%" or "Being prepared" for ever, and nothing half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from caseload.models import ImportJob, ImportStatus
from caseload.services import (
    CHECK_NOT_QUEUED,
    IMPORT_NOT_QUEUED,
    IMPORT_STOPPED,
    import_job_check,
    import_job_run,
)
from casework.models import Child, Plan
from kentsend.celery import app as celery_app
from reporting.board import REPORT_NOT_QUEUED, REPORT_STOPPED
from reporting.models import BoardReport, BoardReportStatus
from reviews.models import Review
from tests.conftest import client_for, wait_for
from tests.factories import PlanFactory, ReviewFactory
from tests.workers import (
    broker_forget_unfinished_tasks,
    kill_worker,
    lock_tables,
    worker_process,
    worker_waits_for_a_lock,
)

COLUMNS = [
    "plan_ref", "upn", "forename", "surname", "date_of_birth", "primary_need", "setting_urn",
    "setting_name", "setting_phase", "area", "plan_issued_on", "last_review_meeting_on",
    "last_review_decision_on", "looked_after", "case_officer_email",
]  # fmt: skip


def plan_row(number: int, **changes: str) -> dict[str, str]:
    return {
        "plan_ref": f"EHCP-{number:04d}", "upn": "", "forename": "Amara", "surname": "Okafor",
        "date_of_birth": "2015-03-10", "primary_need": "ASD", "setting_urn": "118001",
        "setting_name": "Oakwood Primary School", "setting_phase": "primary", "area": "North",
        "plan_issued_on": "2024-01-15", "last_review_meeting_on": "",
        "last_review_decision_on": "", "looked_after": "N",
        "case_officer_email": "officer.north@example.org", **changes,
    }  # fmt: skip


def caseload_csv(*rows: dict[str, str]) -> bytes:
    lines = [",".join(COLUMNS)] + [",".join(r[c] for c in COLUMNS) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(client, data: bytes):
    return client.post(
        reverse("caseload:import"),
        {"file": SimpleUploadedFile("caseload.csv", data, content_type="text/csv")},
    )


def job_page(user, job: ImportJob) -> str:
    return client_for(user).get(reverse("caseload:import-job", args=[job.pk])).content.decode()


def confirmed_job(user, data: bytes) -> ImportJob:
    """An uploaded file, checked and confirmed, waiting for the worker to import it."""
    upload(client_for(user), data)
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING)
    return job


# --- The save: a value the check let through but the database refuses ------------------------


@pytest.mark.django_db
def test_a_value_the_database_refuses_fails_the_import_with_its_row_and_column(officer_north):
    job = confirmed_job(
        officer_north, caseload_csv(plan_row(1), plan_row(2, forename="Bartholomew"))
    )
    with connection.cursor() as cursor:  # a column narrower than the check knows (undone after)
        cursor.execute("ALTER TABLE casework_child ALTER COLUMN forename TYPE varchar(6)")
    import_job_run(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error.startswith(
        "Row 3, column forename: the value is longer than the 6 characters the record can hold."
    )
    assert (Plan.objects.count(), Child.objects.count()) == (0, 0)
    assert escape(job.error) in job_page(officer_north, job)


@pytest.mark.django_db
def test_a_nul_in_a_cell_ends_the_import_failed_with_nothing_saved_instead_of_hanging(
    officer_north,
):
    job = confirmed_job(officer_north, caseload_csv(plan_row(1, surname="Oka\x00for")))
    import_job_run(str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert (Plan.objects.count(), Child.objects.count()) == (0, 0)
    assert "surname" in job_page(officer_north, job)


# --- Enqueueing with the broker down ---------------------------------------------------------


def _broker(url: str) -> None:
    celery_app.conf["broker_url"] = url
    celery_app._pool = None  # type: ignore[attr-defined]  # connections made for the old URL
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def broker_down():
    """The Celery app's broker pointed at a closed port, as if Redis were down."""
    saved = celery_app.conf.broker_url
    _broker("redis://127.0.0.1:1/0")
    yield
    _broker(saved)


@pytest.mark.django_db
@pytest.mark.usefixtures("broker_down")
def test_an_upload_that_cannot_be_queued_is_marked_failed_and_the_page_says_to_upload_again(
    officer_north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client_for(officer_north), caseload_csv(plan_row(1)))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportStatus.FAILED
    assert job.error == CHECK_NOT_QUEUED
    assert escape(CHECK_NOT_QUEUED) in job_page(officer_north, job)


@pytest.mark.django_db
def test_a_confirmed_import_that_cannot_be_queued_goes_back_to_checked_to_confirm_again(
    officer_north, django_capture_on_commit_callbacks, broker_down_later
):
    upload(client_for(officer_north), caseload_csv(plan_row(1)))
    job = ImportJob.objects.get()
    import_job_check(str(job.pk))
    broker_down_later()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer_north).post(reverse("caseload:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    page = job_page(officer_north, job)
    assert escape(IMPORT_NOT_QUEUED) in page
    assert "Confirm and import" in page
    assert not Plan.objects.exists()


@pytest.fixture
def broker_down_later(request):
    def down() -> None:
        request.getfixturevalue("broker_down")

    return down


@pytest.mark.django_db
@pytest.mark.usefixtures("broker_down")
def test_a_board_report_that_cannot_be_queued_is_marked_failed_and_the_page_says_to_ask_again(
    manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(reverse("reporting:board"))
    report = BoardReport.objects.get()
    assert report.status == BoardReportStatus.FAILED
    page = client_for(manager).get(reverse("reporting:board-report", args=[report.pk]))
    assert escape(REPORT_NOT_QUEUED) in page.content.decode()
    assert b"Ask for the report again" in page.content


# --- A real worker killed mid-job ------------------------------------------------------------

SWEEP_SECONDS = 3
SHORT_LIMITS = {
    "JOB_TIME_LIMIT_CASELOAD_CHECK": "60",
    "JOB_TIME_LIMIT_CASELOAD_IMPORT": "30",
    "JOB_TIME_LIMIT_BOARD_REPORT": "30",
    "JOB_SWEEP_INTERVAL_SECONDS": str(SWEEP_SECONDS),
}
GENEROUS = 120  # seconds on top of each limit, for a slow shared machine: never a timing claim


@pytest.fixture
def clean_broker():
    broker_forget_unfinished_tasks()
    yield
    broker_forget_unfinished_tasks()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("clean_broker")
def test_a_worker_killed_mid_import_saves_nothing_and_the_import_ends_within_its_limit(
    officer_north, tmp_path
):
    client = client_for(officer_north)
    with worker_process(tmp_path, env=SHORT_LIMITS) as worker:
        upload(client, caseload_csv(*(plan_row(n) for n in range(1, 41))))
        job = ImportJob.objects.get()
        assert wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.CHECKED,
                        seconds=GENEROUS)  # fmt: skip
        # Writes to the reviews table wait: the worker stops inside the import's transaction,
        # after the children and plans are written and before the reviews are.
        with lock_tables("reviews_review") as lock:
            client.post(reverse("caseload:import-confirm", args=[job.pk]))
            assert wait_for(lambda: worker_waits_for_a_lock(lock), seconds=GENEROUS)
            kill_worker(worker)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING
    assert (Plan.objects.count(), Child.objects.count(), Review.objects.count()) == (0, 0, 0)

    with worker_process(tmp_path, beat=True, env=SHORT_LIMITS):
        ended = wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).status != ImportStatus.IMPORTING,
            seconds=30 + SWEEP_SECONDS + GENEROUS,
        )
    job.refresh_from_db()
    assert ended, "the import was still 'Importing' after its time limit and a sweep"
    if job.status == ImportStatus.IMPORTED:  # given back to the queue and finished: all of it
        assert Plan.objects.count() == 40
    else:
        assert job.status == ImportStatus.FAILED
        assert job.error == IMPORT_STOPPED
        assert (Plan.objects.count(), Child.objects.count(), Review.objects.count()) == (0, 0, 0)
        assert escape(IMPORT_STOPPED) in job_page(officer_north, job)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("clean_broker")
def test_a_worker_killed_mid_pdf_leaves_the_board_report_failed_within_its_limit(
    north, manager, tmp_path
):
    ReviewFactory.create(plan=PlanFactory.create(area=north))
    client = client_for(manager)
    # Reading the trend snapshots, which the PDF's charts need, waits: the worker stops in
    # the middle of printing.
    with (
        worker_process(tmp_path, env=SHORT_LIMITS) as worker,
        lock_tables("reporting_dailysnapshot", mode="ACCESS EXCLUSIVE") as lock,
    ):
        client.post(reverse("reporting:board"))
        report = BoardReport.objects.get()
        assert wait_for(lambda: worker_waits_for_a_lock(lock), seconds=GENEROUS)
        kill_worker(worker)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (BoardReportStatus.PREPARING, 1)

    with worker_process(tmp_path, beat=True, env=SHORT_LIMITS):
        ended = wait_for(
            lambda: BoardReport.objects.get(pk=report.pk).status != BoardReportStatus.PREPARING,
            seconds=30 + SWEEP_SECONDS + GENEROUS,
        )
    report.refresh_from_db()
    assert ended, "the report was still 'Being prepared' after its time limit and a sweep"
    assert report.status in {BoardReportStatus.READY, BoardReportStatus.FAILED}
    if report.status == BoardReportStatus.FAILED:
        assert report.pdf is None
        page = client.get(reverse("reporting:board-report", args=[report.pk])).content.decode()
        assert escape(REPORT_STOPPED) in page
