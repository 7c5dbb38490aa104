"""The statutory rules of `reviews.statutory`, one scenario per row, each naming its source.

No database: the rules are pure functions. Every expected value was worked out by hand
from a calendar, never with the function under test.
"""

import ast
import inspect
from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from organisation.models import DEFAULT_LAST_YEAR_OF_PHASE
from reviews import figures, statutory
from reviews.figures import OpenReview
from reviews.statutory import StepState

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
    # --- Academic year and national curriculum year (DESIGN 3 definitions) -----------------------
    pytest.param(
        partial(S.academic_year_start, date(2026, 8, 31)),
        date(2025, 9, 1),
        id="DESIGN 3 NCY: 31 August ends the academic year begun the September before",
    ),
    pytest.param(
        partial(S.academic_year_start, date(2026, 9, 1)),
        date(2026, 9, 1),
        id="DESIGN 3 NCY: 1 September starts a new academic year",
    ),
    pytest.param(
        partial(S.academic_year_start, date(2026, 1, 1)),
        date(2025, 9, 1),
        id="DESIGN 3 NCY: New Year's Day falls in the academic year begun the September before",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2014, 8, 31), on=date(2025, 10, 1)),
        7,
        id="DESIGN 3 NCY: a child born on 31 August 2014 is in Year 7 in 2025-26",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2014, 9, 1), on=date(2025, 10, 1)),
        6,
        id="DESIGN 3 NCY: a child born on 1 September 2014 is a year below, in Year 6",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2014, 1, 15), on=date(2025, 8, 31)),
        6,
        id="DESIGN 3 NCY: on 31 August a child is still in the year just ending",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2014, 1, 15), on=date(2025, 9, 1)),
        7,
        id="DESIGN 3 NCY: on 1 September the same child moves up a year",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2021, 5, 10), on=date(2025, 10, 1)),
        0,
        id="DESIGN 3 NCY: a child aged 4 on the 31 August before is in Reception",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2022, 5, 10), on=date(2025, 10, 1)),
        -1,
        id="DESIGN 3 NCY: a child aged 3 on the 31 August before is in the nursery year",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2009, 9, 1), on=date(2026, 3, 1)),
        11,
        id="DESIGN 3 NCY: a child aged 15 on the 31 August before is in Year 11",
    ),
    pytest.param(
        partial(S.national_curriculum_year, date_of_birth=date(2016, 2, 29), on=date(2025, 10, 1)),
        5,
        id="DESIGN 3 NCY: a child born on 29 February 2016 is in Year 5 in 2025-26",
    ),
    # --- Age in whole years -------------------------------------------------------------------
    pytest.param(
        partial(S.age_on, date_of_birth=date(2021, 5, 10), on=date(2026, 5, 9)),
        4,
        id="age: the day before the 5th birthday a child is 4",
    ),
    pytest.param(
        partial(S.age_on, date_of_birth=date(2021, 5, 10), on=date(2026, 5, 10)),
        5,
        id="age: on the 5th birthday a child is 5",
    ),
    pytest.param(
        partial(S.age_on, date_of_birth=date(2020, 2, 29), on=date(2025, 2, 28)),
        4,
        id="age: a 29 February child is not yet older on 28 February of a common year",
    ),
    pytest.param(
        partial(S.age_on, date_of_birth=date(2020, 2, 29), on=date(2025, 3, 1)),
        5,
        id="age: a 29 February child becomes older on 1 March of a common year",
    ),
    pytest.param(
        partial(S.age_on, date_of_birth=date(2020, 2, 29), on=date(2024, 2, 29)),
        4,
        id="age: a 29 February child becomes older on 29 February of a leap year",
    ),
    # --- Regs 18(1): phase transfers, per setting phase -----------------------------------------
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["early_years"],
            ncy=-1,
            on=date(2025, 10, 1),
        ),
        date(2026, 2, 14),
        id="Regs 18(1): early years to school (nursery year) is due by 14 February, the day before 15 February",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["infant"],
            ncy=2,
            on=date(2025, 10, 1),
        ),
        date(2026, 2, 14),
        id="Regs 18(1): infant to junior (Year 2) is due by 14 February, the day before 15 February",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["junior"],
            ncy=6,
            on=date(2025, 10, 1),
        ),
        date(2026, 2, 14),
        id="Regs 18(1): junior to secondary (Year 6) is due by 14 February, the day before 15 February",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["primary"],
            ncy=6,
            on=date(2025, 10, 1),
        ),
        date(2026, 2, 14),
        id="Regs 18(1): primary to secondary (Year 6) is due by 14 February, the day before 15 February",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["middle"],
            ncy=8,
            on=date(2025, 10, 1),
        ),
        date(2026, 2, 14),
        id="Regs 18(1): middle to secondary (Year 8) is due by 14 February, the day before 15 February",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["secondary"],
            ncy=11,
            on=date(2025, 10, 1),
        ),
        date(2026, 3, 30),
        id="Regs 18(1): secondary to post-16 (Year 11) is due by 30 March, the day before 31 March",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["primary"],
            ncy=6,
            on=date(2026, 3, 10),
        ),
        date(2026, 2, 14),
        id="Regs 18(1): the spring term gives the same deadline as the autumn term",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["primary"],
            ncy=6,
            on=date(2026, 8, 31),
        ),
        date(2026, 2, 14),
        id="Regs 18(1): on 31 August the deadline is still that of the year ending",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["primary"],
            ncy=6,
            on=date(2026, 9, 1),
        ),
        date(2027, 2, 14),
        id="Regs 18(1): from 1 September a Year 6 child transfers the following calendar year",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["primary"],
            ncy=5,
            on=date(2025, 10, 1),
        ),
        None,
        id="Regs 18(1): a primary child in Year 5 has no transfer deadline",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["infant"],
            ncy=1,
            on=date(2025, 10, 1),
        ),
        None,
        id="Regs 18(1): an infant child in Year 1 has no transfer deadline",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["middle"],
            ncy=6,
            on=date(2025, 10, 1),
        ),
        None,
        id="Regs 18(1): a middle-school child in Year 6 has no transfer deadline",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE["secondary"],
            ncy=10,
            on=date(2025, 10, 1),
        ),
        None,
        id="Regs 18(1): a secondary child in Year 10 has no transfer deadline",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE.get("secondary_with_sixth_form"),
            ncy=11,
            on=date(2025, 10, 1),
        ),
        None,
        id="DESIGN 6: a secondary with a sixth form gives no automatic deadline in Year 11",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE.get("all_through"),
            ncy=6,
            on=date(2025, 10, 1),
        ),
        None,
        id="DESIGN 6: an all-through school gives no automatic deadline in Year 6",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE.get("special"),
            ncy=11,
            on=date(2025, 10, 1),
        ),
        None,
        id="DESIGN 6: a special school gives no automatic deadline",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE.get("post16"),
            ncy=12,
            on=date(2025, 10, 1),
        ),
        None,
        id="DESIGN 6: a post-16 setting gives no automatic deadline",
    ),
    pytest.param(
        partial(
            S.phase_transfer_due,
            last_year_of_phase=DEFAULT_LAST_YEAR_OF_PHASE.get("other"),
            ncy=6,
            on=date(2025, 10, 1),
        ),
        None,
        id="DESIGN 6: another kind of setting gives no automatic deadline",
    ),
    pytest.param(
        partial(S.phase_transfer_due, last_year_of_phase=4, ncy=4, on=date(2025, 10, 1)),
        date(2026, 2, 14),
        id="Regs 18(1): a first school ending in Year 4 gives Year 4 children 14 February",
    ),
    pytest.param(
        partial(S.phase_transfer_due, last_year_of_phase=7, ncy=8, on=date(2025, 10, 1)),
        None,
        id="Regs 18(1): a middle school ending in Year 7 gives Year 8 children no deadline",
    ),
    pytest.param(
        partial(S.phase_transfer_due, last_year_of_phase=None, ncy=11, on=date(2025, 10, 1)),
        None,
        id="Regs 18(1): a setting with no last year gives no automatic deadline",
    ),
    # --- Which review owns the phase transfer (DESIGN 3) ----------------------------------------
    pytest.param(
        partial(S.owns_phase_transfer, previous_meeting_on=None, on=date(2025, 10, 1)),
        True,
        id="DESIGN 3: a first review owns the transfer of the year it is open in",
    ),
    pytest.param(
        partial(S.owns_phase_transfer, previous_meeting_on=date(2025, 8, 31), on=date(2025, 10, 1)),
        True,
        id="DESIGN 3: a review after a meeting held last academic year owns this year's transfer",
    ),
    pytest.param(
        partial(S.owns_phase_transfer, previous_meeting_on=date(2025, 9, 1), on=date(2026, 1, 5)),
        False,
        id="DESIGN 3: a review after a meeting held this academic year does not inherit the transfer",
    ),
    pytest.param(
        partial(
            S.phase_transfer_met_on,
            decision="maintain",
            decision_notified_on=date(2026, 1, 20),
            final_plan_issued_on=None,
            amendments_withdrawn_on=None,
        ),
        date(2026, 1, 20),
        id="DESIGN 3: a decision to maintain the plan meets the transfer duty on its notice",
    ),
    pytest.param(
        partial(
            S.phase_transfer_met_on,
            decision="amend",
            decision_notified_on=date(2026, 1, 20),
            final_plan_issued_on=None,
            amendments_withdrawn_on=None,
        ),
        None,
        id="DESIGN 3: a decision to amend does not meet the duty until the final plan",
    ),
    pytest.param(
        partial(
            S.phase_transfer_met_on,
            decision="amend",
            decision_notified_on=date(2026, 1, 20),
            final_plan_issued_on=None,
            amendments_withdrawn_on=date(2026, 2, 3),
        ),
        date(2026, 2, 3),
        id="Regs 22(4): deciding not to amend after all meets the transfer duty",
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
    # --- Regs 18(2): post-16 moves at other times ---------------------------------------------
    pytest.param(
        partial(S.post16_move_due, transfer_on=date(2026, 9, 1)),
        date(2026, 4, 1),
        id="Regs 18(2): a September post-16 move is reviewed 5 months before, by 1 April",
    ),
    pytest.param(
        partial(S.post16_move_due, transfer_on=date(2027, 1, 15)),
        date(2026, 8, 15),
        id="Regs 18(2): 5 months before a January move falls in the August before",
    ),
    pytest.param(
        partial(S.post16_move_due, transfer_on=date(2028, 7, 31)),
        date(2028, 2, 29),
        id="Regs 18(2): 5 months before 31 July 2028 is clamped to 29 February",
    ),
    # --- CoP 9.178: under-5s (advisory) -----------------------------------------------------
    pytest.param(
        partial(S.is_under_five, date_of_birth=date(2021, 5, 10), on=date(2026, 5, 9)),
        True,
        id="CoP 9.178: the day before the 5th birthday a child is under 5",
    ),
    pytest.param(
        partial(S.is_under_five, date_of_birth=date(2021, 5, 10), on=date(2026, 5, 10)),
        False,
        id="CoP 9.178: on the 5th birthday a child is no longer under 5",
    ),
    pytest.param(
        partial(S.is_under_five, date_of_birth=date(2020, 2, 29), on=date(2025, 2, 28)),
        True,
        id="CoP 9.178: a 29 February child is still under 5 on 28 February of a common year",
    ),
    # --- Regs 20(6), 21(6): preparing for adulthood from Year 9 -------------------------------
    pytest.param(
        partial(S.preparing_for_adulthood_applies, ncy=8),
        False,
        id="Regs 20(6), 21(6): a Year 8 review need not consider preparing for adulthood",
    ),
    pytest.param(
        partial(S.preparing_for_adulthood_applies, ncy=9),
        True,
        id="Regs 20(6), 21(6): from Year 9 the review considers preparing for adulthood",
    ),
    pytest.param(
        partial(S.preparing_for_adulthood_applies, ncy=13),
        True,
        id="Regs 20(6), 21(6): a post-16 review considers preparing for adulthood",
    ),
]


@pytest.mark.parametrize(("rule", "expected"), SCENARIOS)
def test_each_rule_gives_the_answer_the_law_gives(rule: Callable[[], object], expected: object):
    answer = rule()
    assert answer == expected
    assert type(answer) is type(expected)


# --- States of a review step (DESIGN 3), today 10 March 2026 with a 14-day warning window -------

TODAY = date(2026, 3, 10)

STEP_STATES = [
    pytest.param(None, None, 14, None, id="a step with no deadline and not done has no state"),
    pytest.param(
        None,
        date(2026, 3, 1),
        14,
        StepState.DONE_ON_TIME,
        id="a step done with no deadline is on time",
    ),
    pytest.param(
        date(2026, 4, 1), None, 14, StepState.NOT_YET_DUE, id="a step due in 3 weeks is not yet due"
    ),
    pytest.param(
        date(2026, 3, 25),
        None,
        14,
        StepState.NOT_YET_DUE,
        id="a step due in 15 days is not yet due",
    ),
    pytest.param(
        date(2026, 3, 24),
        None,
        14,
        StepState.DUE_SOON,
        id="a step due in exactly the warning days is due soon",
    ),
    pytest.param(
        date(2026, 3, 10), None, 14, StepState.DUE_SOON, id="a step due today is due soon"
    ),
    pytest.param(
        date(2026, 3, 9), None, 14, StepState.OVERDUE, id="a step due yesterday is overdue"
    ),
    pytest.param(
        date(2026, 3, 10),
        None,
        0,
        StepState.DUE_SOON,
        id="with no warning window, due today is due soon",
    ),
    pytest.param(
        date(2026, 3, 11),
        None,
        0,
        StepState.NOT_YET_DUE,
        id="with no warning window, due tomorrow is not yet due",
    ),
    pytest.param(
        date(2026, 3, 1),
        date(2026, 3, 1),
        14,
        StepState.DONE_ON_TIME,
        id="a step done on its due date is on time",
    ),
    pytest.param(
        date(2026, 3, 1),
        date(2026, 2, 20),
        14,
        StepState.DONE_ON_TIME,
        id="a step done before its due date is on time",
    ),
    pytest.param(
        date(2026, 3, 1),
        date(2026, 3, 2),
        14,
        StepState.DONE_LATE,
        id="a step done one day after its due date is late",
    ),
]


@pytest.mark.parametrize(("due_on", "done_on", "warning_days", "expected"), STEP_STATES)
def test_a_step_state_follows_its_deadline_and_completion(due_on, done_on, warning_days, expected):
    state = S.step_state(due_on=due_on, done_on=done_on, today=TODAY, warning_days=warning_days)
    assert state is expected


OVERALL = [
    pytest.param(
        [StepState.DONE_ON_TIME, StepState.DUE_SOON, StepState.OVERDUE, None],
        StepState.OVERDUE,
        id="an overdue step makes the review overdue",
    ),
    pytest.param(
        [StepState.NOT_YET_DUE, StepState.DONE_LATE, StepState.DUE_SOON],
        StepState.DUE_SOON,
        id="a step due soon outranks one not yet due",
    ),
    pytest.param(
        [None, StepState.DONE_LATE, StepState.NOT_YET_DUE],
        StepState.NOT_YET_DUE,
        id="a late finished step does not count against an open review",
    ),
    pytest.param(
        [StepState.DONE_LATE, StepState.DONE_ON_TIME, None],
        None,
        id="a review with every step done has no open state",
    ),
    pytest.param([], None, id="a review with no steps has no open state"),
]


@pytest.mark.parametrize(("states", "expected"), OVERALL)
def test_a_review_takes_the_state_of_its_worst_open_step(states, expected):
    assert S.overall_state(iter(states)) is expected


# --- The open review implied by an imported caseload row (DESIGN 6) ---------------------------

HISTORIES = [
    pytest.param(
        date(2024, 3, 15),
        None,
        None,
        OpenReview(
            due_on=date(2025, 3, 14),
            meeting_on=None,
            previous_meeting_on=None,
            is_first_review=True,
        ),
        id="shape 1: never reviewed, the first review is open and due the day before the anniversary",
    ),
    pytest.param(
        date(2023, 3, 15),
        date(2024, 3, 1),
        date(2024, 3, 20),
        OpenReview(
            due_on=date(2025, 2, 28),
            meeting_on=None,
            previous_meeting_on=date(2024, 3, 1),
            is_first_review=False,
        ),
        id="shape 2: a decided review is concluded and the next is due within 12 months of its meeting",
    ),
    pytest.param(
        date(2023, 3, 15),
        date(2024, 2, 29),
        date(2024, 2, 29),
        OpenReview(
            due_on=date(2025, 2, 28),
            meeting_on=None,
            previous_meeting_on=date(2024, 2, 29),
            is_first_review=False,
        ),
        id="shape 2: a same-day decision concludes it; after 29 February, due 28 February",
    ),
    pytest.param(
        date(2024, 3, 15),
        date(2025, 3, 10),
        None,
        OpenReview(
            due_on=date(2025, 3, 14),
            meeting_on=date(2025, 3, 10),
            previous_meeting_on=None,
            is_first_review=True,
        ),
        id="shape 3: an undecided first review stays open with its meeting held, due on its own date",
    ),
    pytest.param(
        date(2024, 3, 15),
        date(2025, 3, 14),
        None,
        OpenReview(
            due_on=date(2025, 3, 14),
            meeting_on=date(2025, 3, 14),
            previous_meeting_on=None,
            is_first_review=True,
        ),
        id="shape 3: a meeting held on the first review's last day is the first review",
    ),
    pytest.param(
        date(2024, 3, 15),
        date(2025, 3, 15),
        None,
        OpenReview(
            due_on=date(2025, 3, 15),
            meeting_on=date(2025, 3, 15),
            previous_meeting_on=None,
            is_first_review=False,
        ),
        id="shape 3: a meeting held on the anniversary is too late to be the first review",
    ),
    pytest.param(
        date(2023, 3, 15),
        date(2025, 3, 1),
        None,
        OpenReview(
            due_on=date(2025, 3, 1),
            meeting_on=date(2025, 3, 1),
            previous_meeting_on=None,
            is_first_review=False,
        ),
        id="shape 3: an undecided meeting long after the first due date is a later review",
    ),
]


@pytest.mark.parametrize(("issued", "meeting", "decision", "expected"), HISTORIES)
def test_an_imported_row_opens_the_review_its_history_implies(issued, meeting, decision, expected):
    opening = figures.open_review_from_history(
        plan_issued_on=issued, last_review_meeting_on=meeting, last_review_decision_on=decision
    )
    assert opening == expected


IMPOSSIBLE_HISTORIES = [
    pytest.param(
        date(2024, 3, 15),
        None,
        date(2025, 3, 20),
        "a decision date needs a meeting date",
        id="a decision without a meeting",
    ),
    pytest.param(
        date(2024, 3, 15),
        date(2025, 3, 10),
        date(2025, 3, 9),
        "the decision is before the review meeting",
        id="a decision the day before the meeting",
    ),
    pytest.param(
        date(2024, 3, 15),
        date(2024, 3, 14),
        None,
        "the review meeting is before the plan was issued",
        id="a meeting the day before the plan was issued",
    ),
]


@pytest.mark.parametrize(("issued", "meeting", "decision", "message"), IMPOSSIBLE_HISTORIES)
def test_an_impossible_history_is_refused_with_its_reason(issued, meeting, decision, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        figures.open_review_from_history(
            plan_issued_on=issued, last_review_meeting_on=meeting, last_review_decision_on=decision
        )


def test_the_phase_defaults_name_only_setting_phases_and_leave_mixed_phases_without_a_transfer():
    phases = {
        "early_years",
        "infant",
        "junior",
        "primary",
        "middle",
        "secondary",
        "secondary_with_sixth_form",
        "all_through",
        "special",
        "post16",
        "other",
    }
    assert set(DEFAULT_LAST_YEAR_OF_PHASE) < phases
    assert phases - set(DEFAULT_LAST_YEAR_OF_PHASE) == {
        "secondary_with_sixth_form",
        "all_through",
        "special",
        "post16",
        "other",
    }


CITATIONS = [
    (S.first_review_due, "CFA s44(1)(a); CoP 9.169"),
    (S.next_review_due, "CFA s44(1)(b); DfE written answer, Oct 2023"),
    (S.invitations_due, "Regs 20(3)"),
    (S.advice_due, "Regs 20(4)"),
    (S.report_due, "Regs 20(7)"),
    (S.decision_due, "Regs 20(10); CoP 9.176"),
    (S.amendment_notice_due, "R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)"),
    (S.representations_close, "Regs 22(2)(c)"),
    (S.final_plan_due, "Regs 22(3); Devon 2022"),
    (S.withdrawal_due, "Regs 22(4)"),
    (S.phase_transfer_met_on, "Regs 18(1), 22(4)"),
    (S.owns_phase_transfer, "Regs 18(1)"),
    (S.decision_outside_period, "CoP 9.169"),
    (S.phase_transfer_due, "Regs 18(1)"),
    (S.post16_move_due, "Regs 18(2)"),
    (S.is_under_five, "CoP 9.178"),
    (S.preparing_for_adulthood_applies, "Regs 20(6), 21(6)"),
]


@pytest.mark.parametrize(
    ("rule", "source"), CITATIONS, ids=[rule.__name__ for rule, _ in CITATIONS]
)
def test_each_rule_cites_its_source_as_the_design_lists_it(
    rule: Callable[..., object], source: str
):
    assert source in " ".join((rule.__doc__ or "").split())


def test_the_rules_module_uses_the_standard_library_only():
    tree = ast.parse(inspect.getsource(statutory))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert imported <= {"calendar", "collections", "dataclasses", "datetime", "enum"}
