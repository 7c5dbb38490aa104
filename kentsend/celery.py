"""The Celery app and, in one place, the periodic schedule that beat runs."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kentsend.settings")

app = Celery("kentsend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_periodic_tasks(sender: Celery, **kwargs: object) -> None:
    from django.conf import settings

    sender.conf.beat_schedule = {
        "sweep stuck jobs": {
            "task": "kentsend.sweep_stuck_jobs",
            "schedule": float(settings.JOB_SWEEP_INTERVAL_SECONDS),
            "options": {"expires": float(settings.JOB_SWEEP_INTERVAL_SECONDS)},
        },
        "worker heartbeat": {
            "task": "kentsend.heartbeat",
            "schedule": float(settings.HEARTBEAT_INTERVAL_SECONDS),
            "options": {"expires": float(settings.HEARTBEAT_INTERVAL_SECONDS)},
        },
        "retry emails that could not be sent": {
            "task": "common.retry_due_emails",
            "schedule": 300.0,
            "options": {"expires": 300.0},
        },
        "forget old emails": {
            "task": "common.forget_old_emails",
            "schedule": crontab(hour=4, minute=10),
        },
        "nightly deadline recompute": {
            "task": "reviews.recompute_deadlines",
            "schedule": crontab(hour=1, minute=30),
        },
        "daily dashboard snapshot": {  # after the recompute, so the backlog is today's
            "task": "reporting.take_daily_snapshot",
            "schedule": crontab(hour=2, minute=30),
        },
        "dashboard figures": {
            "task": "reporting.refresh_current_figures",
            "schedule": 600.0,
            "options": {"expires": 600.0},
        },
        "close volunteer assignments that became conflicts of interest": {
            "task": "volunteers.close_conflicted_assignments",
            "schedule": 900.0,
            "options": {"expires": 900.0},
        },
        "resume paused release agreements": {
            "task": "volunteers.resume_paused_agreements",
            "schedule": crontab(hour=6, minute=0),
        },
        "advice reminders to professionals": {
            "task": "contributions.send_advice_reminders",
            "schedule": crontab(hour=7, minute=15),
        },
        # After the nightly recompute and before the digests, so the officer's morning
        # email lists the families told today without a reason.
        "families told of a statutory deadline that will be missed": {
            "task": "contributions.tell_families_of_missed_deadlines",
            "schedule": crontab(hour=6, minute=30),
        },
        "morning alert digests": {
            "task": "reviews.send_alert_digests",
            "schedule": crontab(hour=7, minute=0),
        },
        "nightly Local Offer link check": {
            "task": "localoffer.check_links",
            "schedule": crontab(hour=3, minute=15),
        },
        "weekly Local Offer freshness reminders": {
            "task": "localoffer.send_freshness_reminders",
            "schedule": crontab(day_of_week="mon", hour=5, minute=45),
        },
    }


@app.task(name="kentsend.sweep_stuck_jobs", ignore_result=True, soft_time_limit=90, time_limit=120)
def sweep_stuck_jobs() -> dict[str, int]:
    """Fail or re-queue every worker job that has stopped moving (common.jobs)."""
    from common.jobs import jobs_sweep
    from kentsend.jobs import job_kinds

    return jobs_sweep(job_kinds())


@app.task(name="kentsend.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Prove the worker is alive: /healthz reports the time of the last run."""
    from kentsend.health import heartbeat_record

    heartbeat_record()
