"""The forecast page (cached against live) and the dashboard refresh (grouped against before).

Loads 700,000 plans (BENCH_PLANS for a quicker trial) with their open reviews and a year of
concluded ones (bench/dashboard.py's loader) and recomputes every deadline, then measures:

- GET /manager/forecast/ for the whole service and one area team, served from the worker's
  cache (reporting.current.current_forecast) against the same page's aggregates worked out
  live (reporting.forecast_inputs.forecast_inputs), in the same run;
- the forecast page served from the cache against the dashboard served from the cache
  (target 5: within 2x);
- the worker's refresh of every scope (current_figures_refresh: the grouped figures, the rest
  area by area, and the forecast's aggregates grouped by area) against one pass over every
  review counting seven things by area (target 5: within 2x, two passes), and against the
  figures and forecast worked out scope by scope as before.
"""

import os
import time
from functools import partial

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from bench._targets import target
from bench._timing import measure
from bench.dashboard import load_history
from bench.recompute import load
from organisation.models import AreaTeam
from reporting.current import current_figures_refresh
from reporting.forecast_inputs import forecast_inputs
from reporting.kpis import dashboard_figures
from reporting.scope import scope_whole_service
from reviews.models import DeadlineRules
from reviews.recompute import recompute_reviews

PLANS = int(os.environ.get("BENCH_PLANS", "700000"))


def main() -> None:
    today = timezone.localdate()
    DeadlineRules.current()
    started = time.perf_counter()
    load(PLANS)
    load_history()
    recompute_reviews(today=today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  caseload ready: {time.perf_counter() - started:.0f}s", flush=True)
    manager = User.objects.filter(role=Role.MANAGER).first() or User.objects.create_user(
        "bench.forecast@example.org", "bench-password-2026", role=Role.MANAGER
    )
    client = Client()
    client.force_login(manager)
    area = AreaTeam.objects.order_by("name").first()
    assert area is not None

    for where, query, scope in (("all areas", {}, None), (area.name, {"area": area.name}, area)):
        live = measure(
            f"forecast aggregates live, {where}",
            partial(forecast_inputs, today=today, area=scope),
            runs=5,
            warmup=1,
        )
        client.get("/manager/forecast/", query)  # fills the cache, as the worker does
        cached = measure(
            f"GET /manager/forecast/ cached, {where}",
            partial(client.get, "/manager/forecast/", query),
            runs=30,
            warmup=3,
        )
        print(live.line(), flush=True)
        print(cached.line(live), flush=True)
        print(
            f"  forecast page, {where}: cached p50 {cached.p50_ms:.0f} ms against live "
            f"aggregates {live.p50_ms:.0f} ms: {live.p50_ms / cached.p50_ms:.0f}x faster",
            flush=True,
        )

        if scope is None:
            client.get("/manager/")  # fills the dashboard's cache, as the worker does
            dashboard = measure(
                "GET /manager/ cached, all areas", partial(client.get, "/manager/"), runs=30
            )
            print(dashboard.line(), flush=True)
            ratio = cached.p50_ms / dashboard.p50_ms
            verdict = target(
                "5. forecast page served like the dashboard (p50 / dashboard)", ratio, 2
            )
            print(f"  forecast page p50 {ratio:.1f}x the dashboard's: {verdict}", flush=True)

    scopes = [None, *AreaTeam.objects.order_by("name")]
    with connection.cursor() as cursor:
        one_pass = measure(
            "baseline: one pass, 7 counts by area",
            partial(cursor.execute, SINGLE_SCAN_SQL, [today]),
            runs=3,
            warmup=1,
        )
    print(one_pass.line(), flush=True)
    before = []
    for _ in range(2):
        started = time.perf_counter()
        for scope in scopes:
            dashboard_figures(scope_whole_service(area=scope), today=today)
        before.append(time.perf_counter() - started)
    refresh = []
    for _ in range(2):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            current_figures_refresh(today=today)
            refresh.append(time.perf_counter() - started)
    reading_reviews = [q for q in queries.captured_queries if "reviews_review" in q["sql"]]
    print(
        f"  dashboard figures of {len(scopes)} scopes worked out scope by scope, nothing "
        f"grouped: {min(before):.2f}s",
        flush=True,
    )
    ratio = min(refresh) / (one_pass.p50_ms / 1000)
    verdict = target("5. dashboard and forecast refresh, every scope / one pass", ratio, 2)
    print(
        f"  the worker's whole refresh (one pass over the reviews for the dashboard, the "
        f"forecast and the table of areas; the rest grouped or area by area): "
        f"{min(refresh):.2f}s in {len(queries.captured_queries)} queries, "
        f"{len(reading_reviews)} of them reading the reviews; "
        f"{min(refresh) / min(before):.2f}x the figures scope by scope, {ratio:.1f}x one pass "
        f"(target two passes): {verdict}",
        flush=True,
    )


# One pass over every review with its plan's area, counting seven things by area: what the
# refresh would cost if every figure came from a single scan.
SINGLE_SCAN_SQL = """
    SELECT p.area_id, count(*),
           count(*) FILTER (WHERE r.in_backlog),
           count(*) FILTER (WHERE r.meeting_on IS NULL),
           count(*) FILTER (WHERE r.status = 'open'),
           count(*) FILTER (WHERE r.decision = 'amend'),
           count(*) FILTER (WHERE r.due_on >= %s),
           count(*) FILTER (WHERE r.final_plan_issued_on IS NOT NULL)
    FROM reviews_review r JOIN casework_plan p ON p.id = r.plan_id
    GROUP BY p.area_id
"""
