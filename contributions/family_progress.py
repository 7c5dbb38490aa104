"""A review as a family reads it (DESIGN section 9): each step in plain English, done or due,
what happens next, and who to ask.

Every date comes from the review's own fields (each `*_due_on` is the last day on time, as
reviews.recompute wrote it) or from reviews.statutory; nothing here counts a period again.
The words are for a reading age of about 9 to 11 (tests/test_family_readability.py): short
sentences, "we" for the council, no internal states, scores or ids, dates in words.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from casework.models import Plan
from common.council import council_details
from common.dates import long_date
from reviews import statutory
from reviews.models import Decision, Review, ReviewStatus


class FamilyStepStatus(StrEnum):
    """How a step stands, in the words the family sees on its tag."""

    DONE = "Done"
    TO_COME = "To come"
    LATE = "Late"
    NOT_NEEDED = "Not needed"


@dataclass(frozen=True)
class FamilyStep:
    name: str
    status: FamilyStepStatus
    words: str


@dataclass(frozen=True)
class FamilyReview:
    """One review of the plan, told to the family."""

    review: Review
    steps: list[FamilyStep]
    next_words: str

    @property
    def summary(self) -> str:
        """An earlier review in one or two sentences."""
        return " ".join(
            step.words for step in self.steps if step.status == FamilyStepStatus.DONE
        ) or ("This review ended before its meeting was held.")


@dataclass(frozen=True)
class FamilyContact:
    """Who the family can ask about the plan: the case officer, or the council's SEN team."""

    name: str
    email: str
    phone: str
    is_officer: bool


DECISION_WORDS = {
    Decision.MAINTAIN: "We will keep the plan as it is.",
    Decision.AMEND: "We want to make changes to the plan.",
    Decision.CEASE: "We will stop the plan.",
}


def _d(day: date) -> str:
    return long_date(day)


def _status(*, done_on: date | None, due_on: date | None, today: date) -> FamilyStepStatus:
    if done_on is not None:
        return FamilyStepStatus.DONE
    if due_on is not None and today > due_on:
        return FamilyStepStatus.LATE
    return FamilyStepStatus.TO_COME


def _meeting(review: Review, *, today: date, school: bool) -> FamilyStep:
    name = "Review meeting"
    if review.meeting_on is not None:
        return FamilyStep(
            name, FamilyStepStatus.DONE, f"The meeting was held on {_d(review.meeting_on)}."
        )
    status = _status(done_on=None, due_on=review.due_on, today=today)
    if status == FamilyStepStatus.LATE:
        words = (
            f"The meeting should have been held by {_d(review.due_on)}. We are sorry it is late."
        )
    else:
        words = f"The meeting must be held by {_d(review.due_on)}."
    if review.meeting_planned_on is not None:
        words = f"The meeting is planned for {_d(review.meeting_planned_on)}. {words}"
    else:
        words += " The school will invite you." if school else " We will invite you."
    return FamilyStep(name, status, words)


def _report(review: Review, *, today: date, school: bool) -> FamilyStep:
    name = "Report of the meeting"
    writer = "the school" if school else "we"
    if review.report_received_on is not None:
        words = (
            f"We got the report of the meeting on {_d(review.report_received_on)}."
            if school
            else f"We wrote the report of the meeting on {_d(review.report_received_on)}."
        )
        return FamilyStep(name, FamilyStepStatus.DONE, words)
    if review.meeting_on is None or review.report_due_on is None:
        weeks = statutory.REPORT_WEEKS_AFTER
        return FamilyStep(
            name,
            FamilyStepStatus.TO_COME,
            f"After the meeting, {writer} write a report. It is due {weeks} weeks after the "
            "meeting.",
        )
    if review.decision_notified_on is not None:
        return FamilyStep(name, FamilyStepStatus.LATE, "We did not get a report of the meeting.")
    status = _status(done_on=None, due_on=review.report_due_on, today=today)
    if status == FamilyStepStatus.LATE:
        words = f"The report was due by {_d(review.report_due_on)}. We do not have it yet."
    else:
        words = f"The report of the meeting is due by {_d(review.report_due_on)}."
    return FamilyStep(name, status, words)


def _decision(review: Review, *, today: date) -> FamilyStep:
    name = "Our decision"
    if review.decision_notified_on is not None:
        said = DECISION_WORDS.get(Decision(review.decision), "") if review.decision else ""
        return FamilyStep(
            name,
            FamilyStepStatus.DONE,
            f"We told you our decision on {_d(review.decision_notified_on)}. {said}".strip(),
        )
    if review.meeting_on is None or review.decision_due_on is None:
        weeks = statutory.DECISION_WEEKS_AFTER
        return FamilyStep(
            name,
            FamilyStepStatus.TO_COME,
            f"We must tell you our decision {weeks} weeks after the meeting at the latest.",
        )
    status = _status(done_on=None, due_on=review.decision_due_on, today=today)
    if status == FamilyStepStatus.LATE:
        words = (
            f"We should have told you our decision by {_d(review.decision_due_on)}. "
            "We are sorry it is late."
        )
    else:
        words = f"We must tell you our decision by {_d(review.decision_due_on)}."
    return FamilyStep(name, status, words)


def _no_changes(review: Review) -> str | None:
    """Why the last two steps are not needed, or None when they may be."""
    if review.decision == Decision.MAINTAIN:
        return "We are keeping the plan as it is, so there are no changes."
    if review.decision == Decision.CEASE:
        return "We are stopping the plan, so there are no changes."
    return None


def _changes(review: Review, *, today: date) -> FamilyStep:
    name = "Changes to the plan"
    not_needed = _no_changes(review)
    if not_needed:
        return FamilyStep(name, FamilyStepStatus.NOT_NEEDED, not_needed)
    if review.amendment_notice_on is not None:
        until = statutory.representations_close(amendment_notice_on=review.amendment_notice_on)
        could = "can" if today <= until else "could"
        return FamilyStep(
            name,
            FamilyStepStatus.DONE,
            f"We sent you the changes we want to make on {_d(review.amendment_notice_on)}. "
            f"You {could} tell us what you think until {_d(until)}.",
        )
    if review.decision == Decision.AMEND and review.amendment_notice_due_on is not None:
        due = review.amendment_notice_due_on
        status = _status(done_on=None, due_on=due, today=today)
        words = (
            f"We should have sent you the changes by {_d(due)}. We are sorry it is late."
            if status == FamilyStepStatus.LATE
            else f"We must send you the changes by {_d(due)}."
        )
        return FamilyStep(name, status, words)
    return FamilyStep(
        name,
        FamilyStepStatus.TO_COME,
        "If we want to change the plan, we send you the changes with our decision.",
    )


def _final_plan(review: Review, *, today: date) -> FamilyStep:
    name = "Final plan"
    not_needed = _no_changes(review)
    if not_needed:
        return FamilyStep(name, FamilyStepStatus.NOT_NEEDED, "There is no new plan to send.")
    if review.final_plan_issued_on is not None:
        return FamilyStep(
            name,
            FamilyStepStatus.DONE,
            f"We sent you the final plan on {_d(review.final_plan_issued_on)}.",
        )
    if review.amendments_withdrawn_on is not None:
        return FamilyStep(
            name,
            FamilyStepStatus.DONE,
            "We decided not to change the plan after all. "
            f"We told you on {_d(review.amendments_withdrawn_on)}.",
        )
    if review.decision == Decision.AMEND and review.final_plan_due_on is not None:
        due = review.final_plan_due_on
        status = _status(done_on=None, due_on=due, today=today)
        words = (
            f"We should have sent you the final plan by {_d(due)}. We are sorry it is late."
            if status == FamilyStepStatus.LATE
            else f"We must send you the final plan by {_d(due)}."
        )
        return FamilyStep(name, status, words)
    weeks = statutory.FINAL_PLAN_WEEKS_AFTER_MEETING
    return FamilyStep(
        name,
        FamilyStepStatus.TO_COME,
        f"If the plan changes, we send you the final plan {weeks} weeks after the meeting at "
        "the latest.",
    )


def _next_words(review: Review, *, today: date, school: bool) -> str:
    """What happens next, from the first step not yet done."""
    if review.meeting_on is None:
        who = "The school" if school else "We"
        if review.meeting_planned_on is not None and review.invitations_sent_on is None:
            when = review.invitations_due_on
            by = f" by {_d(when)}" if when and when >= today else ""
            return f"Next is the review meeting. {who} will send you an invitation{by}."
        return f"Next is the review meeting. {who} will tell you the date."
    if review.decision_notified_on is None:
        if review.report_received_on is None and review.report_due_on is not None:
            writer = "the school sends us" if school else "we write"
            return (
                f"Next, {writer} the report of the meeting. Then we make our decision. "
                f"We must tell you our decision by {_d(review.decision_due_on)}."
                if review.decision_due_on
                else f"Next, {writer} the report of the meeting."
            )
        if review.decision_due_on is not None:
            return (
                "Next, we decide what happens to the plan. "
                f"We must tell you by {_d(review.decision_due_on)}."
            )
        return "Next, we decide what happens to the plan."
    if review.decision == Decision.CEASE:
        return (
            "We will stop the plan. Our letter says what you can do if you do not agree. "
            "Contact us if you have questions."
        )
    if review.decision == Decision.AMEND:
        if review.amendment_notice_on is None:
            return "Next, we send you the changes we want to make to the plan."
        if review.final_plan_issued_on is None and review.amendments_withdrawn_on is None:
            until = statutory.representations_close(amendment_notice_on=review.amendment_notice_on)
            due = (
                f" We must send it by {_d(review.final_plan_due_on)}."
                if (review.final_plan_due_on)
                else ""
            )
            if today <= until:
                return (
                    f"Tell us what you think of the changes by {_d(until)}. "
                    f"Then we send you the final plan.{due}"
                )
            return f"Next, we send you the final plan.{due}"
    return (
        "This review is finished. The next review meeting must be held by "
        f"{_d(statutory.next_review_due(previous_meeting_on=review.meeting_on))}."
        if review.meeting_on
        else "This review is finished."
    )


def family_review(review: Review, *, today: date) -> FamilyReview:
    """The review's steps in order, and what happens next, in the family's words."""
    school = review.plan.setting_id is not None
    steps = [
        _meeting(review, today=today, school=school),
        _report(review, today=today, school=school),
        _decision(review, today=today),
        _changes(review, today=today),
        _final_plan(review, today=today),
    ]
    return FamilyReview(review, steps, _next_words(review, today=today, school=school))


def _newest_first(reviews: Iterable[Review]) -> list[Review]:
    """The open review first, then the concluded ones from the latest."""
    return sorted(
        reviews, key=lambda r: (r.status != ReviewStatus.CONCLUDED, r.due_on, r.pk), reverse=True
    )


def family_reviews_for_plan(
    plan: Plan, *, today: date
) -> tuple[FamilyReview | None, list[FamilyReview]]:
    """The plan's current review (the open one, or the last) and the earlier ones, newest
    first, from one query whatever the number of reviews."""
    reviews = _newest_first(Review.objects.filter(plan=plan).select_related("plan"))
    told = [family_review(review, today=today) for review in reviews]
    return (told[0] if told else None), told[1:]


def family_current_reviews(plans: Iterable[Plan], *, today: date) -> dict[int, FamilyReview]:
    """Each plan's current review, by plan id, from one query whatever the number of plans."""
    by_plan: dict[int, list[Review]] = {}
    for review in Review.objects.filter(plan__in=list(plans)).select_related("plan"):
        by_plan.setdefault(review.plan_id, []).append(review)
    return {
        plan_id: family_review(_newest_first(reviews)[0], today=today)
        for plan_id, reviews in by_plan.items()
    }


def family_contact(plan: Plan) -> FamilyContact:
    """The case officer's name and how to reach them; the council's SEN team when the plan
    has no officer, or for what the officer has not given."""
    council = council_details()
    officer = plan.case_officer
    if officer is None or not officer.is_active:
        return FamilyContact(
            name=f"The SEN team at {council.name}",
            email=council.email,
            phone=council.phone,
            is_officer=False,
        )
    return FamilyContact(
        name=officer.full_name or "Your case officer",
        email=officer.email,
        phone=officer.phone or council.phone,
        is_officer=True,
    )
