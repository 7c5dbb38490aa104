"""What a school does next for each of its reviews (DESIGN section 9): plan the meeting
(prompted from 10 weeks before the review is due), record the invitations sent (at least 2
weeks before the meeting), request advice, record the meeting held, and submit the report
(within 2 weeks after the meeting). The statutory deadlines themselves are the recompute's
(reviews.recompute); this only reads them, in the school's order of work."""

from dataclasses import dataclass
from datetime import date, timedelta

from contributions.advice import advice_may_circulate, advice_request_list
from reviews import statutory
from reviews.models import Review, ReviewStatus
from reviews.transitions import TRANSITIONS_BY_SLUG

# Not the law: the Code of Practice's advice that schools start planning well ahead.
PLAN_MEETING_PROMPT = timedelta(weeks=10)

# The steps a school records, by their slug in reviews.transitions.
SCHOOL_STEPS = ("plan-meeting", "send-invitations", "circulate-advice", "hold-meeting")


def school_step_open_for(slug: str, review: Review) -> bool:
    """Whether the school may record the step now: the step's own rule, and for the advice
    circulated, all the advice asked for in (contributions.advice.advice_may_circulate)."""
    if slug == "circulate-advice":
        return advice_may_circulate(review, advice_request_list(review))
    return TRANSITIONS_BY_SLUG[slug].is_open_for(review)


@dataclass(frozen=True)
class NextThing:
    """The next thing the school has to do for a review: what, by when, and the step it
    records (None when the school has nothing to record, or it happens elsewhere)."""

    label: str
    by: date | None
    step: str | None
    overdue: bool = False
    # Not to be done before this day (planning a meeting is prompted 10 weeks ahead).
    from_on: date | None = None

    def not_yet(self, today: date) -> bool:
        return self.from_on is not None and today < self.from_on


def school_next_thing(review: Review, *, today: date) -> NextThing:
    if review.status == ReviewStatus.PLANNING:
        if review.meeting_planned_on is None:
            prompt_from = review.due_on - PLAN_MEETING_PROMPT
            return NextThing(
                "Plan the meeting",
                review.due_on,
                "plan-meeting",
                overdue=today > review.due_on,
                from_on=prompt_from,
            )
        if review.invitations_sent_on is None:
            by = review.invitations_due_on or statutory.invitations_due(
                meeting_on=review.meeting_planned_on
            )
            return NextThing("Record the invitations sent", by, "send-invitations", today > by)
        return NextThing(
            "Record the meeting held",
            review.meeting_planned_on,
            "hold-meeting",
            overdue=today > review.due_on,
        )
    if review.status == ReviewStatus.MEETING_HELD and review.meeting_on is not None:
        by = review.report_due_on or statutory.report_due(meeting_on=review.meeting_on)
        return NextThing("Submit the report", by, None, overdue=today > by)
    return NextThing("Nothing to do: the council is deciding", None, None)


def school_advice_until(review: Review, *, asked: bool, today: date) -> date | None:
    """The last day to ask professionals for advice in time (Regs 20(4): circulated at least
    2 weeks before the meeting), while the school may still usefully ask: the meeting is
    planned, not yet held, no advice has been asked for, and the day has not passed."""
    if asked or review.status != ReviewStatus.PLANNING or review.meeting_planned_on is None:
        return None
    until = statutory.advice_due(meeting_on=review.meeting_planned_on)
    return until if today <= until else None
