"""The sweeper: every worker job that stops moving is failed (or queued again) with what to do,
and every task is delivered so that a dead worker loses nothing."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from caseload.models import ImportJob, ImportStatus
from caseload.services import CHECK_STOPPED, IMPORT_STOPPED, import_job_check
from common.jobs import job_time_limit
from kentsend.celery import app as celery_app
from kentsend.celery import sweep_stuck_jobs
from reporting.board import REPORT_STOPPED, board_report_render
from reporting.models import BoardReport, BoardReportStatus
from tests.conftest import client_for


def stalled(limit: str, *, extra: int = 5) -> datetime:
    """A moment longer ago than the job's time limit."""
    return timezone.now() - timedelta(seconds=job_time_limit(limit) + extra)


def import_job(user, status: ImportStatus, **fields) -> ImportJob:
    return ImportJob.objects.create(
        uploaded_by=user, filename="caseload.csv", sha256="0" * 64, data=b"plan_ref\r\n",
        status=status, **fields,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "limit", "reason"),
    [
        (ImportStatus.CHECKING, "caseload_check", CHECK_STOPPED),
        (ImportStatus.IMPORTING, "caseload_import", IMPORT_STOPPED),
    ],
)
def test_an_import_step_that_stopped_moving_is_failed_by_the_sweeper_and_the_page_says_what_to_do(
    officer_north, status, limit, reason
):
    job = import_job(officer_north, status, progress=70, updated_at=stalled(limit))
    assert sweep_stuck_jobs() == {
        "caseload file check" if status == ImportStatus.CHECKING else "caseload import": 1
    }
    job.refresh_from_db()
    assert (job.status, job.error, bytes(job.data)) == (ImportStatus.FAILED, reason, b"")
    page = client_for(officer_north).get(reverse("caseload:import-job", args=[job.pk]))
    assert escape(reason) in page.content.decode()
    assert b'http-equiv="refresh"' not in page.content


@pytest.mark.django_db
def test_a_job_still_moving_within_its_limit_is_left_alone(officer_north, manager):
    job = import_job(
        officer_north, ImportStatus.IMPORTING, updated_at=stalled("caseload_import", extra=-60)
    )
    report = BoardReport.objects.create(as_at=timezone.localdate(), requested_by=manager)
    resting = import_job(officer_north, ImportStatus.CHECKED, updated_at=stalled("caseload_check"))
    assert sweep_stuck_jobs() == {}
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING
    assert ImportJob.objects.get(pk=resting.pk).status == ImportStatus.CHECKED
    assert BoardReport.objects.get(pk=report.pk).status == BoardReportStatus.PREPARING


@pytest.mark.django_db
def test_a_board_report_that_stopped_moving_is_failed_by_the_sweeper_and_the_page_says_so(manager):
    report = BoardReport.objects.create(
        as_at=timezone.localdate(), requested_by=manager, updated_at=stalled("board_report")
    )
    assert sweep_stuck_jobs() == {"board report": 1}
    report.refresh_from_db()
    assert (report.status, report.error) == (BoardReportStatus.FAILED, REPORT_STOPPED)
    page = client_for(manager).get(reverse("reporting:board-report", args=[report.pk]))
    assert escape(REPORT_STOPPED) in page.content.decode()
    assert b'http-equiv="refresh"' not in page.content


@pytest.mark.django_db
def test_a_job_that_stopped_its_worker_too_often_is_failed_when_delivered_again(
    officer_north, manager
):
    job = import_job(officer_north, ImportStatus.CHECKING, attempts=settings.JOB_MAX_ATTEMPTS)
    import_job_check(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportStatus.FAILED, CHECK_STOPPED)
    report = BoardReport.objects.create(
        as_at=timezone.localdate(), requested_by=manager, attempts=settings.JOB_MAX_ATTEMPTS
    )
    assert board_report_render(str(report.pk)).status == BoardReportStatus.FAILED


def test_beat_runs_the_sweeper_more_often_than_any_job_may_stand_still():
    celery_app.loader.import_default_modules()
    celery_app.finalize()
    entries = {e["task"]: e for e in celery_app.conf.beat_schedule.values()}
    sweep = entries["kentsend.sweep_stuck_jobs"]["schedule"]
    assert sweep == settings.JOB_SWEEP_INTERVAL_SECONDS
    assert sweep < min(settings.JOB_TIME_LIMITS.values())


def test_every_task_is_acknowledged_late_given_back_if_its_worker_dies_and_ends_before_redelivery():
    celery_app.loader.import_default_modules()
    celery_app.autodiscover_tasks(force=True)
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]
    ours = {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}
    assert {"casework.run_import", "reporting.render_board_report"} <= set(ours)
    for name, task in ours.items():
        assert task.acks_late, name
        assert task.reject_on_worker_lost, name
        hard = task.time_limit or celery_app.conf.task_time_limit
        assert hard < visibility, name
        assert (task.soft_time_limit or celery_app.conf.task_soft_time_limit) < hard, name
