"""Celery's named queues (docs/decisions/0028): every task goes to one of them, so a council
can run and scale a worker for each kind of work; a worker given no -Q consumes them all."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from kentsend import celery_app

BASE_DIR = Path(__file__).resolve().parent.parent

QUEUES = {"interactive", "imports", "pdfs", "link_checks", "nightly"}
SHORT_PERIODIC_TASKS = {
    "kentsend.heartbeat",
    "kentsend.sweep_stuck_jobs",
    "common.retry_due_emails",
    "volunteers.close_conflicted_assignments",
}


def our_tasks() -> set[str]:
    celery_app.loader.import_default_modules()
    celery_app.autodiscover_tasks(force=True)
    return {name for name in celery_app.tasks if not name.startswith("celery.")}


def queue_of(task_name: str) -> str:
    return str(celery_app.amqp.router.route({}, task_name)["queue"].name)


def test_the_queues_are_the_five_named_ones_and_interactive_is_the_default():
    assert set(settings.TASK_QUEUE_NAMES) == QUEUES
    assert celery_app.conf.task_default_queue == "interactive"


def test_every_task_is_routed_by_name_to_one_of_the_named_queues():
    tasks = our_tasks()
    assert {"casework.run_import", "reporting.render_board_report"} <= tasks
    assert set(settings.CELERY_TASK_ROUTES) == tasks
    for name in tasks:
        assert queue_of(name) in QUEUES, name


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("casework.check_import", "imports"),
        ("casework.run_import", "imports"),
        ("localoffer.check_service_import", "imports"),
        ("localoffer.run_service_import", "imports"),
        ("reporting.render_board_report", "pdfs"),
        ("documents.render_decision_letter", "pdfs"),
        ("localoffer.check_links", "link_checks"),
        ("common.retry_email", "interactive"),
        ("reviews.recompute_deadlines", "nightly"),
    ],
)
def test_each_kind_of_work_has_its_queue(task, queue):
    assert queue_of(task) == queue


def test_periodic_tasks_go_to_nightly_unless_they_are_short_and_frequent():
    celery_app.loader.import_default_modules()
    for entry in celery_app.conf.beat_schedule.values():
        expected = "interactive" if entry["task"] in SHORT_PERIODIC_TASKS else "nightly"
        if entry["task"] == "localoffer.check_links":
            expected = "link_checks"
        assert queue_of(entry["task"]) == expected, entry["task"]


def test_a_worker_given_no_queues_consumes_every_named_queue():
    # What `make run` (kentsend.embedded) and the tests' workers start: `celery worker` with
    # no -Q, and celery.contrib.testing's start_worker.
    assert set(celery_app.amqp.queues) == QUEUES
    assert not celery_app.conf.task_create_missing_queues


def test_compose_runs_a_worker_for_every_queue_each_with_a_health_check():
    services = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"]
    workers = {name: s for name, s in services.items() if name.startswith("worker-")}
    consumed: list[str] = []
    for name, service in workers.items():
        command = service["command"]
        queues = command[command.index("-Q") + 1].split(",")
        consumed += queues
        assert "healthcheck" in service, name
    assert sorted(consumed) == sorted(QUEUES)
