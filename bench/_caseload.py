"""Caseloads for the page benchmarks: the demo council's plans, topped up set-based in SQL to
national size, and the officers who read them."""

import re
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.test import Client

from accounts.models import Role, User
from bench._timing import Figures, measure
from bench.recompute import PHASES, load
from reviews.recompute import recompute_reviews


def bench_schools_ensure() -> None:
    """The 600 schools bench/recompute.py's loader places its plans at (URNs 300001 to
    300600), spread over the areas already there, when the caseload was not its own."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO casework_setting (urn, name, phase, area_id)
            SELECT (300000 + g)::text, 'School ' || g, (%s::text[])[1 + g %% 11],
                   (SELECT array_agg(id ORDER BY id) FROM casework_areateam)
                       [1 + g %% (SELECT count(*) FROM casework_areateam)]
            FROM generate_series(1, 600) g
            ON CONFLICT DO NOTHING
            """,
            [PHASES],
        )


def caseload_top_up(plans: int) -> float:
    """Bring the caseload up to `plans` plans with their open reviews, recompute every
    deadline (raising the alerts) and VACUUM ANALYZE, as autovacuum would on a live database.
    Returns the seconds it took."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM casework_areateam")
        if cursor.fetchone()[0]:
            bench_schools_ensure()
    load(plans)
    recompute_reviews()
    with connection.cursor() as cursor:
        # The recompute rewrote most reviews; autovacuum would have tidied and analysed them
        # before the morning's reading (and index-only scans need the visibility map).
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def plan_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM casework_plan")
        count: int = cursor.fetchone()[0]
    return count


def signed_in(user: User, people: int) -> list[str]:
    """Session cookies for `people` browsers signed in as `user`."""
    cookies = []
    for _ in range(people):
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


def officer_of_every_area() -> User:
    """A case officer working every area: the busiest queue there is."""
    officer = User.objects.filter(role=Role.CASE_OFFICER).order_by("id").first()
    if officer is None:
        officer = User.objects.create_user(
            "bench.officer@example.org", "bench-password-2026", role=Role.CASE_OFFICER
        )
    officer.areas.set(officer.areas.model.objects.all())
    return officer


def page_in_process(label: str, user: User, path: str, *, runs: int = 30) -> Figures:
    """One signed-in person asking for `path` in process (Django's test client): the page's
    own cost, queries and rendering, without a server or other load."""
    client = Client()
    client.force_login(user)

    def get() -> None:
        response = client.get(path, HTTP_HOST="testserver")
        assert response.status_code == 200, response.status_code

    return measure(label, get, runs=runs, warmup=3)


def plan_summary(rows: QuerySet[Any]) -> str:
    """How PostgreSQL reads a query: the indexes it walks and whether it sorts, from EXPLAIN."""
    # The main tree only: a subquery's own small sort (the volunteer's name) is not the page's.
    plan = rows.explain().split("SubPlan")[0]
    indexes = sorted(set(re.findall(r"Index (?:Only )?Scan(?: Backward)? using (\w+)", plan)))
    sorts = "sorts rows" if re.search(r"\bSort\b", plan) else "no sort"
    scans = sorted(set(re.findall(r"(?:Parallel )?Seq Scan on (\w+)", plan)))
    seq = f", reads every row of {', '.join(scans)}" if scans else ""
    return f"indexes {', '.join(indexes) or 'none'}; {sorts}{seq}"
