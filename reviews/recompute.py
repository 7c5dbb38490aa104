"""Recompute every open review's deadlines, step states, backlog flag and priority, in SQL.

One statement updates all open reviews (or the ones named), whatever their number: the
query count never depends on the size of the caseload. The rules are those of
`reviews.statutory`, written in SQL; `tests/test_recompute.py` checks the two agree.
PostgreSQL's `date + interval 'N months'` clamps to the month end exactly as
`statutory.add_months` does.

The full recompute holds a transaction-level advisory lock, so two runs at once queue
rather than interleave, and a worker that dies mid-run leaves nothing half-written.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from reviews import statutory
from reviews.models import DeadlineRules, Step

RECOMPUTE_LOCK = 7_362_001  # pg_advisory_xact_lock key: "the deadline recompute"

_TRANSFER_YEARS = " OR ".join(
    f"(s.phase = '{phase}' AND b.ncy = {year})"
    for phase, year in statutory.LAST_YEAR_OF_PHASE.items()
)

# (step, due column, done column) for every step of DESIGN section 3.
STEPS: list[tuple[Step, str, str]] = [
    (Step.INVITATIONS, "invitations_due_on", "invitations_sent_on"),
    (Step.ADVICE, "advice_due_on", "advice_circulated_on"),
    (Step.MEETING, "due_on", "meeting_on"),
    (Step.REPORT, "report_due_on", "report_received_on"),
    (Step.DECISION, "decision_due_on", "decision_notified_on"),
    (Step.AMENDMENT_NOTICE, "amendment_notice_due_on", "amendment_notice_on"),
    (Step.FINAL_PLAN, "final_plan_due_on", "final_plan_issued_on"),
    (Step.PHASE_TRANSFER, "phase_transfer_due_on", "final_plan_issued_on"),
]

# Invitations and advice can only be sent before the meeting: once it is held, one never
# recorded has no state (the import does not know it), rather than being overdue for ever.
BEFORE_MEETING = {Step.INVITATIONS, Step.ADVICE}


def _watched_due(step: Step, due: str, done: str) -> str:
    if step in BEFORE_MEETING:
        return f"CASE WHEN d.meeting_on IS NULL OR d.{done} IS NOT NULL THEN d.{due} END"
    return f"d.{due}"


_STATE = "kentsend_step_state({due}, d.{done}, %(today)s, %(warn)s)"
_OVERDUE_DAYS = ", ".join(
    f"CASE WHEN d.{done} IS NULL AND ({_watched_due(step, due, done)}) < %(today)s "
    f"THEN %(today)s - ({_watched_due(step, due, done)}) END"
    for step, due, done in STEPS
)

_STATE_COLUMNS = ",\n        ".join(
    _STATE.format(due=_watched_due(step, due, done), done=done) + f" AS {step.value}_state"
    for step, due, done in STEPS
)
_STATE_NAMES = ", ".join(f"j.{step.value}_state" for step, _, _ in STEPS)
_STATE_NAMES_D = ", ".join(f"d.{step.value}_state" for step, _, _ in STEPS)
# The columns the recompute owns (DESIGN section 3's computed figures).
COMPUTED_COLUMNS = [
    "ncy", "invitations_due_on", "advice_due_on", "report_due_on", "decision_due_on",
    "amendment_notice_due_on", "final_plan_due_on", "phase_transfer_due_on",
    *(f"{step.value}_state" for step, _, _ in STEPS),
    "state", "in_backlog", "days_overdue", "priority", "priority_reasons",
]  # fmt: skip
_SET_COLUMNS = ",\n    ".join(f"{column} = c.{column}" for column in COMPUTED_COLUMNS)
_TARGET_COLUMNS = ", ".join(f"r.{column}" for column in COMPUTED_COLUMNS)
_COMPUTED_COLUMNS = ", ".join(f"c.{column}" for column in COMPUTED_COLUMNS)

RECOMPUTE_SQL = f"""
WITH base AS (
    SELECT r.id, r.status, r.due_on, r.meeting_planned_on, r.meeting_on, r.decision,
           r.amendment_notice_on, r.invitations_sent_on, r.advice_circulated_on,
           r.report_received_on, r.decision_notified_on, r.final_plan_issued_on,
           r.phase_transfer_override_on, r.is_first_review, c.looked_after, c.date_of_birth,
           COALESCE(
               c.ncy_override,
               EXTRACT(YEAR FROM age(make_date(%(academic_year)s, 8, 31), c.date_of_birth))::int - 4
           ) AS ncy,
           p.setting_id
    FROM reviews_review r
    JOIN casework_plan p ON p.id = r.plan_id
    JOIN casework_child c ON c.id = p.child_id
    WHERE r.status <> 'concluded' {{only}}
),
dated AS (
    SELECT b.*,
        COALESCE(b.meeting_on, b.meeting_planned_on) - 14 AS invitations_due_on,
        COALESCE(b.meeting_on, b.meeting_planned_on) - 14 AS advice_due_on,
        b.meeting_on + 14 AS report_due_on,
        b.meeting_on + 28 AS decision_due_on,
        CASE WHEN b.decision = 'amend' THEN b.meeting_on + 28 END AS amendment_notice_due_on,
        CASE WHEN b.decision = 'amend'
             THEN LEAST(b.amendment_notice_on + 56, b.meeting_on + 84) END AS final_plan_due_on,
        COALESCE(
            b.phase_transfer_override_on,
            CASE
                WHEN s.phase = 'secondary' AND b.ncy = {statutory.LAST_YEAR_OF_PHASE["secondary"]}
                    THEN make_date(%(academic_year)s + 1, 3, 31)
                WHEN {_TRANSFER_YEARS} THEN make_date(%(academic_year)s + 1, 2, 15)
            END
        ) AS phase_transfer_due_on,
        b.date_of_birth > %(today)s - interval '5 years' AS under_five
    FROM base b
    LEFT JOIN casework_setting s ON s.id = b.setting_id
),
judged AS (
    SELECT d.*,
        {_STATE_COLUMNS},
        COALESCE(GREATEST({_OVERDUE_DAYS}), 0) AS days_overdue
    FROM dated d
),
scored AS (
    SELECT j.*,
        ARRAY[{_STATE_NAMES}] AS states,
        j.days_overdue * %(w_day)s AS p_days,
        CASE WHEN j.phase_transfer_due_on IS NOT NULL AND j.final_plan_issued_on IS NULL
                  AND j.phase_transfer_due_on - %(today)s <= 90 THEN %(w_phase)s ELSE 0 END AS p_phase,
        CASE WHEN j.looked_after THEN %(w_lac)s ELSE 0 END AS p_lac,
        CASE WHEN j.is_first_review AND j.meeting_on IS NULL THEN %(w_first)s ELSE 0 END AS p_first,
        CASE WHEN j.ncy >= 9 THEN %(w_pfa)s ELSE 0 END AS p_pfa,
        CASE WHEN j.under_five THEN %(w_u5)s ELSE 0 END AS p_u5
    FROM judged j
),
computed AS (
    SELECT d.id, d.ncy, d.invitations_due_on, d.advice_due_on, d.report_due_on, d.decision_due_on,
        d.amendment_notice_due_on, d.final_plan_due_on, d.phase_transfer_due_on,
        {_STATE_NAMES_D},
        CASE
            WHEN 'overdue' = ANY(d.states) THEN 'overdue'
            WHEN 'due_soon' = ANY(d.states) THEN 'due_soon'
            WHEN 'not_yet_due' = ANY(d.states) THEN 'not_yet_due'
        END AS state,
        COALESCE('overdue' = ANY(d.states), false) AS in_backlog,
        d.days_overdue,
        d.p_days + d.p_phase + d.p_lac + d.p_first + d.p_pfa + d.p_u5 AS priority,
        array_remove(ARRAY[
            CASE WHEN d.p_days > 0 THEN format('Overdue by %%s days (+%%s)', d.days_overdue, d.p_days) END,
            CASE WHEN d.p_phase > 0 THEN format('Phase transfer deadline %%s (+%%s)',
                                                to_char(d.phase_transfer_due_on, 'FMDD Mon YYYY'), d.p_phase) END,
            CASE WHEN d.p_lac > 0 THEN format('Looked-after child (+%%s)', d.p_lac) END,
            CASE WHEN d.p_first > 0 THEN format('Not reviewed since the plan was issued (+%%s)', d.p_first) END,
            CASE WHEN d.p_pfa > 0 THEN format('Year 9 or above: preparing for adulthood (+%%s)', d.p_pfa) END,
            CASE WHEN d.p_u5 > 0 THEN format('Under 5: review more often (+%%s)', d.p_u5) END
        ], NULL) AS priority_reasons
    FROM scored d
)
UPDATE reviews_review r SET
    {_SET_COLUMNS},
    recomputed_on = %(today)s
FROM computed c
WHERE r.id = c.id
  -- Rewrite only the rows whose figures change: a second run writes nothing.
  AND ({_TARGET_COLUMNS}) IS DISTINCT FROM ({_COMPUTED_COLUMNS})
"""

_ALERT_ROWS = ", ".join(
    f"('{step.value}', r.{step.value}_state, r.{due})" for step, due, _ in STEPS
)

ALERTS_SQL = f"""
INSERT INTO reviews_alert (review_id, step, kind, due_on, raised_at)
SELECT r.id, s.step, s.state, s.due, %(now)s
FROM reviews_review r
CROSS JOIN LATERAL (VALUES {_ALERT_ROWS}) AS s(step, state, due)
WHERE r.status <> 'concluded' AND s.state IN ('due_soon', 'overdue') {{only}}
ON CONFLICT (review_id, step, kind) DO NOTHING
"""


def recompute_reviews(*, review_ids: Sequence[int] | None = None, today: date | None = None) -> int:
    """Recompute the open reviews named (all of them when None) and raise their alerts.

    Returns the number of reviews updated. Safe to run twice, or twice at once.
    """
    today = today or timezone.localdate()
    rules = DeadlineRules.current()
    params: dict[str, Any] = {
        "today": today,
        "academic_year": statutory.academic_year_start(today).year,
        "warn": rules.due_soon_days,
        "w_day": rules.weight_per_day_overdue,
        "w_phase": rules.weight_phase_transfer_soon,
        "w_lac": rules.weight_looked_after,
        "w_first": rules.weight_never_reviewed,
        "w_pfa": rules.weight_preparing_for_adulthood,
        "w_u5": rules.weight_under_five,
        "ids": list(review_ids or []),
        "now": timezone.now(),
    }
    only = "" if review_ids is None else "AND r.id = ANY(%(ids)s)"
    with transaction.atomic(), connection.cursor() as cursor:
        # Compiling this wide statement with LLVM costs far more than it saves (15s at
        # 70,000 rows, measured by bench/recompute.py); the plan itself runs in well under a second.
        cursor.execute("SET LOCAL jit = off")
        if review_ids is None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK])
        cursor.execute(RECOMPUTE_SQL.format(only=only), params)
        updated = int(cursor.rowcount)
        cursor.execute(ALERTS_SQL.format(only=only), params)
    return updated
