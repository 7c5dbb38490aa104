"""Caseload import: the review history a row gives is kept (DESIGN section 6).

A row with a meeting and a decision keeps that review as a concluded review and opens the
next; importing the same file again changes nothing; a later file adds the later review
without losing the earlier one, and never takes a plan's history backwards.
"""

from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command

from audit.models import Event
from caseload.import_rows import COLUMNS
from caseload.importing import caseload_import
from reviews.models import Review
from reviews.services import review_receive_report
from tests.test_import import csv_bytes, refused, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-23 10:00:00+00:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _north(officer_north):
    """The North area team and its case officer exist before any import."""


def imported(*rows: dict[str, str]):
    result = caseload_import(data=csv_bytes(*rows), filename="caseload.csv", actor=None)
    assert result.saved, result.errors
    return result


def concluded_reviews(plan_ref: str = "EHCP-0001") -> list[tuple[object, ...]]:
    return list(
        Review.objects.filter(plan__plan_ref=plan_ref, status="concluded")
        .order_by("meeting_on")
        .values_list(
            "is_first_review", "previous_meeting_on", "due_on", "meeting_on",
            "decision_notified_on", "decision", "concluded_on",
        )
    )  # fmt: skip


def open_review(plan_ref: str = "EHCP-0001") -> Review:
    return Review.objects.exclude(status="concluded").get(plan__plan_ref=plan_ref)


def reviews_state() -> list[dict[str, object]]:
    return [dict(values) for values in Review.objects.order_by("id").values()]


def test_a_row_with_a_meeting_decision_and_outcome_keeps_that_review_as_concluded():
    # Issued 15 January 2024: the first review was due by 14 January 2025, so a meeting on
    # 1 October 2025 was a later review whose due date the row does not give.
    imported(
        row(
            last_review_meeting_on="2025-10-01",
            last_review_decision_on="2025-10-20",
            last_review_outcome="amend",
        )
    )
    concluded = Review.objects.get(plan__plan_ref="EHCP-0001", status="concluded")
    assert (concluded.meeting_on, concluded.decision_notified_on, concluded.decision) == (
        date(2025, 10, 1),
        date(2025, 10, 20),
        "amend",
    )
    assert concluded.concluded_on == date(2025, 10, 20)
    assert (concluded.is_first_review, concluded.due_on, concluded.previous_meeting_on) == (
        False,
        date(2025, 10, 1),
        None,
    )
    # The final amended plan is not in the row: it is left blank, never guessed.
    assert (concluded.amendment_notice_on, concluded.final_plan_issued_on) == (None, None)
    assert not concluded.in_backlog
    following = open_review()
    assert following.status == "planning"
    assert following.previous_meeting_on == date(2025, 10, 1)
    assert following.due_on == date(2026, 9, 30)  # the day before the meeting's anniversary
    assert following.is_first_review is False


@pytest.mark.parametrize(
    ("meeting", "is_first", "due_on"),
    [
        # Issued 1 November 2024: the first review is due by 31 October 2025.
        ("2025-10-31", True, date(2025, 10, 31)),
        ("2025-11-01", False, date(2025, 11, 1)),
    ],
)
def test_the_concluded_review_is_the_first_when_held_by_the_first_reviews_due_date(
    meeting, is_first, due_on
):
    imported(
        row(
            plan_issued_on="2024-11-01",
            last_review_meeting_on=meeting,
            last_review_decision_on="2025-11-20",
            last_review_outcome="maintain",
        )
    )
    [(first, previous, due, *_)] = concluded_reviews()
    assert (first, previous, due) == (is_first, None, due_on)


def test_a_blank_outcome_keeps_the_decision_date_with_no_outcome():
    imported(row(last_review_meeting_on="2025-10-01", last_review_decision_on="2025-11-12"))
    assert concluded_reviews() == [
        (False, None, date(2025, 10, 1), date(2025, 10, 1), date(2025, 11, 12), "", date(2025, 11, 12))
    ]  # fmt: skip


def test_an_outcome_in_capitals_is_read_as_the_same_outcome():
    imported(
        row(
            last_review_meeting_on="2025-10-01",
            last_review_decision_on="2025-10-20",
            last_review_outcome="Cease",
        )
    )
    assert concluded_reviews()[0][5] == "cease"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"last_review_meeting_on": "2025-10-01", "last_review_decision_on": "2025-10-20",
             "last_review_outcome": "maintained"},
            "Row 2, column last_review_outcome: 'maintained': is not a review outcome; expected "
            "one of maintain, amend, cease, or blank if not known",
        ),
        (
            {"last_review_meeting_on": "2025-10-01", "last_review_outcome": "amend"},
            "Row 2, column last_review_outcome: 'amend': needs the last_review_decision_on date "
            "it was notified",
        ),
    ],
)  # fmt: skip
def test_a_bad_outcome_is_a_row_error_naming_its_row_and_column(changes, message):
    assert refused(csv_bytes(row(**changes))) == [message]


def test_the_command_refuses_a_file_with_a_bad_outcome_and_saves_nothing(tmp_path, capsys):
    path = tmp_path / "caseload.csv"
    path.write_bytes(
        csv_bytes(
            row(
                last_review_meeting_on="2025-10-01",
                last_review_decision_on="2025-10-20",
                last_review_outcome="continue",
            )
        )
    )
    with pytest.raises(CommandError, match="1 in error"):
        call_command("import_plans", str(path))
    assert "Row 2, column last_review_outcome: 'continue'" in capsys.readouterr().out
    assert not Review.objects.exists()


def test_a_file_without_the_outcome_column_is_still_accepted():
    columns = [c for c in COLUMNS if c != "last_review_outcome"]
    data = csv_bytes(
        row(last_review_meeting_on="2025-10-01", last_review_decision_on="2025-10-20"),
        columns=columns,
    )
    result = caseload_import(data=data, filename="caseload.csv", actor=None)
    assert result.saved
    assert result.warnings == [  # the school is new; no warning about the outcome column
        "Row 2: setting URN 118001 is not in the schools register; the plan is imported and "
        "the school added from the file's setting name and phase."
    ]
    assert concluded_reviews()[0][5] == ""


HISTORIES = [
    row(),  # never reviewed
    row(plan_ref="EHCP-0002", upn="M886200120002", last_review_meeting_on="2026-11-02"),
    row(plan_ref="EHCP-0003", upn="", last_review_meeting_on="2025-10-01",
        last_review_decision_on="2025-10-20", last_review_outcome="amend"),
    row(plan_ref="EHCP-0004", upn="", last_review_meeting_on="2025-03-03",
        last_review_decision_on="2025-05-30"),
]  # fmt: skip


def test_importing_the_same_history_again_changes_no_review_and_records_no_event_but_the_import():
    imported(*HISTORIES)
    reviews = reviews_state()
    events = list(Event.objects.exclude(action="caseload.imported").values_list("id", flat=True))
    again = imported(*HISTORIES)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 4, "error": 0}
    assert reviews_state() == reviews
    assert len(reviews) == 6  # four open reviews and two concluded
    assert list(Event.objects.exclude(action="caseload.imported").values_list("id", flat=True)) == (
        events
    )
    assert Event.objects.filter(action="caseload.imported").count() == 2


def test_a_later_meeting_and_decision_adds_its_review_and_keeps_the_earlier_one():
    # Issued 1 November 2023: the first review was due by 31 October 2024.
    first = row(plan_issued_on="2023-11-01", last_review_meeting_on="2024-10-01",
                last_review_decision_on="2024-10-20", last_review_outcome="maintain")  # fmt: skip
    imported(first)
    earlier = Review.objects.get(status="concluded")
    earlier_values = Review.objects.filter(pk=earlier.pk).values().get()
    open_id = open_review().pk
    assert concluded_reviews() == [
        (True, None, date(2024, 10, 31), date(2024, 10, 1), date(2024, 10, 20), "maintain", date(2024, 10, 20)),
    ]  # fmt: skip

    later = imported(
        {**first, "last_review_meeting_on": "2025-09-15", "last_review_decision_on": "2025-11-05",
         "last_review_outcome": "amend"}
    )  # fmt: skip
    assert later.counts["changed"] == 1
    assert "last_review_decision_on" in later.outcomes[0].messages[0]
    assert Review.objects.filter(pk=earlier.pk).values().get() == earlier_values
    # The later review was due in the 12 months starting with the earlier meeting.
    assert concluded_reviews() == [
        (True, None, date(2024, 10, 31), date(2024, 10, 1), date(2024, 10, 20), "maintain", date(2024, 10, 20)),
        (False, date(2024, 10, 1), date(2025, 9, 30), date(2025, 9, 15), date(2025, 11, 5), "amend", date(2025, 11, 5)),
    ]  # fmt: skip
    following = open_review()
    assert following.pk == open_id  # the open review is the same record, moved on
    assert (following.previous_meeting_on, following.due_on) == (
        date(2025, 9, 15),
        date(2026, 9, 14),
    )


def test_a_meeting_after_a_concluded_review_is_due_in_the_year_after_that_review():
    imported(row(last_review_meeting_on="2025-01-10", last_review_decision_on="2025-02-01"))
    imported(row(last_review_meeting_on="2026-01-20"))
    held = open_review()
    assert (held.status, held.meeting_on, held.previous_meeting_on, held.due_on) == (
        "meeting_held",
        date(2026, 1, 20),
        date(2025, 1, 10),
        date(2026, 1, 9),
    )
    assert held.is_first_review is False

    imported(row(last_review_meeting_on="2026-01-20", last_review_decision_on="2026-03-02"))
    assert [(r[1], r[2], r[3]) for r in concluded_reviews()] == [
        (None, date(2025, 1, 14), date(2025, 1, 10)),
        (date(2025, 1, 10), date(2026, 1, 9), date(2026, 1, 20)),
    ]
    assert (open_review().previous_meeting_on, open_review().due_on) == (
        date(2026, 1, 20),
        date(2027, 1, 19),
    )


def test_an_older_file_does_not_take_a_plans_history_backwards():
    imported(row(last_review_meeting_on="2026-01-20", last_review_decision_on="2026-03-02"))
    reviews = reviews_state()
    for older in (
        row(),
        row(last_review_meeting_on="2025-01-10", last_review_decision_on="2025-02-01"),
        row(last_review_meeting_on="2026-01-20"),
    ):
        result = imported(older)
        assert result.counts["unchanged"] == 1
        assert reviews_state() == reviews


def test_another_decision_for_a_recorded_review_keeps_the_recorded_one_with_a_warning():
    imported(row(last_review_meeting_on="2025-10-01", last_review_decision_on="2025-10-20",
                 last_review_outcome="maintain"))  # fmt: skip
    reviews = reviews_state()
    result = imported(row(last_review_meeting_on="2025-10-01", last_review_decision_on="2025-10-27",
                          last_review_outcome="amend"))  # fmt: skip
    assert reviews_state() == reviews
    assert result.warnings == [
        "These rows give another decision date or outcome for a review already recorded as "
        "concluded, and the recorded decision was kept: 2."
    ]


def test_a_row_with_a_meeting_and_no_decision_opens_that_review_with_its_meeting_held():
    # Issued 20 November 2025: the first review is due by 19 November 2026.
    imported(row(plan_issued_on="2025-11-20", last_review_meeting_on="2026-11-02"))
    [review] = Review.objects.all()
    assert (review.status, review.is_first_review, review.meeting_on, review.due_on) == (
        "meeting_held",
        True,
        date(2026, 11, 2),
        date(2026, 11, 19),
    )
    assert (review.report_due_on, review.decision_due_on) == (
        date(2026, 11, 16),
        date(2026, 11, 30),
    )
    assert review.previous_meeting_on is None


def test_a_review_moved_on_in_the_service_is_not_concluded_or_changed_by_the_file():
    imported(row(last_review_meeting_on="2026-11-02"))
    review_receive_report(open_review().pk, on=date(2026, 11, 10), actor=None)
    reviews = reviews_state()
    imported(row(last_review_meeting_on="2026-11-02", last_review_decision_on="2026-11-20",
                 last_review_outcome="maintain"))  # fmt: skip
    assert reviews_state() == reviews
    assert not Review.objects.filter(status="concluded").exists()
