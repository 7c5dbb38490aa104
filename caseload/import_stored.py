"""What saving a caseload file's checked rows would change (DESIGN section 6): each row's
fields as the save writes them, and what a row does to its plan's reviews (`RowHistory`),
worked out one row at a time against what is stored for its plan
(caseload.import_staging reads both side by side).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from reviews import figures, statutory
from reviews.models import ReviewStatus

CHILD_FIELDS = ["upn", "forename", "surname", "date_of_birth", "looked_after"]
PLAN_FIELDS = ["issued_on", "area_id", "primary_need", "case_officer_id", "setting_id"]
REVIEW_FIELDS = ["is_first_review", "previous_meeting_on", "due_on", "meeting_on", "status"]
# Where a review's meeting-held state comes from: the open review a row may still change.
CHANGEABLE_BY_FILE = {ReviewStatus.PLANNING, ReviewStatus.MEETING_HELD}


# Each child and plan field as the staged row (`s`, caseload.import_staging's import_row) gives
# it, for the comparison and the save alike; a plan's setting is the registered one of the
# row's URN, named by the caller.
CHILD_VALUES = {f: f"s.{f}" for f in CHILD_FIELDS}
PLAN_VALUES = {
    "issued_on": "s.plan_issued_on", "area_id": "s.area_id", "primary_need": "s.primary_need",
    "case_officer_id": "s.case_officer_id",
}  # fmt: skip
assert [*PLAN_VALUES, "setting_id"] == PLAN_FIELDS


class RowReviews(NamedTuple):
    """What a checked row says of its plan's review history."""

    plan_issued_on: date
    last_review_meeting_on: date | None
    last_review_decision_on: date | None
    last_review_outcome: str  # one of Decision's values, or "" when not known


def _review_fields(row: RowReviews, *, earlier_meeting_on: date | None) -> dict[str, Any]:
    """The open review's fields as the row's history gives them (DESIGN section 6);
    `earlier_meeting_on`: the meeting of the plan's latest concluded review, if one is stored
    before the row's last meeting."""
    meeting = row.last_review_meeting_on
    if meeting is not None and row.last_review_decision_on is None:
        held = figures.held_review_from_history(
            plan_issued_on=row.plan_issued_on,
            meeting_on=meeting,
            earlier_meeting_on=earlier_meeting_on,
        )
        return {
            "is_first_review": held.is_first_review,
            "previous_meeting_on": held.previous_meeting_on,
            "due_on": held.due_on,
            "meeting_on": meeting,
            "status": ReviewStatus.MEETING_HELD,
        }
    opening = figures.open_review_from_history(
        plan_issued_on=row.plan_issued_on,
        last_review_meeting_on=meeting,
        last_review_decision_on=row.last_review_decision_on,
    )
    return {
        "is_first_review": opening.is_first_review,
        "previous_meeting_on": opening.previous_meeting_on,
        "due_on": opening.due_on,
        "meeting_on": opening.meeting_on,
        "status": ReviewStatus.MEETING_HELD if opening.meeting_on else ReviewStatus.PLANNING,
    }


def _concluded_fields(row: RowReviews, *, earlier_meeting_on: date | None) -> dict[str, Any]:
    """The concluded review of a row with a meeting and a decision (DESIGN section 6): its
    meeting, decision date and outcome, concluded on the decision date. An amendment's
    final plan is left blank: the row does not say when, or whether, it was issued."""
    meeting, decided = row.last_review_meeting_on, row.last_review_decision_on
    assert meeting is not None
    assert decided is not None
    held = figures.held_review_from_history(
        plan_issued_on=row.plan_issued_on, meeting_on=meeting, earlier_meeting_on=earlier_meeting_on
    )
    return {
        "status": ReviewStatus.CONCLUDED,
        "is_first_review": held.is_first_review,
        "previous_meeting_on": held.previous_meeting_on,
        "due_on": held.due_on,
        "meeting_on": meeting,
        "decision": row.last_review_outcome,
        "decision_notified_on": decided,
        "concluded_on": decided,
        "decision_outside_period": statutory.decision_outside_period(
            period_ends_on=held.due_on
            if held.is_first_review or held.previous_meeting_on
            else None,
            decision_notified_on=decided,
            today=decided,
        ),
    }


@dataclass(frozen=True)
class RowHistory:
    """What saving a row does to its plan's reviews.

    `open_fields`: the open review's new fields (None: the open review is left as it is);
    `concluded`: the fields of a concluded review to add (None: none to add); `kept`: the
    row names a review already stored as concluded, whose decision date or outcome differ
    from the row's and are kept as stored.
    """

    open_fields: dict[str, Any] | None
    concluded: dict[str, Any] | None = None
    kept: bool = False


def row_history(
    row: RowReviews,
    *,
    is_new: bool,
    open_status: str | None,
    latest_concluded: tuple[date, date | None, str] | None,
) -> RowHistory:
    """The row's review history against what is stored for its plan (DESIGN section 6):
    whether the plan is new, its open review's status (None: no open review) and its latest
    concluded review with a meeting (meeting date, decision date and outcome; None: none), the
    last by id of those held on that date.

    The file never undoes work recorded in the service, and never takes a plan's history
    backwards: an open review that has gone past its meeting (a report, a decision or more
    recorded) keeps everything; a row whose last meeting is older than the plan's latest
    concluded review, or that names that review without its decision, or no review at all
    when one is concluded, leaves the reviews as they are. A concluded review is added once
    per meeting date, so importing the same file again adds nothing.
    """
    if is_new:
        return RowHistory(
            open_fields=_review_fields(row, earlier_meeting_on=None),
            concluded=_concluded_fields(row, earlier_meeting_on=None)
            if row.last_review_decision_on
            else None,
        )
    if open_status is None or open_status not in CHANGEABLE_BY_FILE:
        return RowHistory(open_fields=None)
    latest = latest_concluded[0] if latest_concluded else None
    meeting, decided = row.last_review_meeting_on, row.last_review_decision_on
    if latest is not None and (
        meeting is None or meeting < latest or (meeting == latest and decided is None)
    ):
        return RowHistory(open_fields=None)
    if meeting is not None and latest_concluded is not None and meeting == latest:
        _, stored_decided, stored_outcome = latest_concluded
        kept = stored_decided != decided or (
            bool(row.last_review_outcome) and stored_outcome != row.last_review_outcome
        )
        return RowHistory(open_fields=_review_fields(row, earlier_meeting_on=None), kept=kept)
    return RowHistory(
        open_fields=_review_fields(row, earlier_meeting_on=latest),
        concluded=_concluded_fields(row, earlier_meeting_on=latest) if decided else None,
    )
