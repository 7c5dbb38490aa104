"""The forecast page (cached against live) and the dashboard refresh (grouped against before).

Loads 700,000 plans (BENCH_PLANS for a quicker trial) with their open reviews and a year of
concluded ones (bench/dashboard.py's loader) and recomputes every deadline, then measures:

- GET /manager/forecast/ for the whole service and one area team, served from the worker's
  cache (reporting.current.current_forecast) against the same page's aggregates worked out
  live (reporting.forecast_inputs.forecast_inputs), in the same run;
- the worker's refresh of every scope (current_figures_refresh: the grouped figures, the rest
  area by area, and the forecast's aggregates) against the figures worked out scope by scope
  as before (dashboard_figures for the whole service and each area, nothing grouped).
"""

import os
import time
from functools import partial

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from bench._timing import measure
from bench.dashboard import load_history
from bench.recompute import load
from organisation.models import AreaTeam
from reporting.current import current_figures_refresh
from reporting.forecast_inputs import forecast_inputs
from reporting.kpis import GROUPED_FIGURES, dashboard_figures
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

    scopes = [None, *AreaTeam.objects.order_by("name")]
    before = []
    now = []
    for _ in range(2):  # alternated, so that both see the same load
        started = time.perf_counter()
        for scope in scopes:
            dashboard_figures(scope_whole_service(area=scope), today=today)
        before.append(time.perf_counter() - started)
        started = time.perf_counter()
        grouped = {
            name: by_area(scope_whole_service(), today=today)
            for name, by_area in GROUPED_FIGURES.items()
        }
        grouped_seconds = time.perf_counter() - started
        for scope in scopes:
            key = scope.pk if scope else None
            known = {name: figures[key] for name, figures in grouped.items()}
            dashboard_figures(scope_whole_service(area=scope), today=today, known=known)
        now.append(time.perf_counter() - started)
    cache.clear()
    started = time.perf_counter()
    current_figures_refresh(today=today)
    refresh = time.perf_counter() - started
    print(
        f"  dashboard figures of {len(scopes)} scopes as before, scope by scope: "
        f"{min(before):.2f}s",
        flush=True,
    )
    print(
        f"  the same figures now, {', '.join(GROUPED_FIGURES)} grouped by area "
        f"({grouped_seconds:.2f}s for every scope) and the rest scope by scope: "
        f"{min(now):.2f}s, {min(now) / min(before):.2f}x before",
        flush=True,
    )
    print(
        f"  the worker's whole refresh (figures, forecast aggregates, area counts): {refresh:.1f}s",
        flush=True,
    )
