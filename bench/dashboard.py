"""Manager dashboard and board report at 700,000 plans: page latency and report render time.

Loads 700,000 plans with their open reviews (bench/recompute.py's loader) and a concluded
review a year earlier for most of them (so the timeliness figures read a year of decisions),
recomputes every deadline, then measures:

- the figures worked out from scratch (what the worker does every 10 minutes, and a page
  does when the cache is empty), for the whole service and for one area team;
- GET /manager/ as a signed-in manager, the whole service and one area team, as served;
- the board report, figures to PDF (what the worker does when a manager asks for one).

Baseline: one `SELECT 1` round trip, as in bench/pages.py. Targets: the dashboard 300 ms or
less at p95; the board report 10 seconds or less.
"""

import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from bench._timing import measure
from bench.recompute import load
from organisation.models import AreaTeam
from reporting.board import board_numbers, board_report_pdf
from reporting.current import current_figures_refresh, current_figures_work_out
from reviews.models import DeadlineRules
from reviews.recompute import recompute_reviews

PLANS = 700_000


def load_history() -> int:
    """A concluded review for each plan reviewed before: meeting a year before the open
    review's, decision 2 to 8 weeks later, a third amended with a final plan."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO reviews_review (plan_id, status, is_first_review, due_on, meeting_on,
                report_received_on, decision, decision_notes, decision_notified_on,
                amendment_notice_on, final_plan_issued_on, concluded_on, in_backlog,
                priority_standing_reasons, version)
            SELECT r.plan_id, 'concluded', false, r.previous_meeting_on, r.previous_meeting_on,
                   r.previous_meeting_on + 10,
                   CASE WHEN r.plan_id %% 3 = 0 THEN 'amend' ELSE 'maintain' END, '',
                   r.previous_meeting_on + 14 + (r.plan_id * 7 %% 43)::int,
                   CASE WHEN r.plan_id %% 3 = 0 THEN r.previous_meeting_on + 40 END,
                   CASE WHEN r.plan_id %% 3 = 0 THEN r.previous_meeting_on + 60 + (r.plan_id %% 50)::int END,
                   r.previous_meeting_on + 14 + (r.plan_id * 7 %% 43)::int,
                   false, '{}', 1
            FROM reviews_review r
            WHERE r.previous_meeting_on IS NOT NULL AND r.status <> 'concluded'
              AND NOT EXISTS (SELECT 1 FROM reviews_review c
                              WHERE c.plan_id = r.plan_id AND c.status = 'concluded')
            """,
            [],  # with parameters, psycopg reads %% as %
        )
        added: int = cursor.rowcount
        cursor.execute("ANALYZE")
    return added


def main() -> None:
    today = timezone.localdate()
    DeadlineRules.current()
    started = time.perf_counter()
    load(PLANS)
    history = load_history()
    recompute_reviews(today=today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  loaded {PLANS:,} plans, {history:,} concluded reviews, recomputed: "
        f"{time.perf_counter() - started:.0f}s",
        flush=True,
    )
    manager = User.objects.create_user(
        "bench.manager@example.org", "bench-password-2026", role=Role.MANAGER
    )
    area = AreaTeam.objects.order_by("name").first()
    assert area is not None

    baseline = measure("baseline: SELECT 1", lambda: connection.cursor().execute("SELECT 1"))
    print(baseline.line(), flush=True)
    print(
        measure(
            "figures worked out, all areas",
            lambda: current_figures_work_out(None, today=today),
            runs=5,
            warmup=1,
        ).line(baseline),
        flush=True,
    )
    print(
        measure(
            f"figures worked out, {area.name}",
            lambda: current_figures_work_out(area, today=today),
            runs=5,
            warmup=1,
        ).line(baseline),
        flush=True,
    )
    refresh_started = time.perf_counter()
    cache.clear()
    current_figures_refresh(today=today)
    print(
        f"  the worker's refresh of every area and the whole service: "
        f"{time.perf_counter() - refresh_started:.1f}s",
        flush=True,
    )

    client = Client()
    client.force_login(manager)
    page = measure("GET /manager/", lambda: client.get("/manager/"), runs=100)
    print(page.line(baseline), flush=True)
    one_area = measure(
        f"GET /manager/?area={area.name}",
        lambda: client.get("/manager/", {"area": area.pk}),
        runs=100,
    )
    print(one_area.line(baseline), flush=True)
    worst = max(page.p95_ms, one_area.p95_ms)
    print(
        f"  dashboard p95 {worst:.0f} ms against a target of 300 ms: "
        f"{'met' if worst <= 300 else 'NOT met'}",
        flush=True,
    )

    started = time.perf_counter()
    pdf = board_report_pdf(board_numbers(today=today))
    seconds = time.perf_counter() - started
    print(
        f"  board report, figures to PDF ({len(pdf) // 1024} KB): {seconds:.1f}s against a "
        f"target of 10s: {'met' if seconds <= 10 else 'NOT met'}",
        flush=True,
    )
