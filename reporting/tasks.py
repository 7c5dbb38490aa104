"""Thin adapters: each task calls a service, retries only on transient database errors."""

from celery import shared_task
from django.db import OperationalError

from common.jobs import job_task_options
from reporting.snapshots import snapshot_take


@shared_task(
    name="reporting.take_daily_snapshot",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=600,
    time_limit=660,
)
def take_daily_snapshot() -> int:
    """Record today's dashboard figures for the trend charts (one row per area per day)."""
    return snapshot_take()


@shared_task(
    name="reporting.render_board_report",
    **job_task_options("board_report"),
)
def render_board_report(report_id: str) -> str:
    """Print a requested board report to PDF."""
    from reporting.board import board_report_render

    return board_report_render(report_id).status


@shared_task(
    name="reporting.refresh_current_figures",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=330,
)
def refresh_current_figures() -> int:
    """Work out the dashboard's figures for the whole service and each area team."""
    from reporting.current import current_figures_refresh

    return current_figures_refresh()
