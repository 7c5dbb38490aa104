"""The deadline recompute's statement as it was before days overdue and priority were worked
out when read (docs/decisions/0027), kept as the reference the new one must agree with: the
same chain of steps, ending in a SELECT of every figure it used to store instead of an UPDATE.

`tests/test_recompute_identity.py` and `bench/recompute.py` run it beside the recompute and
compare every review's figures as read.
"""

from organisation.models import DEFAULT_LAST_YEAR_OF_PHASE
from reviews import figures, statutory
from reviews.models import Step

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
_OVERDUE_DAYS = ", ".join(
    f"CASE WHEN j.{step.value}_state = 'overdue' THEN %(today)s - j.{due} END"
    for step, due, _ in STEPS
)
_STATE_NAMES = ", ".join(f"j.{step.value}_state" for step, _, _ in STEPS)
_STATE_NAMES_D = ", ".join(f"d.{step.value}_state" for step, _, _ in STEPS)
# The columns the recompute owns (DESIGN section 3's computed figures).
REFERENCE_SQL = f"""
WITH base AS (
    SELECT r.id, r.status, r.due_on, r.is_first_review, r.previous_meeting_on,
           r.meeting_planned_on, r.meeting_on, r.decision, r.amendment_notice_on,
           r.amendments_withdrawn_on, r.invitations_sent_on, r.advice_circulated_on,
           r.report_received_on, r.decision_notified_on, r.final_plan_issued_on,
           r.phase_transfer_override_on, r.planned_move_on, c.looked_after, c.date_of_birth,
           COALESCE(
               c.ncy_override,
               extract(YEAR FROM age({_ACADEMIC_YEAR_START} - 1, c.date_of_birth))::int
               - {st.RECEPTION_AGE}
           ) AS ncy,
           {_LAST_YEAR} AS last_year
    FROM reviews_review r
    JOIN casework_plan p ON p.id = r.plan_id
    JOIN casework_child c ON c.id = p.child_id
    LEFT JOIN casework_setting s ON s.id = p.setting_id
    WHERE r.status <> 'concluded'
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
        extract(YEAR FROM age(%(today)s, b.date_of_birth)) < {st.UNDER_FIVE_YEARS} AS under_five,
        CASE WHEN b.is_first_review OR b.previous_meeting_on IS NOT NULL
             THEN COALESCE(b.decision_notified_on, %(today)s) > b.due_on
             ELSE false END AS decision_outside_period
    FROM base b
),
met AS (
    SELECT d.*,
        -- A final plan issued, or the amendments withdrawn, meets the final-plan step.
        COALESCE(d.final_plan_issued_on, d.amendments_withdrawn_on) AS final_plan_done_on,
        CASE WHEN d.phase_transfer_due_on IS NOT NULL THEN
            CASE d.decision
                WHEN 'amend' THEN COALESCE(d.final_plan_issued_on, d.amendments_withdrawn_on)
                WHEN 'maintain' THEN d.decision_notified_on
                WHEN 'cease' THEN d.decision_notified_on
            END
        END AS phase_transfer_met_on
    FROM dated d
),
-- Materialized: judged once per row. Inlined, each state's expression was copied into every
-- later use (140 copies of the step-state rule), and a run that changed nothing took 3x as long.
judged AS MATERIALIZED (
    SELECT d.*,
        {_STATE_COLUMNS}
    FROM met d
),
scored AS (
    SELECT j.*,
        ARRAY[{_STATE_NAMES}] AS states,
        COALESCE(GREATEST({_OVERDUE_DAYS}), 0) AS days_overdue
    FROM judged j
),
weighted AS (
    SELECT j.*,
        j.days_overdue * %(w_day)s AS p_days,
        CASE WHEN j.phase_transfer_due_on IS NOT NULL AND j.phase_transfer_met_on IS NULL
                  AND j.phase_transfer_due_on - %(today)s <= %(phase_soon_days)s
             THEN %(w_phase)s ELSE 0 END AS p_phase,
        CASE WHEN j.looked_after THEN %(w_lac)s ELSE 0 END AS p_lac,
        CASE WHEN j.is_first_review AND j.meeting_on IS NULL THEN %(w_first)s ELSE 0 END AS p_first,
        CASE WHEN j.ncy >= {st.PREPARING_FOR_ADULTHOOD_FROM_YEAR} THEN %(w_pfa)s ELSE 0 END AS p_pfa,
        CASE WHEN j.under_five THEN %(w_u5)s ELSE 0 END AS p_u5
    FROM scored j
),
computed AS (
    SELECT d.id, d.ncy, d.invitations_due_on, d.advice_due_on, d.report_due_on, d.decision_due_on,
        d.amendment_notice_due_on, d.final_plan_due_on, d.phase_transfer_due_on,
        d.phase_transfer_met_on,
        {_STATE_NAMES_D},
        CASE
            WHEN 'overdue' = ANY(d.states) THEN 'overdue'
            WHEN 'due_soon' = ANY(d.states) THEN 'due_soon'
            WHEN 'not_yet_due' = ANY(d.states) THEN 'not_yet_due'
        END AS state,
        COALESCE('overdue' = ANY(d.states), false) AS in_backlog,
        d.days_overdue,
        d.decision_outside_period,
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
    FROM weighted d
)
SELECT c.* FROM computed c
"""  # noqa: S608 (every value in it is a parameter)
