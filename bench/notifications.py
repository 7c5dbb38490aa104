"""The notifications page at 700,000 plans: in process, and 20 officers reading under gunicorn.

Tops the caseload up to 700,000 plans (set-based SQL, bench/recompute.py's loader) and
recomputes every deadline, which raises an alert for each step due soon or overdue. Then:
the page in process (Django's test client) for a case officer of one area, for a manager
(every area) and with each filter, with how PostgreSQL reads its page of rows and its count
(EXPLAIN); then 20 signed-in officers reading it under gunicorn (4 workers), 0.5 to 1.5
seconds between pages. Baseline: the same 20 clients on /healthz with no pause, in the same
run, as bench/queue_load.py. Targets (issue 20): p95 within 2x the baseline's, and the page
in process under 50 ms.
"""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from bench._caseload import caseload_top_up, page_in_process, plan_count, plan_summary, signed_in
from bench._server import gunicorn_serving, machine_load, report, run_load
from bench._targets import target
from common.pagination import CappedPaginator
from kentsend.health import heartbeat_record
from organisation.models import AreaTeam
from reviews.models import Alert

PLANS = 700_000
OFFICERS = 20
HEALTHZ_SECONDS = 15
READING_SECONDS = 30
THINK_SECONDS = 1.0
IN_PROCESS_TARGET_MS = 50
RATIO_TARGET = 2.0
PATH = "/casework/notifications/"


def person(email: str, role: str, areas: QuerySet[AreaTeam]) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, "bench-password-2026", role=role
    )
    user.areas.set(areas)
    return user


def explain(user: User, label: str) -> None:
    alerts = Alert.objects.to_do(user, timezone.localdate()).order_by(*Alert.TO_DO_ORDER)
    paginator = CappedPaginator(alerts, 50)
    print(f"    {label:<26} page of rows: {plan_summary(alerts[:50])}")
    count_rows = alerts.order_by().values("pk")[: paginator.cap + 1]
    print(f"    {'':<26} count ({paginator.count_text}): {plan_summary(count_rows)}", flush=True)


def main() -> None:
    seconds = caseload_top_up(PLANS)
    areas = AreaTeam.objects.order_by("name")
    first = areas.first()
    assert first is not None
    officer = person(
        "bench.notifications@example.org", Role.CASE_OFFICER, areas.filter(pk=first.pk)
    )
    manager = person("bench.notifications.manager@example.org", Role.MANAGER, areas.none())
    print(
        f"  {plan_count():,} plans, {Alert.objects.filter(done_at__isnull=True).count():,} alerts "
        f"to do, ready in {seconds:.0f}s ({machine_load()})",
        flush=True,
    )
    explain(officer, f"officer of {first.name}")
    explain(manager, "manager, every area")
    figures = [
        page_in_process(f"officer of {first.name}", officer, PATH),
        page_in_process("officer, overdue only", officer, f"{PATH}?kind=overdue"),
        page_in_process("officer, page 3", officer, f"{PATH}?page=3"),
        page_in_process("manager, every area", manager, PATH),
        page_in_process("manager, one area", manager, f"{PATH}?{urlencode({'area': first.name})}"),
    ]
    for line in figures:
        print(line.line(), flush=True)
    worst = max(f.p95_ms for f in figures)
    met = target(
        f"1. notifications in process at {PLANS:,} plans (worst p95)",
        worst,
        IN_PROCESS_TARGET_MS,
        " ms",
    )
    print(
        f"  target: notifications in process under {IN_PROCESS_TARGET_MS} ms at {PLANS:,} plans: "
        f"worst p95 {worst:.1f} ms, {met}",
        flush=True,
    )
    cookies = signed_in(officer, OFFICERS)
    heartbeat_record()
    paths = [PATH, f"{PATH}?kind=overdue", f"{PATH}?kind=due_soon", f"{PATH}?page=2"]
    with gunicorn_serving(workers=4) as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        rate, latencies = run_load(port, ["/healthz"], cookies, HEALTHZ_SECONDS)
        baseline = report(f"baseline: /healthz, {OFFICERS} clients", rate, latencies)
        rate, latencies = run_load(port, paths, cookies, READING_SECONDS, pause=THINK_SECONDS)
        p95 = report(f"notifications, {OFFICERS} reading", rate, latencies, baseline)
    ratio = p95 / baseline
    print(
        f"  target: notifications p95 within {RATIO_TARGET:.0f}x /healthz at {PLANS:,} plans: "
        f"{ratio:.1f}x, {target(f'1. notifications p95 / healthz p95 at {PLANS:,} plans', ratio, RATIO_TARGET)} "
        f"({machine_load()})",
        flush=True,
    )
