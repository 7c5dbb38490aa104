"""The backlog queue under load: 20 simulated officers for a minute against gunicorn, 20,000 plans.

Loads the demo council with 20,000 plans, starts gunicorn on a free local port against the
benchmark database, and has 20 threads (each a signed-in case officer) request the queue
with random filters, sorts and pages for 60 seconds, pausing about a second between pages
as a quick reader would. Prints requests per second and p50/p95/p99 latency, against the
same load on /healthz as the baseline; then the same 20 clients with no pause at all.
"""

import http.client
import random
import threading
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from bench._server import gunicorn_serving, report
from demo.caseload import demo_caseload_seed, demo_council_seed
from kentsend.health import heartbeat_record
from reviews.recompute import recompute_reviews

PLANS = 20_000
OFFICERS = 20
SECONDS = 60
# A simulated officer reads each page before the next click: 0.5 to 1.5 seconds, which is
# quicker than a person. The second run drops the pause, as a stress figure.
THINK_SECONDS = 1.0
QUERIES = [
    "", "?sort=due_on", "?sort=days_overdue", "?overdue_for=more_than_52_weeks", "?overdue_step=decision",
    "?state=due_soon", "?phase_transfer=true", "?ncy=6", "?primary_need=ASD", "?page=3",
    "?overdue_for=4_to_12_weeks&sort=days_overdue&page=2", "?size=100",
]  # fmt: skip


def load(
    port: int, paths: list[str], cookie: str, stop_at: float, latencies: list[float], pause: float
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}", "Host": "127.0.0.1"}
    rng = random.Random()
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        conn.request("GET", rng.choice(paths), headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status not in {200, 503}:
            raise SystemExit(f"unexpected status {response.status}")
        latencies.append((time.perf_counter() - started) * 1000)
        if pause:
            time.sleep(rng.uniform(0.5 * pause, 1.5 * pause))
    conn.close()


def run_load(
    port: int, paths: list[str], cookies: list[str], seconds: int, pause: float = 0.0
) -> tuple[float, list[float]]:
    per_thread: list[list[float]] = [[] for _ in cookies]
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=load, args=(port, paths, c, stop_at, out, pause))
        for c, out in zip(cookies, per_thread, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(x for out in per_thread for x in out)
    return len(latencies) / seconds, latencies


def main() -> None:
    started = time.perf_counter()
    demo_council_seed()
    demo_caseload_seed(plans=PLANS, today=timezone.localdate())
    recompute_reviews()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have done on a live database
    heartbeat_record()  # so that /healthz, the baseline, answers 200
    officer = User.objects.filter(role=Role.CASE_OFFICER).first()
    assert officer is not None
    officer.areas.set(officer.areas.model.objects.all())  # the busiest queue: every area
    cookies = []
    for _ in range(OFFICERS):
        client = Client()
        client.force_login(officer)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    print(
        f"  loaded {PLANS:,} plans and signed in {OFFICERS} officers in {time.perf_counter() - started:.0f}s",
        flush=True,
    )

    with gunicorn_serving(workers=4) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        rate, latencies = run_load(port, ["/healthz"], cookies, 15)
        baseline = report("baseline: GET /healthz", rate, latencies)
        queue = [f"/casework/{q}" for q in QUERIES]
        rate, latencies = run_load(port, queue, cookies, SECONDS, pause=THINK_SECONDS)
        p95 = report(f"queue, {OFFICERS} officers reading", rate, latencies, baseline)
        print(f"  target: p95 under 300 ms: {'met' if p95 < 300 else 'NOT met'}", flush=True)
        rate, latencies = run_load(port, queue, cookies, SECONDS)
        report(f"queue, {OFFICERS} clients, no pause", rate, latencies, baseline)
