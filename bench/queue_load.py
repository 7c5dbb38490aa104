"""The backlog queue at 20,000 and 700,000 plans: 20 simulated officers against gunicorn.

(Named queue_load, not queue: a module called queue in bench/ would shadow the standard
library's when a script in bench/ runs.)

Loads the demo council with 20,000 plans, then tops the caseload up to 700,000 (set-based
SQL, bench/recompute.py's loader). At each size: the queue page in process (one officer,
Django's test client) with how PostgreSQL reads its page of rows and its count (EXPLAIN);
then gunicorn (4 workers) on a free local port, with 20 threads (each a signed-in case
officer of every area) requesting the queue with random filters, sorts and pages, pausing
0.5 to 1.5 seconds between pages as a quick reader would. Baseline: the same 20 on
/healthz, in the same run. Target 1 of issue 20: the queue's p95 within 2x the baseline's,
and the page in process under 50 ms at 700,000 plans. A last run drops the pause, as a
stress figure.
"""

import time

from django.http import QueryDict
from django.utils import timezone

from accounts.models import User
from bench._caseload import (
    caseload_top_up,
    officer_of_every_area,
    page_in_process,
    plan_count,
    plan_summary,
    signed_in,
)
from bench._server import gunicorn_serving, machine_load, report, run_load
from bench._targets import target
from common.pagination import CappedPaginator
from demo.caseload import demo_caseload_seed, demo_council_seed
from kentsend.health import heartbeat_record
from reviews.ordering import ByPriority
from reviews.recompute import recompute_reviews
from workbench.views import queue_reviews

SIZES = (20_000, 700_000)
OFFICERS = 20
HEALTHZ_SECONDS = 15
READING_SECONDS = 40
STRESS_SECONDS = 15
# A simulated officer reads each page before the next click: 0.5 to 1.5 seconds, which is
# quicker than a person. The stress run drops the pause.
THINK_SECONDS = 1.0
IN_PROCESS_TARGET_MS = 50
RATIO_TARGET = 2.0
QUERIES = [
    "", "?sort=due_on", "?sort=days_overdue", "?overdue_for=more_than_52_weeks", "?overdue_step=decision",
    "?state=due_soon", "?phase_transfer=true", "?ncy=6", "?primary_need=ASD", "?page=3",
    "?overdue_for=4_to_12_weeks&sort=days_overdue&page=2", "?size=100",
]  # fmt: skip


def explain_queue(officer: User, officer_query: str) -> None:
    queue = queue_reviews(officer, QueryDict(officer_query.lstrip("?")))
    paginator = CappedPaginator(queue.reviews, queue.size)
    label = officer_query or "(no filter)"
    ordered = queue.ordered
    if isinstance(ordered, ByPriority):  # two index walks merged (reviews.ordering)
        for overdue in ordered.groups:
            group = "backlog" if overdue else "the rest"
            rows = plan_summary(ordered.walk(overdue, queue.size))
            print(f"    {label:<24} page of rows, walk of {group}: {rows}")
    else:
        print(f"    {label:<24} page of rows: {plan_summary(ordered[: queue.size])}")
    count_rows = queue.reviews.order_by().values("pk")[: paginator.cap + 1]
    print(f"    {'':<24} count ({paginator.count_text}): {plan_summary(count_rows)}", flush=True)


def measure_size(plans: int) -> None:
    officer = officer_of_every_area()
    print(f"\n  -- {plans:,} plans ({machine_load()})", flush=True)
    for query in ("", "?sort=due_on", "?sort=days_overdue", "?overdue_step=decision"):
        explain_queue(officer, query)
    in_process = [page_in_process(f"queue page {q or '(no filter)'}", officer, f"/casework/{q}") for q in ("", "?sort=due_on", "?overdue_for=more_than_52_weeks", "?size=100")]  # fmt: skip
    for figures in in_process:
        print(figures.line(), flush=True)
    worst = max(f.p95_ms for f in in_process)
    if plans >= SIZES[-1]:
        met = target(
            f"1. queue page in process at {plans:,} plans (worst p95)",
            worst,
            IN_PROCESS_TARGET_MS,
            " ms",
        )
        print(
            f"  target: queue page in process under {IN_PROCESS_TARGET_MS} ms at {plans:,} plans: "
            f"worst p95 {worst:.1f} ms, {met}",
            flush=True,
        )
    cookies = signed_in(officer, OFFICERS)
    heartbeat_record()  # so that /healthz, the baseline, answers 200
    with gunicorn_serving(workers=4) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        # As shipped and as issue 20 measured it: the same 20 clients on /healthz with no
        # pause, the most this server answers at once.
        rate, latencies = run_load(port, ["/healthz"], cookies, HEALTHZ_SECONDS)
        baseline = report(f"baseline: /healthz, {OFFICERS} clients", rate, latencies)
        queue = [f"/casework/{q}" for q in QUERIES]
        rate, latencies = run_load(port, queue, cookies, READING_SECONDS, pause=THINK_SECONDS)
        p95 = report(f"queue, {OFFICERS} officers reading", rate, latencies, baseline)
        ratio = p95 / baseline
        print(
            f"  target 1: queue p95 within {RATIO_TARGET:.0f}x /healthz at {plans:,} plans: "
            f"{ratio:.1f}x, {target(f'1. queue p95 / healthz p95 at {plans:,} plans', ratio, RATIO_TARGET)} "
            f"({machine_load()})",
            flush=True,
        )
        rate, latencies = run_load(port, queue, cookies, STRESS_SECONDS)
        report(f"queue, {OFFICERS} clients, no pause", rate, latencies, baseline)


def main() -> None:
    started = time.perf_counter()
    demo_council_seed()
    if plan_count() == 0:
        demo_caseload_seed(plans=SIZES[0], today=timezone.localdate())
        recompute_reviews()
    seconds = caseload_top_up(SIZES[0]) + time.perf_counter() - started
    print(f"  loaded {plan_count():,} plans in {seconds:.0f}s", flush=True)
    measure_size(SIZES[0])
    seconds = caseload_top_up(SIZES[1])
    print(f"\n  topped the caseload up to {plan_count():,} plans in {seconds:.0f}s", flush=True)
    measure_size(SIZES[1])
