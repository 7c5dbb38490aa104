"""Recompute every open review's deadlines, step states, backlog flag and priority, in SQL.

One statement updates all open reviews (or the ones named), whatever their number: the
query count never depends on the size of the caseload. The rules are those of
`reviews.statutory`, written in SQL; `tests/test_recompute_*.py` check the two agree.
PostgreSQL's `date + interval 'N months'` clamps to the month end exactly as
`statutory.add_months` does. Every statutory number comes from `reviews.statutory`.

Nothing stored changes only because a day passed: days overdue and today's priority are
worked out when read from `overdue_since` and `priority_key` (docs/decisions/0027), so the
nightly run rewrites only the reviews whose deadlines or states changed, and raises the
alerts of those in the same statement.

The full recompute holds a transaction-level advisory lock, so two runs at once queue
rather than interleave, and a worker that dies mid-run leaves nothing half-written.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from organisation.models import DEFAULT_LAST_YEAR_OF_PHASE
from reviews import figures, statutory
from reviews.models import (
    PHASE_TRANSFER_SOON_DAYS,
    PRIORITY_EPOCH,
    AlertKind,
    DeadlineRules,
    Step,
)

RECOMPUTE_LOCK = 7_362_001  # pg_advisory_xact_lock key: "the deadline recompute"

st = statutory  # every number below is the statutory module's, never written here again
_W = st.WEEK

# (step, due column, done expression) for every step of DESIGN section 3, in figures.STEPS order.
STEPS: list[tuple[Step, str, str]] = [
    (Step.INVITATIONS, "invitations_due_on", "invitations_sent_on"),
    (Step.ADVICE, "advice_due_on", "advice_circulated_on"),
    (Step.MEETING, "due_on", "meeting_on"),
    (Step.REPORT, "report_due_on", "report_received_on"),
    (Step.DECISION, "decision_due_on", "decision_notified_on"),
    (Step.AMENDMENT_NOTICE, "amendment_notice_due_on", "amendment_notice_on"),
    (Step.FINAL_PLAN, "final_plan_due_on", "final_plan_done_on"),
    (Step.PHASE_TRANSFER, "phase_transfer_due_on", "phase_transfer_met_on"),
]
assert [step.value for step, _, _ in STEPS] == list(figures.STEPS)

# statutory.step_state_unless_passed: a step whose moment has passed unrecorded is not done.
_PASSED = {
    Step.INVITATIONS: "meeting_on IS NOT NULL",
    Step.ADVICE: "meeting_on IS NOT NULL",
    Step.REPORT: "decision_notified_on IS NOT NULL",
}

# statutory.academic_year_start(today): 1 September of the academic year being recomputed.
_ACADEMIC_YEAR_START = "make_date(%(academic_year)s, {}, {})".format(*st.ACADEMIC_YEAR_STARTS)

# The phase's usual last year (organisation.models.DEFAULT_LAST_YEAR_OF_PHASE), unless the
# setting has its own.
_LAST_YEAR = "COALESCE(s.last_year_of_phase, CASE s.phase {} END)".format(
    " ".join(f"WHEN '{phase}' THEN {year}" for phase, year in DEFAULT_LAST_YEAR_OF_PHASE.items())
)


def _before(month_and_day: tuple[int, int]) -> str:
    """statutory.day_before for the calendar year of transfer."""
    month, day = month_and_day
    return f"make_date(%(academic_year)s + 1, {month}, {day}) - 1"


def _state(step: Step, due: str, done: str) -> str:
    state = f"kentsend_step_state(d.{due}, d.{done}, %(today)s, %(warn)s)"
    if step in _PASSED:
        state = f"CASE WHEN d.{done} IS NULL AND d.{_PASSED[step]} THEN 'not_done' ELSE {state} END"
    return f"{state} AS {step.value}_state"


_STATE_COLUMNS = ",\n        ".join(_state(step, due, done) for step, due, done in STEPS)
# The most overdue step's last day on time: days overdue are counted from it when read.
_OVERDUE_SINCE = ", ".join(
    f"CASE WHEN j.{step.value}_state = 'overdue' THEN j.{due} END" for step, due, _ in STEPS
)
_STATE_NAMES = ", ".join(f"j.{step.value}_state" for step, _, _ in STEPS)
_STATE_NAMES_D = ", ".join(f"d.{step.value}_state" for step, _, _ in STEPS)
# Each step's state before the run, so that alerts are raised only for the steps it changes.
_WAS_STATES = ", ".join(f"r.{step.value}_state AS was_{step.value}_state" for step, _, _ in STEPS)
_WAS_STATES_D = ", ".join(f"d.was_{step.value}_state" for step, _, _ in STEPS)
# The columns the recompute owns (DESIGN section 3's computed figures). None of them changes
# only because a day passed: days overdue and today's priority are worked out when read
# (docs/decisions/0027), so a nightly run rewrites only the reviews that truly changed.
COMPUTED_COLUMNS = [
    "ncy", "invitations_due_on", "advice_due_on", "report_due_on", "decision_due_on",
    "amendment_notice_due_on", "final_plan_due_on", "phase_transfer_due_on",
    "phase_transfer_met_on", *(f"{step.value}_state" for step, _, _ in STEPS),
    "state", "in_backlog", "overdue_since", "decision_outside_period", "priority_key",
    "priority_per_day", "priority_standing_reasons",
]  # fmt: skip
_SET_COLUMNS = ",\n    ".join(f"{column} = c.{column}" for column in COMPUTED_COLUMNS)
_TARGET_COLUMNS = ", ".join(f"r.{column}" for column in COMPUTED_COLUMNS)
_COMPUTED_COLUMNS = ", ".join(f"c.{column}" for column in COMPUTED_COLUMNS)


# The alerts a run raises: a step's state when the run makes it due soon or overdue.
_RAISED_KINDS = ", ".join(f"'{kind}'" for kind in (AlertKind.DUE_SOON, AlertKind.OVERDUE))


def _raises_alert(state: str, was: str) -> str:
    """A step raises an alert when the run makes it due soon or overdue."""
    return f"({state} IN ({_RAISED_KINDS}) AND {state} IS DISTINCT FROM {was})"


# Whether the statement made any step of a review due soon or overdue: only those reviews
# are looked at for alerts, so a full run that changes no step's state is spared a row for
# each of the eight steps of every review.
_RAISES = " OR ".join(
    _raises_alert(f"r.{step.value}_state", f"c.was_{step.value}_state") for step, _, _ in STEPS
)

# Each step ends in OFFSET 0, which keeps PostgreSQL from folding it into the next: every
# expression is worked out once per review and passed on as a value. Folded, each later use
# copied the whole expression (the NCY's age() hundreds of times a row, a SET list and an
# IS DISTINCT FROM of some 80,000 characters each). Unlike MATERIALIZED, OFFSET 0 streams
# the rows from step to step instead of storing each step's whole result.
RECOMPUTE_SQL = f"""
WITH base AS (
    SELECT r.id, r.status, r.due_on, r.is_first_review, r.previous_meeting_on,
           r.meeting_planned_on, r.meeting_on, r.decision, r.amendment_notice_on,
           r.amendments_withdrawn_on, r.invitations_sent_on, r.advice_circulated_on,
           r.report_received_on, r.decision_notified_on, r.final_plan_issued_on,
           r.phase_transfer_override_on, r.planned_move_on, c.looked_after,
           r.xmin AS read_version, {_WAS_STATES},
           COALESCE(
               c.ncy_override,
               extract(YEAR FROM age({_ACADEMIC_YEAR_START} - 1, c.date_of_birth))::int
               - {st.RECEPTION_AGE}
           ) AS ncy,
           {_LAST_YEAR} AS last_year,
           extract(YEAR FROM age(%(today)s, c.date_of_birth)) < {st.UNDER_FIVE_YEARS} AS under_five
    FROM reviews_review r
    JOIN casework_plan p ON p.id = r.plan_id
    JOIN casework_child c ON c.id = p.child_id
    LEFT JOIN casework_setting s ON s.id = p.setting_id
    WHERE r.status <> 'concluded' {{only}}
    OFFSET 0
),
dated AS (
    SELECT b.*,
        COALESCE(b.meeting_on, b.meeting_planned_on) - {st.INVITATIONS_WEEKS_BEFORE * _W} AS invitations_due_on,
        COALESCE(b.meeting_on, b.meeting_planned_on) - {st.ADVICE_WEEKS_BEFORE * _W} AS advice_due_on,
        b.meeting_on + {st.REPORT_WEEKS_AFTER * _W} AS report_due_on,
        b.meeting_on + {st.DECISION_WEEKS_AFTER * _W} AS decision_due_on,
        CASE WHEN b.decision = 'amend'
             THEN b.meeting_on + {st.AMENDMENT_NOTICE_WEEKS_AFTER * _W} END AS amendment_notice_due_on,
        CASE WHEN b.decision = 'amend' AND b.meeting_on IS NOT NULL  -- LEAST skips NULLs
             THEN LEAST(b.amendment_notice_on + {st.FINAL_PLAN_WEEKS_AFTER_NOTICE * _W},
                        b.meeting_on + {st.FINAL_PLAN_WEEKS_AFTER_MEETING * _W}) END AS final_plan_due_on,
        COALESCE(
            b.phase_transfer_override_on,
            (b.planned_move_on - interval '{st.POST16_MOVE_MONTHS_BEFORE} months')::date,
            CASE WHEN b.ncy = b.last_year AND (b.previous_meeting_on IS NULL
                      OR b.previous_meeting_on < {_ACADEMIC_YEAR_START})
                 THEN CASE WHEN b.last_year >= {st.LAST_YEAR_BEFORE_POST16}
                           THEN {_before(st.POST16_TRANSFER_BEFORE)}
                           ELSE {_before(st.PHASE_TRANSFER_BEFORE)} END
            END
        ) AS phase_transfer_due_on,
        CASE WHEN b.is_first_review OR b.previous_meeting_on IS NOT NULL
             THEN COALESCE(b.decision_notified_on, %(today)s) > b.due_on
             ELSE false END AS decision_outside_period,
        -- A final plan issued, or the amendments withdrawn, meets the final-plan step.
        COALESCE(b.final_plan_issued_on, b.amendments_withdrawn_on) AS final_plan_done_on
    FROM base b
    OFFSET 0
),
judged AS (
    SELECT d.*,
        {_STATE_COLUMNS}
    FROM (
        SELECT d.*,
            CASE WHEN d.phase_transfer_due_on IS NOT NULL THEN
                CASE d.decision
                    WHEN 'amend' THEN d.final_plan_done_on
                    WHEN 'maintain' THEN d.decision_notified_on
                    WHEN 'cease' THEN d.decision_notified_on
                END
            END AS phase_transfer_met_on
        FROM dated d
    ) d  -- folded into judged: a column or two, used twice
    OFFSET 0
),
scored AS (
    SELECT j.*,
        ARRAY[{_STATE_NAMES}] AS states,
        LEAST({_OVERDUE_SINCE}) AS overdue_since,
        CASE WHEN j.phase_transfer_due_on IS NOT NULL AND j.phase_transfer_met_on IS NULL
                  AND j.phase_transfer_due_on - %(today)s <= %(phase_soon_days)s
             THEN %(w_phase)s ELSE 0 END AS p_phase,
        CASE WHEN j.looked_after THEN %(w_lac)s ELSE 0 END AS p_lac,
        CASE WHEN j.is_first_review AND j.meeting_on IS NULL THEN %(w_first)s ELSE 0 END AS p_first,
        CASE WHEN j.ncy >= {st.PREPARING_FOR_ADULTHOOD_FROM_YEAR} THEN %(w_pfa)s ELSE 0 END AS p_pfa,
        CASE WHEN j.under_five THEN %(w_u5)s ELSE 0 END AS p_u5
    FROM judged j
    OFFSET 0
),
computed AS (
    SELECT d.id, d.read_version,
        d.ncy, d.invitations_due_on, d.advice_due_on, d.report_due_on, d.decision_due_on,
        d.amendment_notice_due_on, d.final_plan_due_on, d.phase_transfer_due_on,
        d.phase_transfer_met_on,
        {_STATE_NAMES_D},
        {_WAS_STATES_D},
        CASE
            WHEN 'overdue' = ANY(d.states) THEN 'overdue'
            WHEN 'due_soon' = ANY(d.states) THEN 'due_soon'
            WHEN 'not_yet_due' = ANY(d.states) THEN 'not_yet_due'
        END AS state,
        d.overdue_since IS NOT NULL AS in_backlog,
        d.overdue_since,
        d.decision_outside_period,
        -- Today's priority less the per-day weight for each day from the epoch to today:
        -- the same for every day the review stays as it is (docs/decisions/0027).
        d.p_phase + d.p_lac + d.p_first + d.p_pfa + d.p_u5
            - COALESCE((d.overdue_since - %(epoch)s) * %(w_day)s, 0) AS priority_key,
        %(w_day)s AS priority_per_day,
        array_remove(ARRAY[
            CASE WHEN d.p_phase > 0 THEN format('Phase transfer deadline %%s (+%%s)',
                                                to_char(d.phase_transfer_due_on, 'FMDD Mon YYYY'), d.p_phase) END,
            CASE WHEN d.p_lac > 0 THEN format('Looked-after child (+%%s)', d.p_lac) END,
            CASE WHEN d.p_first > 0 THEN format('Not reviewed since the plan was issued (+%%s)', d.p_first) END,
            CASE WHEN d.p_pfa > 0 THEN format('Year 9 or above: preparing for adulthood (+%%s)', d.p_pfa) END,
            CASE WHEN d.p_u5 > 0 THEN format('Under 5: review more often (+%%s)', d.p_u5) END
        ], NULL) AS priority_standing_reasons
    FROM scored d
    OFFSET 0
)
UPDATE reviews_review r SET
    {_SET_COLUMNS},
    recomputed_on = %(today)s
FROM computed c
WHERE r.id = c.id
  -- Only the version of the review the figures were worked out from: a review changed while
  -- the statement ran (an officer recording a step, with its own recompute) is left as that
  -- change left it, not given figures worked out from what it was before.
  AND r.xmin = c.read_version
  -- Rewrite only the rows whose figures change: a second run, or the next day's, writes
  -- only the reviews whose deadlines or states changed.
  AND ({_TARGET_COLUMNS}) IS DISTINCT FROM ({_COMPUTED_COLUMNS})
RETURNING r.id, {_RAISES} AS raises,
    {", ".join(f"r.{step.value}_state, r.{due}, c.was_{step.value}_state" for step, due, _ in STEPS)}
"""

_ALERT_ROWS = ", ".join(
    f"('{step.value}', u.{step.value}_state, u.{due}, u.was_{step.value}_state)"
    for step, due, _ in STEPS
)

# The alerts of the steps the statement made due soon or overdue: a step whose state did not
# change already has its alert, raised by the run that changed it (an alert is raised once:
# ON CONFLICT DO NOTHING).
ALERTS_SQL = f"""
INSERT INTO reviews_alert (review_id, step, kind, due_on, raised_at)
SELECT u.id, s.step, s.state, s.due, %(now)s
FROM updated u
CROSS JOIN LATERAL (VALUES {_ALERT_ROWS}) AS s(step, state, due, was)
WHERE u.raises AND {_raises_alert("s.state", "s.was")}
ON CONFLICT (review_id, step, kind) DO NOTHING
RETURNING 1
"""

# One statement: the reviews rewritten, then their alerts; it answers how many of each.
STATEMENT = """
WITH updated AS ({recompute}),
raised AS ({alerts})
SELECT (SELECT count(*) FROM updated), (SELECT count(*) FROM raised)
"""

# Enough memory for the join of every open review with its new figures to stay in memory.
WORK_MEM = "256MB"


def recompute_reviews(
    *,
    review_ids: Sequence[int] | None = None,
    scope: str | None = None,
    today: date | None = None,
) -> int:
    """Recompute the open reviews named (all of them when both are None) and raise their
    alerts: `review_ids`, or `scope`, an SQL query of their ids (such as an import's
    staging table), which spares a list of hundreds of thousands of ids.

    Returns the number of reviews updated. Safe to run twice, or twice at once; a review
    another transaction changes while it runs keeps the figures that change worked out.
    """
    today = today or timezone.localdate()
    rules = DeadlineRules.current()
    params: dict[str, Any] = {
        "today": today,
        "academic_year": statutory.academic_year_start(today).year,
        "warn": rules.due_soon_days,
        "w_day": rules.weight_per_day_overdue,
        "w_phase": rules.weight_phase_transfer_soon,
        "phase_soon_days": PHASE_TRANSFER_SOON_DAYS,
        "w_lac": rules.weight_looked_after,
        "w_first": rules.weight_never_reviewed,
        "w_pfa": rules.weight_preparing_for_adulthood,
        "w_u5": rules.weight_under_five,
        "epoch": PRIORITY_EPOCH,
        "ids": list(review_ids or []),
        "now": timezone.now(),
    }
    only = "" if review_ids is None else "AND r.id = ANY(%(ids)s)"
    if scope is not None:
        only = f"AND r.id IN ({scope})"
    with transaction.atomic(), connection.cursor() as cursor:
        # Compiling this wide statement with LLVM costs far more than it saves (15s at
        # 70,000 rows, measured by bench/recompute.py); the plan itself runs in well under a second.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        if review_ids is None and scope is None:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK])
        cursor.execute(
            STATEMENT.format(
                recompute=RECOMPUTE_SQL.format(only=only), alerts=ALERTS_SQL.format(only="")
            ),
            params,
        )
        updated, _ = cursor.fetchone()
    return int(updated)
