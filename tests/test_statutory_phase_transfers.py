"""Phase transfers in `reviews.statutory`: when each setting phase's transfer falls, which
review owns it, and which setting phases have a default last year.

No database: the rules are pure functions. Every expected value was worked out by hand
from a calendar, never with the function under test.
"""

from collections.abc import Callable
from datetime import date
from functools import partial

import pytest

from organisation.models import DEFAULT_LAST_YEAR_OF_PHASE
from reviews import statutory

S = statutory


# Each row: the rule applied to one case (a call with no arguments left), the answer the law
# gives, and an id that cites the source and says the behaviour in words.
SCENARIOS = [
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
]


@pytest.mark.parametrize(("rule", "expected"), SCENARIOS)
def test_each_rule_gives_the_answer_the_law_gives(rule: Callable[[], object], expected: object):
    answer = rule()
    assert answer == expected
    assert type(answer) is type(expected)


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
