"""The deadlines of an annual review in `reviews.statutory`: calendar months, the first and
later reviews, the steps around the meeting, the decision, the amendment notice, the
representations, the final plan, withdrawing an amendment and the 12-month period.

No database: the rules are pure functions. Every expected value was worked out by hand
from a calendar, never with the function under test.
"""

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from reviews import statutory

S = statutory


# Each row: the rule applied to one case (a call with no arguments left), the answer the law
# gives, and an id that cites the source and says the behaviour in words.
SCENARIOS = [
    # --- Calendar months: clamped to the month end -------------------------------------------
    pytest.param(
        partial(S.add_months, date(2025, 1, 31), 1),
        date(2025, 2, 28),
        id="DESIGN 3 months: 31 January 2025 + 1 month is 28 February 2025",
    ),
    pytest.param(
        partial(S.add_months, date(2024, 1, 31), 1),
        date(2024, 2, 29),
        id="DESIGN 3 months: 31 January 2024 + 1 month is 29 February in a leap year",
    ),
    pytest.param(
        partial(S.add_months, date(2026, 3, 31), 1),
        date(2026, 4, 30),
        id="DESIGN 3 months: 31 March + 1 month is 30 April",
    ),
    pytest.param(
        partial(S.add_months, date(2025, 11, 15), 3),
        date(2026, 2, 15),
        id="DESIGN 3 months: 15 November + 3 months crosses into the next year",
    ),
    pytest.param(
        partial(S.add_months, date(2024, 2, 29), 48),
        date(2028, 2, 29),
        id="DESIGN 3 months: 29 February 2024 + 48 months is 29 February 2028",
    ),
    pytest.param(
        partial(S.add_months, date(2026, 7, 31), -5),
        date(2026, 2, 28),
        id="DESIGN 3 months: 31 July - 5 months is clamped to 28 February",
    ),
    # --- CFA s44(1)(a): the first review ------------------------------------------------------
    pytest.param(
        partial(S.first_review_due, plan_issued_on=date(2024, 3, 15)),
        date(2025, 3, 14),
        id="CFA s44(1)(a); CoP 9.169: the 12 months starting 15 March 2024 end on 14 March 2025",
    ),
    pytest.param(
        partial(S.first_review_due, plan_issued_on=date(2024, 2, 29)),
        date(2025, 2, 28),
        id="CFA s44(1)(a): a plan issued on 29 February 2024 is first reviewed by 28 February 2025",
    ),
    pytest.param(
        partial(S.first_review_due, plan_issued_on=date(2023, 2, 28)),
        date(2024, 2, 27),
        id="CFA s44(1)(a): a plan issued on 28 February 2023 is first reviewed by 27 February 2024",
    ),
    pytest.param(
        partial(S.first_review_due, plan_issued_on=date(2025, 12, 31)),
        date(2026, 12, 30),
        id="CFA s44(1)(a): a plan issued on New Year's Eve is first reviewed by 30 December",
    ),
    # --- CFA s44(1)(b): later reviews -----------------------------------------------------------
    pytest.param(
        partial(S.first_review_due, plan_issued_on=date(2025, 1, 1)),
        date(2025, 12, 31),
        id="CFA s44(1)(a): a plan issued on 1 January 2025 is first reviewed by 31 December 2025",
    ),
    pytest.param(
        partial(S.first_review_due, plan_issued_on=date(2023, 3, 1)),
        date(2024, 2, 29),
        id="CFA s44(1)(a): a plan issued on 1 March 2023 is first reviewed by 29 February 2024",
    ),
    pytest.param(
        partial(S.next_review_due, previous_meeting_on=date(2025, 6, 10)),
        date(2026, 6, 9),
        id="CFA s44(1)(b): a later review is due the day before the previous meeting's anniversary",
    ),
    pytest.param(
        partial(S.next_review_due, previous_meeting_on=date(2028, 2, 29)),
        date(2029, 2, 28),
        id="CFA s44(1)(b): after a meeting on 29 February the next is due by 28 February",
    ),
    # --- Regs 20(3), 20(4): two weeks before the meeting ---------------------------------------
    pytest.param(
        partial(S.invitations_due, meeting_on=date(2026, 3, 20)),
        date(2026, 3, 6),
        id="Regs 20(3): invitations go out at least 2 weeks before the meeting",
    ),
    pytest.param(
        partial(S.invitations_due, meeting_on=date(2026, 1, 10)),
        date(2025, 12, 27),
        id="Regs 20(3): invitations for a January meeting go out in the December before",
    ),
    pytest.param(
        partial(S.advice_due, meeting_on=date(2026, 3, 3)),
        date(2026, 2, 17),
        id="Regs 20(4): advice is circulated at least 2 weeks before the meeting",
    ),
    pytest.param(
        partial(S.advice_due, meeting_on=date(2024, 3, 1)),
        date(2024, 2, 16),
        id="Regs 20(4): two weeks before 1 March 2024 counts 29 February",
    ),
    # --- Regs 20(7): the report, two weeks after --------------------------------------------------
    pytest.param(
        partial(S.report_due, meeting_on=date(2026, 3, 20)),
        date(2026, 4, 3),
        id="Regs 20(7): the report is due within 2 weeks after the meeting",
    ),
    pytest.param(
        partial(S.report_due, meeting_on=date(2025, 12, 20)),
        date(2026, 1, 3),
        id="Regs 20(7): the report of a December meeting is due in the new year",
    ),
    # --- Regs 20(10): the decision, four weeks after ----------------------------------------------
    pytest.param(
        partial(S.decision_due, meeting_on=date(2026, 3, 20)),
        date(2026, 4, 17),
        id="Regs 20(10); CoP 9.176: the decision is notified within 4 weeks of the meeting",
    ),
    pytest.param(
        partial(S.decision_due, meeting_on=date(2024, 2, 15)),
        date(2024, 3, 14),
        id="Regs 20(10): four weeks from 15 February 2024 is 14 March in a leap year",
    ),
    pytest.param(
        partial(S.decision_due, meeting_on=date(2025, 2, 15)),
        date(2025, 3, 15),
        id="Regs 20(10): four weeks from 15 February 2025 is 15 March in a common year",
    ),
    # --- Devon 2022: the amendment notice goes with the decision ---------------------------------
    pytest.param(
        partial(S.amendment_notice_due, meeting_on=date(2026, 3, 20)),
        date(2026, 4, 17),
        id="Devon [2022] EWHC 493: proposed amendments are due within 4 weeks of the meeting",
    ),
    # --- Regs 22(2)(c): 15 days for representations ----------------------------------------------
    pytest.param(
        partial(S.representations_close, amendment_notice_on=date(2026, 4, 17)),
        date(2026, 5, 1),
        id="Regs 22(2)(c): 15 days beginning with a 17 April notice end on 1 May",
    ),
    pytest.param(
        partial(S.representations_close, amendment_notice_on=date(2025, 12, 25)),
        date(2026, 1, 8),
        id="Regs 22(2)(c): 15 days beginning with a Christmas Day notice end on 8 January",
    ),
    # --- Regs 22(3)-(4); Devon 2022: the final amended plan ---------------------------------------
    pytest.param(
        partial(
            S.final_plan_due, amendment_notice_on=date(2026, 6, 10), meeting_on=date(2026, 6, 1)
        ),
        date(2026, 8, 5),
        id="Regs 22(3)-(4): a prompt notice makes 8 weeks from the notice the binding limb",
    ),
    pytest.param(
        partial(
            S.final_plan_due, amendment_notice_on=date(2026, 6, 1), meeting_on=date(2026, 6, 1)
        ),
        date(2026, 7, 27),
        id="Regs 22(3)-(4): a notice on the meeting day gives 8 weeks from that day",
    ),
    pytest.param(
        partial(
            S.final_plan_due, amendment_notice_on=date(2026, 6, 29), meeting_on=date(2026, 6, 1)
        ),
        date(2026, 8, 24),
        id="Regs 22(3)-(4); Devon 2022: a notice on its last day makes both limbs agree",
    ),
    pytest.param(
        partial(
            S.final_plan_due, amendment_notice_on=date(2026, 7, 10), meeting_on=date(2026, 6, 1)
        ),
        date(2026, 8, 24),
        id="Devon 2022: a late notice does not extend the 12 weeks from the meeting",
    ),
    # --- Regs 22(4): deciding not to amend after all ------------------------------------------
    pytest.param(
        partial(S.withdrawal_due, amendment_notice_on=date(2026, 4, 17)),
        date(2026, 6, 12),
        id="Regs 22(4): the family hears of a decision not to amend within 8 weeks of the notice",
    ),
    # --- CoP 9.169: the decision within the 12-month period ---------------------------------
    pytest.param(
        partial(
            S.decision_outside_period,
            period_ends_on=date(2025, 12, 31),
            decision_notified_on=date(2025, 12, 31),
            today=date(2026, 3, 1),
        ),
        False,
        id="CoP 9.169: a decision notified on the period's last day is inside it",
    ),
    pytest.param(
        partial(
            S.decision_outside_period,
            period_ends_on=date(2025, 12, 31),
            decision_notified_on=date(2026, 1, 1),
            today=date(2026, 3, 1),
        ),
        True,
        id="CoP 9.169: a decision notified the day after the period ends is outside it",
    ),
    pytest.param(
        partial(
            S.decision_outside_period,
            period_ends_on=date(2025, 12, 31),
            decision_notified_on=None,
            today=date(2026, 1, 1),
        ),
        True,
        id="CoP 9.169: no decision by the day after the period ends is outside it",
    ),
]


@pytest.mark.parametrize(("rule", "expected"), SCENARIOS)
def test_each_rule_gives_the_answer_the_law_gives(rule: Callable[[], object], expected: object):
    answer = rule()
    assert answer == expected
    assert type(answer) is type(expected)
