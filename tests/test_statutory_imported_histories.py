"""The open review implied by an imported caseload row's dates (`reviews.figures`), and the
impossible histories refused with their reason.

No database: the rules are pure functions. Every expected value was worked out by hand
from a calendar, never with the function under test.
"""

from datetime import date

import pytest

from reviews import figures
from reviews.figures import OpenReview

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
