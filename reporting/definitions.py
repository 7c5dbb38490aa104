"""The definitions of the timeliness figures (reporting.timeliness) in the words the dashboard
and the board report print beside them."""

from reporting.timeliness import ROLLING_MONTHS
from reviews import statutory

_DECISION_WEEKS = statutory.DECISION_WEEKS_AFTER
_FINAL_WEEKS = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING
_PERIOD = f"{statutory.REVIEW_PERIOD_MONTHS}-month period"

TIMELINESS_DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Reviews expected",
        f"Reviews whose due date falls in the period: the last day of the {_PERIOD} starting "
        "with the day the plan was issued or the previous review meeting was held (Children "
        "and Families Act 2014, section 44). As in the Department for Education's statistics "
        "of EHCP annual reviews, a review belongs to the period its due date falls in, and "
        "every figure below counts those same reviews, whenever their meeting, decision or "
        "plan came, so the figures add up. Reviews due before the period and still not held "
        "are in the backlog, not here. A plan that ceased before its review was due has no "
        "review expected.",
    ),
    (
        "Meetings",
        f"Held within the {_PERIOD}: the meeting was held on or before the due date. "
        "Held late: after it. Not held: no meeting recorded yet.",
    ),
    (
        "Decisions",
        f"Of the meetings held: the decision to maintain, amend or cease the plan notified "
        f"within {_DECISION_WEEKS} weeks of the meeting (SEND Regulations 2014, regulation "
        f"20(10)), later, or none recorded. The last day on time is the same day of the "
        f"week {_DECISION_WEEKS} weeks after the meeting. As in the Department for "
        f"Education's figures, where decisions within and over {_DECISION_WEEKS} weeks add "
        f"up to the reviews held, a meeting with no decision recorded stays in the number "
        f"the share is taken of: a decision never made never improves the figure.",
    ),
    (
        "Outcomes",
        "Of the meetings held: the plan maintained, amended or ceased, or no decision recorded.",
    ),
    (
        "Final amended plans",
        f"Of the decisions to amend: the final amended plan issued within {_FINAL_WEEKS} "
        f"weeks of the meeting (regulation 22(3)), later, or not issued. A decision not to "
        f"amend the plan after all (regulation 22(4)) counts as the step done, on the day "
        f"the family was told.",
    ),
    (
        f"Decisions outside the {_PERIOD}",
        "Reviews whose decision was notified, or can now only be notified, after the last "
        f"day of their {_PERIOD} (SEND Code of Practice, paragraph 9.169).",
    ),
    (
        "Reports not received",
        "Reviews whose decision was notified, or which were concluded, with no report of "
        "the meeting recorded (regulation 20(7)).",
    ),
    (
        "Still in time",
        "Of those with none recorded, the ones whose last day on time is today or later. "
        f"Only the {ROLLING_MONTHS} months to today can have any.",
    ),
    (
        "Ceased plans",
        "A review of a plan that has since ceased counts if its meeting was held, or if the "
        "plan ceased after the review was due.",
    ),
)
