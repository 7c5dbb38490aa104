"""Families told before a statutory deadline is missed (DESIGN section 9, issue 19).

Two ways a family hears that a step (the decision, the final amended plan, the phase
transfer) will be late, each exactly once per review and step:

- the case officer records the reason and a new expected date (`deadline_delay_record`): the
  family members who follow the plan are emailed at once;
- the due day comes with the step not done (`deadline_notices_send_due`, the daily task): if
  the officer gave no reason, the family is told that the council cannot yet say why or when,
  and the officer is alerted (reviews.Alert, kind "family_waiting"). A reason recorded after
  that is sent to the family too, once.

The row (contributions.DeadlineNotice) is claimed by a conditional UPDATE of `told_at` before
anyone is emailed, so a second run, a second officer or a retried task sends nothing more.
Every email goes through the notification layer (common.notices); every notice is an event.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from audit.services import event_record
from casework.models import Plan, PlanStatus
from common.dates import long_date
from common.notices import notice_send
from contributions.deadline_notice_models import NOTICE_STEPS, DeadlineNotice
from contributions.family_models import FamilyMember
from reviews import statutory
from reviews.models import IS_OPEN, Alert, AlertKind, Review, ReviewStatus, Step

# A due day the daily task did not run on (the worker was down) is still told this many days
# late, never more: a review long overdue before this service was used is not news.
CATCH_UP_DAYS = 3
# The new expected date must be a real plan: no further ahead than this.
LATEST_EXPECTED_MONTHS = 6


@dataclass(frozen=True)
class WatchedStep:
    """A step the family is told about: where its deadline is, what makes it done, and the
    words a family reads about it."""

    step: Step
    due_field: str
    done_fields: tuple[str, ...]  # the step is done when any of these dates is recorded
    name: str  # "Our decision": the family's list of notices
    will_not: str  # "We will not be able to {will_not} by 18 December 2026."
    expect: str  # "We now expect to {expect} by 5 January 2027."

    def not_done(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{field}__isnull": True for field in self.done_fields})

    def is_done(self, review: Review) -> bool:
        return any(getattr(review, field) is not None for field in self.done_fields)

    def due_on(self, review: Review) -> date | None:
        due: date | None = getattr(review, self.due_field)
        return due


WATCHED: dict[str, WatchedStep] = {
    Step.DECISION: WatchedStep(
        Step.DECISION,
        "decision_due_on",
        ("decision_notified_on",),
        name="Our decision after the review meeting",
        will_not="tell you our decision about {child}'s plan",
        expect="tell you",
    ),
    Step.FINAL_PLAN: WatchedStep(
        Step.FINAL_PLAN,
        "final_plan_due_on",
        ("final_plan_issued_on", "amendments_withdrawn_on"),
        name="The new plan",
        will_not="send you {child}'s new plan",
        expect="send it",
    ),
    Step.PHASE_TRANSFER: WatchedStep(
        Step.PHASE_TRANSFER,
        "phase_transfer_due_on",
        ("phase_transfer_met_on",),
        name="The plan for the move to a new school",
        will_not="finish {child}'s plan for the move to a new school",
        expect="finish it",
    ),
}
assert tuple(WATCHED) == NOTICE_STEPS


@dataclass(frozen=True)
class LateStep:
    """A step of a review the officer may say will be late: not done, with a deadline."""

    watched: WatchedStep
    due_on: date
    notice: DeadlineNotice | None  # what was recorded or told already

    @property
    def may_record(self) -> bool:
        return self.notice is None or not self.notice.recorded_at


def late_steps_for_review(review: Review) -> list[LateStep]:
    """The steps of an open review of an active plan the officer may record as late."""
    if not review.is_open or review.plan.status != PlanStatus.ACTIVE:
        return []
    notices = {n.step: n for n in DeadlineNotice.objects.filter(review=review)}
    steps = []
    for watched in WATCHED.values():
        due_on = watched.due_on(review)
        if due_on is not None and not watched.is_done(review):
            steps.append(LateStep(watched, due_on, notices.get(watched.step)))
    return steps


def late_step_get(review: Review, step: str) -> LateStep | None:
    return next((s for s in late_steps_for_review(review) if s.watched.step == step), None)


def deadline_notice_list_for_review(review: Review) -> list[DeadlineNotice]:
    """What was recorded and told for the review, for the case page."""
    return list(
        DeadlineNotice.objects.filter(review=review).select_related("recorded_by").order_by("id")
    )


@dataclass(frozen=True)
class FamilyNoticeRow:
    """One notice as the family's progress page lists it."""

    told_on: date
    step: str
    reason: str
    expected_on: date | None


def deadline_notice_rows_for_family(plan: Plan) -> list[FamilyNoticeRow]:
    """The notices the family was sent about the plan's reviews, newest first. The caller has
    decided the person may read the plan (contributions.family_access)."""
    notices = DeadlineNotice.objects.told().filter(review__plan=plan).order_by("-told_at", "-id")
    return [
        FamilyNoticeRow(
            told_on=timezone.localdate(notice.told_at),
            step=WATCHED[notice.step].name,
            reason=notice.reason,
            expected_on=notice.expected_on,
        )
        for notice in notices
        if notice.told_at is not None
    ]


def expected_date_problem(expected_on: date, *, due_on: date, today: date) -> str:
    """Why the new expected date cannot be given to the family, or "" if it can."""
    latest = statutory.add_months(today, LATEST_EXPECTED_MONTHS)
    if expected_on <= today:
        return "The new expected date must be in the future"
    if expected_on <= due_on:
        return (
            f"The new expected date must be after the last day on time, {long_date(due_on)}: "
            "before it, the step is not late"
        )
    if expected_on > latest:
        return (
            f"The new expected date must be no later than {long_date(latest)}, "
            f"{LATEST_EXPECTED_MONTHS} months from today"
        )
    return ""


def _details(notice: DeadlineNotice, **more: Any) -> dict[str, Any]:
    return {
        "step": notice.step,
        "due_on": notice.due_on.isoformat(),
        "expected_on": notice.expected_on.isoformat() if notice.expected_on else None,
        **more,
    }


def deadline_delay_record(
    *, actor: User, review: Review, step: str, reason: str, expected_on: date, today: date
) -> DeadlineNotice:
    """The officer says a step of the review will be late, why and when it is now expected;
    the family members who follow the plan are told at once (or, if they were told on the due
    day without a reason, told the reason). Raises ValidationError, saving nothing, for a step
    done, without a deadline, already given a reason, or a date that is not sensible."""
    reason = reason.strip().rstrip(".").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason, in words the family will understand"})
    with transaction.atomic():
        # The review's row lock puts two officers saving the same review one after the other.
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("plan", "plan__child", "plan__case_officer")
            .get(pk=review.pk)
        )
        late = late_step_get(review, step)
        if late is None:
            raise ValidationError(
                "This step is done, or has no deadline yet: there is nothing to tell the family."
            )
        if not late.may_record:
            raise ValidationError("A reason and a new date are already recorded for this step.")
        problem = expected_date_problem(expected_on, due_on=late.due_on, today=today)
        if problem:
            raise ValidationError({"expected_on": problem})
        notice, _ = DeadlineNotice.objects.get_or_create(
            review=review, step=step, defaults={"due_on": late.due_on}
        )
        notice = DeadlineNotice.objects.select_for_update().get(pk=notice.pk)
        notice.reason = reason
        notice.expected_on = expected_on
        notice.recorded_by = actor
        notice.recorded_at = timezone.now()
        notice.save(update_fields=["reason", "expected_on", "recorded_by", "recorded_at"])
        followers = _followers(review.plan)
        event_record(
            actor=actor,
            action="deadline_notice.recorded",
            target=review,
            details=_details(notice, family_follows=bool(followers)),
        )
        if notice.told_at is None:
            _tell(notice, review=review, followers=followers, actor=actor)
        elif notice.told_without_reason:
            _tell_reason(notice, review=review, followers=followers, actor=actor)
    notice.refresh_from_db()
    return notice


def deadline_notices_send_due(*, today: date | None = None) -> int:
    """The daily task: tell every family whose step is due today (or was, up to CATCH_UP_DAYS
    ago) and still not done, and who has not been told; how many notices were sent.

    One query finds the steps due over every review; the rows are inserted together (a row
    already there is left alone), then each untold row is claimed and sent. Safe to run twice.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=CATCH_UP_DAYS)
    followed = Exists(FamilyMember.objects.current().filter(plan=OuterRef("plan")))
    due_now = Q()
    for watched in WATCHED.values():
        due_now |= (
            Q(**{f"{watched.due_field}__range": (since, today)})
            & watched.not_done()
            & Q(~Exists(DeadlineNotice.objects.filter(review=OuterRef("pk"), step=watched.step)))
        )
    fields = ["pk", *(w.due_field for w in WATCHED.values())]
    fields += [field for w in WATCHED.values() for field in w.done_fields]
    due_reviews = (
        Review.objects.filter(IS_OPEN, plan__status=PlanStatus.ACTIVE)
        .filter(followed)
        .filter(due_now)
        .values(*fields)
    )
    DeadlineNotice.objects.bulk_create(
        [
            DeadlineNotice(review_id=row["pk"], step=watched.step, due_on=row[watched.due_field])
            for row in due_reviews
            for watched in WATCHED.values()
            if row[watched.due_field] is not None
            and since <= row[watched.due_field] <= today
            and all(row[field] is None for field in watched.done_fields)
        ],
        ignore_conflicts=True,
    )
    return sum(_tell_claimed(pk) for pk in _untold(since=since, today=today))


def _untold(*, since: date, today: date) -> list[int]:
    """Rows due to be told: their day has come, their step is still not done, the review open,
    the plan active and followed. Rows the officer recorded before anyone followed the plan
    are among them."""
    followed = Exists(FamilyMember.objects.current().filter(plan=OuterRef("review__plan")))
    not_done = Q()
    for watched in WATCHED.values():
        not_done |= Q(step=watched.step) & watched.not_done("review__")
    return list(
        DeadlineNotice.objects.filter(told_at__isnull=True, due_on__range=(since, today))
        .filter(~Q(review__status=ReviewStatus.CONCLUDED), review__plan__status=PlanStatus.ACTIVE)
        .filter(followed)
        .filter(not_done)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _tell_claimed(notice_id: int) -> bool:
    with transaction.atomic():
        notice = DeadlineNotice.objects.filter(pk=notice_id, told_at__isnull=True).first()
        if notice is None:
            return False
        review = Review.objects.select_related("plan", "plan__child", "plan__case_officer").get(
            pk=notice.review_id
        )
        return _tell(notice, review=review, followers=_followers(review.plan), actor=None)


def _followers(plan: Plan) -> list[FamilyMember]:
    return list(
        FamilyMember.objects.current()
        .filter(plan=plan, user__is_active=True)
        .select_related("user")
        .order_by("invited_at", "id")
    )


def _claim(notice: DeadlineNotice, now: datetime, **values: Any) -> bool:
    """The one conditional UPDATE that makes this caller the only sender of the notice."""
    unsent = Q(told_at__isnull=True) if "told_at" in values else Q(reason_told_at__isnull=True)
    return DeadlineNotice.objects.filter(unsent, pk=notice.pk).update(**values) == 1


def _tell(
    notice: DeadlineNotice, *, review: Review, followers: list[FamilyMember], actor: User | None
) -> bool:
    """Claim the notice and email the family; whether this call told them."""
    if not followers:
        return False
    now = timezone.now()
    if not _claim(notice, now, told_at=now, members_told=len(followers)):
        return False
    notice.refresh_from_db()  # the reason as it stands now that the row is ours
    notice.told_without_reason = not notice.reason
    notice.save(update_fields=["told_without_reason"])
    _email(notice, review=review, followers=followers, template="deadline_missed")
    if notice.told_without_reason:
        Alert.objects.get_or_create(
            review=review,
            step=notice.step,
            kind=AlertKind.FAMILY_WAITING,
            defaults={"due_on": notice.due_on},
        )
    event_record(
        actor=actor,
        action="deadline_notice.family_told",
        target=review,
        details=_details(
            notice, with_reason=not notice.told_without_reason, members_told=len(followers)
        ),
    )
    return True


def _tell_reason(
    notice: DeadlineNotice, *, review: Review, followers: list[FamilyMember], actor: User
) -> bool:
    """The reason the officer gave after the family was told without one; sent once."""
    if not followers:
        return False
    now = timezone.now()
    if not _claim(notice, now, reason_told_at=now):
        return False
    _email(notice, review=review, followers=followers, template="deadline_reason")
    Alert.objects.filter(
        review=review, step=notice.step, kind=AlertKind.FAMILY_WAITING, done_at__isnull=True
    ).update(done_at=now, handled_by=actor)
    event_record(
        actor=actor,
        action="deadline_notice.reason_told",
        target=review,
        details=_details(notice, members_told=len(followers)),
    )
    return True


def _email(
    notice: DeadlineNotice, *, review: Review, followers: list[FamilyMember], template: str
) -> None:
    watched = WATCHED[notice.step]
    child = review.plan.child.forename
    officer = review.plan.case_officer
    for member in followers:
        notice_send(
            f"We will be late with {child}'s plan",
            f"contributions/email/{template}.txt",
            {
                "member": member.user,
                "child": child,
                "will_not": watched.will_not.format(child=child),
                "expect": watched.expect,
                "due_on": long_date(notice.due_on),
                "reason": notice.reason,
                "expected_on": long_date(notice.expected_on) if notice.expected_on else "",
                "officer": officer,
            },
            [member.user.email],
        )
