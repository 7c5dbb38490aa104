"""Reviews in a given state of the lifecycle, with the dates that state implies, for the
transition tests."""

from datetime import date

from reviews.models import Decision, Review, ReviewStatus
from tests.factories import ReviewFactory

S = ReviewStatus


def review_in(status: ReviewStatus, **fields) -> Review:
    """A review that has reached `status`, with the dates that state implies."""
    dates: dict[str, object] = {}
    if status != S.PLANNING:
        dates["meeting_on"] = date(2026, 10, 1)
    if status in {
        S.REPORT_RECEIVED,
        S.DECISION_NOTIFIED,
        S.AMENDMENT_NOTICE_SENT,
        S.AMENDMENTS_WITHDRAWN,
        S.FINAL_PLAN_ISSUED,
        S.CONCLUDED,
    }:
        dates["report_received_on"] = date(2026, 10, 8)
    if status in {
        S.DECISION_NOTIFIED,
        S.AMENDMENT_NOTICE_SENT,
        S.AMENDMENTS_WITHDRAWN,
        S.FINAL_PLAN_ISSUED,
        S.CONCLUDED,
    }:
        dates["decision"] = Decision.AMEND
        dates["decision_notified_on"] = date(2026, 10, 20)
    if status in {
        S.AMENDMENT_NOTICE_SENT,
        S.AMENDMENTS_WITHDRAWN,
        S.FINAL_PLAN_ISSUED,
        S.CONCLUDED,
    }:
        dates["amendment_notice_on"] = date(2026, 10, 20)
    if status == S.AMENDMENTS_WITHDRAWN:
        dates["amendments_withdrawn_on"] = date(2026, 11, 5)
    if status in {S.FINAL_PLAN_ISSUED, S.CONCLUDED}:
        dates["final_plan_issued_on"] = date(2026, 11, 10)
    if status == S.CONCLUDED:
        dates["concluded_on"] = date(2026, 11, 12)
    return ReviewFactory.create(status=status, **{**dates, **fields})
