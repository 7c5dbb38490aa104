"""Exports at 700,000 plans: each download against COPY of the same query, with peak memory.

Loads 700,000 plans with their open reviews and a year of concluded ones (bench/dashboard.py's
loader), recomputes every deadline, then downloads, as a signed-in manager through the whole
Django stack, reading the streamed response a block at a time and throwing it away:

- the SEN2 file for every plan (and, once, as it was built before: each row formatted in
  Python, `reporting.sen2.sen2_rows`);
- the plans CSV, every plan;
- the reviews CSV, the backlog of every area;
- the reviews XLSX, one area's backlog (openpyxl in write-only mode).

Baseline for each: `COPY (the same query, its columns as stored) TO STDOUT (FORMAT csv)`,
read by psycopg and thrown away, in the same run. Target: each CSV within 2x of its COPY.
Peak memory is how far the process's resident set rose above where it stood before the
download (Linux's VmHWM after resetting it through /proc/self/clear_refs), so it is the
download's own memory, not the process's.
"""

import csv
import os
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from bench._targets import target
from bench.dashboard import load_history
from bench.recompute import load
from casework.models import Plan
from organisation.models import AreaTeam
from reporting.sen2 import (
    Sen2Period,
    sen2_census_day_default,
    sen2_plans,
    sen2_plans_in_scope,
    sen2_rows,
)
from reviews.models import DeadlineRules, Review
from reviews.recompute import recompute_reviews

PLANS = int(os.environ.get("BENCH_PLANS", "700000"))  # smaller for a quick trial
ROUNDS = 2
STATUS = Path("/proc/self/status")


def _kb(field: str) -> int:
    found = re.search(rf"^{field}:\s+(\d+) kB", STATUS.read_text(), re.MULTILINE)
    return int(found.group(1)) if found else 0


def measured(call: Callable[[], int]) -> tuple[float, int, float]:
    """Seconds, what `call` returns (bytes or rows) and the peak memory it added, in MB."""
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current resident set
    before = _kb("VmRSS")
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    return seconds, result, max(_kb("VmHWM") - before, 0) / 1024


def copy_of(queryset: "QuerySet[Any, Any]") -> Callable[[], int]:
    """COPY of the query, read and thrown away: the baseline."""

    def run() -> int:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        size = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
                for block in copy:
                    size += len(block)
        return size

    return run


def download(client: Client, url: str, query: dict[str, Any] | None = None) -> Callable[[], int]:
    def run() -> int:
        response: Any = client.get(url, query or {})
        assert response.status_code == 200, response.status_code
        size: int = sum(len(block) for block in response.streaming_content)
        response.close()
        return size

    return run


class _Discard:
    def write(self, value: str) -> int:
        return len(value)


def sen2_as_before(plans: QuerySet[Plan], census_day: Any) -> Callable[[], int]:
    """The SEN2 file as it was built before: each row formatted by Python's csv module."""

    def run() -> int:
        writer = csv.writer(_Discard())
        rows: Iterable[list[str]] = sen2_rows(sen2_plans(plans, census_day=census_day))
        return sum(writer.writerow(row) for row in rows)

    return run


def compare(label: str, export: Callable[[], int], baseline: Callable[[], int]) -> None:
    best_export = best_copy = float("inf")
    size = peak = copy_peak = 0.0
    for _ in range(ROUNDS):  # alternated, so that both see the same load
        seconds, size_now, peak_now = measured(baseline)
        best_copy, copy_peak = min(best_copy, seconds), max(copy_peak, peak_now)
        seconds, size_now, peak_now = measured(export)
        best_export, size, peak = min(best_export, seconds), size_now, max(peak, peak_now)
    ratio = best_export / best_copy
    print(
        f"  {label:<40} {best_export:6.2f}s  COPY {best_copy:5.2f}s  {ratio:4.1f}x  "
        f"{size / 1e6:6.1f} MB sent  peak +{peak:5.1f} MB (COPY +{copy_peak:.1f} MB)  "
        f"within 2x of COPY: {target(f'4. export {label} / COPY', ratio, 2)}",
        flush=True,
    )


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
        "bench.exports@example.org", "bench-password-2026", role=Role.MANAGER
    )
    client = Client()
    client.force_login(manager)
    area = AreaTeam.objects.order_by("name").first()
    assert area is not None

    census_day = sen2_census_day_default(today=today)
    in_scope = sen2_plans_in_scope(Plan.objects.all(), period=Sen2Period(census_day))
    print(f"  SEN2 census day {census_day}, {in_scope.count():,} plans in the return", flush=True)
    compare(
        "SEN2 file, every plan",
        download(client, "/manager/exports/sen2.csv"),
        copy_of(sen2_plans(in_scope, census_day=census_day)),
    )
    seconds, size, peak = measured(sen2_as_before(in_scope, census_day))
    print(
        f"  {'SEN2 file as built before (Python rows)':<40} {seconds:6.2f}s  peak +{peak:5.1f} MB",
        flush=True,
    )

    plan_columns = (
        "plan_ref", "child__upn", "child__forename", "child__surname", "child__date_of_birth",
        "primary_need", "setting__urn", "setting__name", "setting__phase", "area__name",
        "issued_on", "child__looked_after", "case_officer__email", "status",
    )  # fmt: skip
    compare(
        f"plans CSV, every plan ({Plan.objects.count():,})",
        download(client, "/casework/export/plans.csv"),
        copy_of(Plan.objects.order_by("plan_ref").values_list(*plan_columns)),
    )

    review_columns = (
        "id", "plan__plan_ref", "plan__area__name", "status", "ncy", "due_on", "meeting_on",
        "report_due_on", "decision_due_on", "decision", "decision_notified_on",
        "amendment_notice_on", "final_plan_due_on", "final_plan_issued_on",
        "phase_transfer_due_on", "state", "in_backlog", "overdue_days", "priority_today",
    )  # fmt: skip
    # Days overdue and priority are worked out when read (docs/decisions/0027), as the export does.
    backlog = (
        Review.objects.with_urgency()
        .filter(in_backlog=True)
        .annotate(overdue_days=F("days_overdue"), priority_today=F("priority"))
        .order_by("-priority", "due_on", "id")
    )
    compare(
        f"reviews CSV, the backlog ({backlog.count():,})",
        download(client, "/casework/export/reviews.csv", {"in_backlog": "true"}),
        copy_of(backlog.values_list(*review_columns)),
    )
    area_backlog = backlog.filter(plan__area=area)
    seconds, size, peak = measured(
        download(client, "/casework/export/reviews.xlsx", {"in_backlog": "true", "area": area.name})
    )
    copy_seconds, _, _ = measured(copy_of(area_backlog.values_list(*review_columns)))
    print(
        f"  {f'reviews XLSX, {area.name} backlog ({area_backlog.count():,})':<40} "
        f"{seconds:6.2f}s  COPY {copy_seconds:5.2f}s  {seconds / copy_seconds:4.1f}x  "
        f"{size / 1e6:6.1f} MB sent  peak +{peak:5.1f} MB (write-only workbook; no target "
        "for time)",
        flush=True,
    )
