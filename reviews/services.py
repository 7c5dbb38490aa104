"""The review lifecycle as guarded transitions.

Each transition locks the review row, checks the state it is allowed from and the dates it
is given, writes the change and an event in one transaction, and recomputes that review
(the same SQL as the nightly recompute). A transition from the wrong state raises
`TransitionNotAllowed`, which the API answers with 409; bad dates raise `ValidationError`.
"""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from casework.models import CeaseReason, Plan, PlanStatus
from organisation.models import SettingPhase
from reviews import statutory
from reviews.models import Decision, Review, ReviewStatus
from reviews.recompute import recompute_reviews

S = ReviewStatus


class TransitionNotAllowed(Exception):
    """The review is not in a state this step can follow."""


class StaleReview(Exception):
    """Someone else changed the review since the form was shown; `current` is how it is now."""

    def __init__(self, current: Review) -> None:
        super().__init__(
            "Someone else changed this review while you were working on it. "
            "Check its current details below, then record your change again."
        )
        self.current = current


def _on(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _not_in_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(f"The {what} date cannot be in the future ({_on(day)}).")


def _not_before(day: date, earlier: date | None, what: str, earlier_what: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError(
            f"The {what} date ({_on(day)}) cannot be before the {earlier_what} ({_on(earlier)})."
        )


def _transition(
    review_id: int,
    *,
    actor: User | None,
    action: str,
    allowed_from: set[ReviewStatus],
    change: Callable[[Review], dict[str, object]],
    to_status: ReviewStatus | None = None,
    expected_version: int | None = None,
) -> Review:
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("plan").get(pk=review_id)
        if expected_version is not None and review.version != expected_version:
            raise StaleReview(review)
        if review.status not in allowed_from:
            allowed = ", ".join(sorted(s.label.lower() for s in allowed_from))
            raise TransitionNotAllowed(
                f"Cannot record '{action.replace('_', ' ')}' while the review is "
                f"'{ReviewStatus(review.status).label.lower()}'; it needs: {allowed}."
            )
        details = change(review)
        if to_status is not None:
            review.status = to_status
        review.version += 1
        review.save()
        event_record(
            actor=actor,
            action=f"review.{action}",
            target=review,
            details={"status": review.status, **details},
        )
        recompute_reviews(review_ids=[review.pk])
    review.refresh_from_db()
    return review


def review_plan_meeting(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Record the date the meeting is planned for; invitations and advice are due 2 weeks before."""

    def change(review: Review) -> dict[str, object]:
        _not_before(on, review.plan.issued_on, "meeting", "date the plan was issued")
        review.meeting_planned_on = on
        return {"meeting_planned_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="meeting_planned",
        allowed_from={S.PLANNING},
        change=change,
    )


def review_send_invitations(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Invitations to the meeting sent (SEND Regulations 2014 reg 20(3))."""

    def change(review: Review) -> dict[str, object]:
        _not_in_future(on, "invitations")
        review.invitations_sent_on = on
        return {"invitations_sent_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="invitations_sent",
        allowed_from={S.PLANNING},
        change=change,
    )


def review_circulate_advice(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Advice and information circulated to invitees (reg 20(4))."""

    def change(review: Review) -> dict[str, object]:
        _not_in_future(on, "advice")
        review.advice_circulated_on = on
        return {"advice_circulated_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="advice_circulated",
        allowed_from={S.PLANNING},
        change=change,
    )


def review_hold_meeting(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """The review meeting was held (CFA 2014 s44; reg 20)."""

    def change(review: Review) -> dict[str, object]:
        _not_in_future(on, "meeting")
        _not_before(on, review.plan.issued_on, "meeting", "date the plan was issued")
        _not_before(on, review.previous_meeting_on, "meeting", "previous review meeting")
        review.meeting_on = on
        return {"meeting_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="meeting_held",
        allowed_from={S.PLANNING},
        change=change,
        to_status=S.MEETING_HELD,
    )


def review_receive_report(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """The report of the meeting reached the LA and every invitee (reg 20(7))."""

    def change(review: Review) -> dict[str, object]:
        _not_in_future(on, "report")
        _not_before(on, review.meeting_on, "report", "meeting")
        review.report_received_on = on
        return {"report_received_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="report_received",
        allowed_from={S.MEETING_HELD},
        change=change,
        to_status=S.REPORT_RECEIVED,
    )


def review_notify_decision(
    review_id: int,
    *,
    decision: Decision,
    on: date,
    actor: User | None,
    notes: str = "",
    expected_version: int | None = None,
) -> Review:
    """The LA notified the family that it will maintain, amend or cease the plan (reg 20(10))."""

    def change(review: Review) -> dict[str, object]:
        _not_in_future(on, "decision")
        _not_before(on, review.meeting_on, "decision", "meeting")
        if decision != Decision.MAINTAIN and not notes.strip():
            what = "proposed amendments" if decision == Decision.AMEND else "reasons"
            raise ValidationError(f"Enter the {what}: the letter to the family must give them.")
        review.decision = decision
        review.decision_notified_on = on
        review.decision_notes = notes.strip()
        return {"decision": decision, "decision_notified_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="decision_notified",
        allowed_from={S.MEETING_HELD, S.REPORT_RECEIVED},
        change=change,
        to_status=S.DECISION_NOTIFIED,
    )


def review_send_amendment_notice(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Proposed amendments sent with the decision (reg 22(2); Devon [2022] EWHC 493)."""

    def change(review: Review) -> dict[str, object]:
        if review.decision != Decision.AMEND:
            raise ValidationError("Proposed amendments follow only a decision to amend the plan.")
        _not_in_future(on, "amendment notice")
        _not_before(on, review.meeting_on, "amendment notice", "meeting")
        review.amendment_notice_on = on
        return {"amendment_notice_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="amendment_notice_sent",
        allowed_from={S.DECISION_NOTIFIED},
        change=change,
        to_status=S.AMENDMENT_NOTICE_SENT,
    )


def review_issue_final_plan(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """The final amended plan was issued (reg 22(3)-(4)), after the representation period."""

    def change(review: Review) -> dict[str, object]:
        notice = review.amendment_notice_on
        assert notice is not None  # guaranteed by the allowed-from state
        _not_in_future(on, "final plan")
        _not_before(on, notice, "final plan", "amendment notice")
        close = statutory.representations_close(amendment_notice_on=notice)
        if on <= close:
            raise ValidationError(
                f"The family has until {_on(close)} to make representations on the proposed "
                f"amendments ({statutory.REPRESENTATIONS_DAYS} days beginning with the day of "
                "the notice); the final plan can be issued from the day after."
            )
        review.final_plan_issued_on = on
        return {"final_plan_issued_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="final_plan_issued",
        allowed_from={S.AMENDMENT_NOTICE_SENT},
        change=change,
        to_status=S.FINAL_PLAN_ISSUED,
    )


def review_withdraw_amendments(
    review_id: int,
    *,
    on: date,
    actor: User | None,
    reasons: str,
    expected_version: int | None = None,
) -> Review:
    """After proposing amendments, the LA decided not to amend after all and told the family
    its decision and its reasons (reg 22(4)), within 8 weeks of the notice; it meets the
    final-plan step. The reasons are kept on the review, and the letter quotes them."""

    def change(review: Review) -> dict[str, object]:
        notice = review.amendment_notice_on
        assert notice is not None  # guaranteed by the allowed-from state
        _not_in_future(on, "decision not to amend")
        _not_before(on, notice, "decision not to amend", "amendment notice")
        given = reasons.strip()
        if not given:
            raise ValidationError(
                "Enter the reasons for deciding not to amend the plan: the letter to the "
                "family must give them (regulation 22(4))."
            )
        review.amendments_withdrawn_on = on
        review.amendments_withdrawn_reasons = given
        return {"amendments_withdrawn_on": on, "reasons": given}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="amendments_withdrawn",
        allowed_from={S.AMENDMENT_NOTICE_SENT},
        change=change,
        to_status=S.AMENDMENTS_WITHDRAWN,
    )


def review_is_post16(review: Review) -> bool:
    """A young person past Year 11, or at a post-16 institution: a move between post-16
    institutions at another time than the usual transfer is theirs to plan (reg 18(2))."""
    setting = review.plan.setting
    past_year_11 = review.ncy is not None and review.ncy > statutory.LAST_YEAR_BEFORE_POST16
    return past_year_11 or (setting is not None and setting.phase == SettingPhase.POST16)


def review_plan_post16_move(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """A move to another post-16 institution is planned for `on`, outside the usual phase
    transfers: the review must be held and the plan amended at least 5 months before it
    (reg 18(2)), which becomes the review's phase-transfer deadline."""

    def change(review: Review) -> dict[str, object]:
        if not review_is_post16(review):
            raise ValidationError(
                "A move between post-16 institutions is planned only for a young person past "
                "Year 11 or at a post-16 institution."
            )
        _not_before(on, review.plan.issued_on, "planned move", "date the plan was issued")
        review.planned_move_on = on
        return {"planned_move_on": on}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="post16_move_planned",
        allowed_from=set(S) - {S.CONCLUDED},
        change=change,
    )


def review_conclude(
    review_id: int, *, on: date, actor: User | None, expected_version: int | None = None
) -> Review:
    """Close the review and open the next one, due 12 months after this meeting (CFA s44(1)(b))."""

    def change(review: Review) -> dict[str, object]:
        if review.status == S.DECISION_NOTIFIED and review.decision != Decision.MAINTAIN:
            raise ValidationError(
                "Only a decision to maintain the plan concludes the review now: "
                "an amendment needs its final plan, and a cessation ends the plan."
            )
        _not_in_future(on, "conclusion")
        _not_before(on, review.decision_notified_on, "conclusion", "decision")
        review.concluded_on = on
        return {"concluded_on": on}

    # The conclusion and the next review are one change: never a plan without an open review.
    with transaction.atomic():
        concluded = _transition(
            review_id,
            expected_version=expected_version,
            actor=actor,
            action="concluded",
            allowed_from={S.DECISION_NOTIFIED, S.FINAL_PLAN_ISSUED, S.AMENDMENTS_WITHDRAWN},
            change=change,
            to_status=S.CONCLUDED,
        )
        _open_next_review(concluded, actor=actor)
    return concluded


def review_cease_plan(
    review_id: int,
    *,
    on: date,
    reason: CeaseReason,
    actor: User | None,
    expected_version: int | None = None,
) -> Review:
    """The plan ceases after a decision to cease (CFA 2014 s45); no further review opens."""

    def change(review: Review) -> dict[str, object]:
        if review.decision != Decision.CEASE:
            raise ValidationError("A plan ceases here only after a decision to cease it.")
        _not_in_future(on, "cessation")
        _not_before(on, review.decision_notified_on, "cessation", "decision")
        review.concluded_on = on
        Plan.objects.filter(pk=review.plan_id).update(
            status=PlanStatus.CEASED, ceased_on=on, cease_reason=reason
        )
        return {"ceased_on": on, "cease_reason": reason}

    return _transition(
        review_id,
        expected_version=expected_version,
        actor=actor,
        action="plan_ceased",
        allowed_from={S.DECISION_NOTIFIED},
        change=change,
        to_status=S.CONCLUDED,
    )


def _open_next_review(
    concluded: Review, *, actor: User | None, expected_version: int | None = None
) -> Review:
    meeting_on = concluded.meeting_on
    assert meeting_on is not None
    with transaction.atomic():
        review = Review.objects.create(
            plan_id=concluded.plan_id,
            is_first_review=False,
            previous_meeting_on=meeting_on,
            due_on=statutory.next_review_due(previous_meeting_on=meeting_on),
        )
        event_record(
            actor=actor, action="review.opened", target=review, details={"due_on": review.due_on}
        )
        recompute_reviews(review_ids=[review.pk])
    return review
