"""The full deadline recompute at national scale (700,000 plans), against a per-row Python loop.

Loads plans straight into PostgreSQL with generate_series (a plausible mix of ages, setting
phases and review histories), then times `recompute_reviews()` at 70,000 and at 700,000
plans, counting its queries. The baseline is the straightforward alternative: a Python loop
that loads each review, applies the rules of `reviews.statutory` and saves it, timed on a
sample and extrapolated to the same number of plans.
"""

import time
from datetime import date

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews import statutory
from reviews.models import DeadlineRules, Review
from reviews.recompute import recompute_reviews

SIZES = (70_000, 700_000)
LOOP_SAMPLE = 2_000
PHASES = ["primary", "secondary", "infant", "junior", "early_years", "middle",
          "secondary_with_sixth_form", "all_through", "special", "post16", "other"]  # fmt: skip


def load(upto: int) -> None:
    """Top the caseload up to `upto` plans, each with one open review."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM casework_plan")
        have = cursor.fetchone()[0]
        if have == 0:
            cursor.execute(
                "INSERT INTO casework_areateam (name) SELECT 'Area ' || g FROM generate_series(1, 4) g"
            )
            cursor.execute(
                """
                INSERT INTO casework_setting (urn, name, phase, area_id)
                SELECT (300000 + g)::text, 'School ' || g, (%s::text[])[1 + g %% 11],
                       (SELECT min(id) FROM casework_areateam) + g %% 4
                FROM generate_series(1, 600) g
                """,
                [PHASES],
            )
        first, last = have + 1, upto
        cursor.execute(
            """
            INSERT INTO casework_child (upn, forename, surname, date_of_birth, looked_after)
            SELECT NULL, 'Forename', 'Surname', date '2002-09-01' + (g::bigint * 7919 %% 8400)::int, g %% 17 = 0
            FROM generate_series(%s, %s) g
            """,
            [first, last],
        )
        cursor.execute(
            """
            INSERT INTO casework_plan (plan_ref, child_id, issued_on, setting_id, area_id,
                                       primary_need, status, cease_reason)
            SELECT 'BENCH-' || c.rn, c.id,
                   GREATEST(c.date_of_birth + 400, date '2019-01-01' + (c.rn * 104729 %% 2500)::int),
                   s.id, s.area_id, 'ASD', 'active', ''
            FROM (SELECT id, date_of_birth, row_number() OVER (ORDER BY id) AS rn
                  FROM casework_child) c
            JOIN casework_setting s ON s.urn = (300000 + 1 + c.rn %% 600)::text
            WHERE c.rn BETWEEN %s AND %s
            """,
            [first, last],
        )
        # A third never reviewed, a tenth awaiting a decision, the rest reviewed last year or so.
        cursor.execute(
            """
            INSERT INTO reviews_review (plan_id, status, is_first_review, previous_meeting_on, due_on,
                                        meeting_on, decision, decision_notes, in_backlog,
                                        days_overdue, priority, priority_reasons, version)
            SELECT p.id,
                   CASE WHEN h.kind = 1 THEN 'meeting_held' ELSE 'planning' END,
                   h.kind = 0,
                   CASE WHEN h.kind = 2 THEN h.meeting END,
                   CASE h.kind WHEN 0 THEN (p.issued_on + interval '12 months')::date
                               WHEN 1 THEN h.meeting
                               ELSE (h.meeting + interval '12 months')::date END,
                   CASE WHEN h.kind = 1 THEN h.meeting END,
                   '', '', false, 0, 0, '{}', 1
            FROM casework_plan p
            CROSS JOIN LATERAL (
                SELECT CASE WHEN p.id %% 10 < 3 THEN 0 WHEN p.id %% 10 = 3 THEN 1 ELSE 2 END AS kind,
                       GREATEST(p.issued_on + 200, %s::date - (p.id * 31 %% 500)::int) AS meeting
            ) h
            WHERE p.plan_ref LIKE 'BENCH-%%'
              AND NOT EXISTS (SELECT 1 FROM reviews_review r WHERE r.plan_id = p.id)
            """,
            [timezone.localdate()],
        )
        cursor.execute("ANALYZE")


def python_loop(sample: int, today: date) -> float:
    """Seconds per review for the per-row approach the SQL replaces."""
    rules = DeadlineRules.current()
    reviews = list(
        Review.objects.select_related("plan__child", "plan__setting").order_by("id")[:sample]
    )
    started = time.perf_counter()
    with transaction.atomic():
        for review in reviews:
            child = review.plan.child
            ncy = statutory.national_curriculum_year(date_of_birth=child.date_of_birth, on=today)
            review.ncy = ncy
            if review.meeting_on:
                review.report_due_on = statutory.report_due(meeting_on=review.meeting_on)
                review.decision_due_on = statutory.decision_due(meeting_on=review.meeting_on)
            setting = review.plan.setting
            if setting is not None:
                review.phase_transfer_due_on = statutory.phase_transfer_due(
                    last_year_of_phase=setting.transfer_after_year, ncy=ncy, on=today
                )
            states = [
                statutory.step_state(due_on=review.due_on, done_on=review.meeting_on, today=today, warning_days=rules.due_soon_days),
                statutory.step_state(due_on=review.report_due_on, done_on=review.report_received_on, today=today, warning_days=rules.due_soon_days),
                statutory.step_state(due_on=review.decision_due_on, done_on=review.decision_notified_on, today=today, warning_days=rules.due_soon_days),
            ]  # fmt: skip
            review.meeting_state, review.report_state, review.decision_state = states
            review.state = statutory.overall_state(states)
            review.in_backlog = review.state == statutory.StepState.OVERDUE
            review.save()
        transaction.set_rollback(True)
    return (time.perf_counter() - started) / len(reviews)


def main() -> None:
    today = timezone.localdate()
    DeadlineRules.current()
    for size in SIZES:
        started = time.perf_counter()
        load(size)
        print(f"  loaded {size:,} plans in {time.perf_counter() - started:.1f}s", flush=True)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            updated = recompute_reviews(today=today)
        seconds = time.perf_counter() - started
        backlog = Review.objects.in_backlog().count()
        print(
            f"  full recompute of {size:,} plans ({updated:,} reviews changed): {seconds:.1f}s, "
            f"{len(queries.captured_queries)} queries, {backlog:,} in the backlog",
            flush=True,
        )
        again = time.perf_counter()
        recompute_reviews(today=today)
        print(f"  second run straight after (nothing changed): {time.perf_counter() - again:.1f}s")
    per_row = python_loop(LOOP_SAMPLE, today)
    loop_total = per_row * SIZES[-1]
    print(
        f"  baseline: per-row Python loop, {per_row * 1000:.2f} ms a review on a {LOOP_SAMPLE:,}-review "
        f"sample, so {loop_total:.0f}s for {SIZES[-1]:,}; the set-based recompute is "
        f"{loop_total / seconds:.0f}x faster"
    )
