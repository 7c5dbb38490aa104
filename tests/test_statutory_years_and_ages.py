"""Academic years, national curriculum years and ages in `reviews.statutory`, and the
rules that hang on them: post-16 moves, under-5s and preparing for adulthood.

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
