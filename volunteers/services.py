"""The rules that decide whether a volunteer may be given a review (DESIGN section 4).

They live here, not in forms, so that every way of assigning work obeys them: a volunteer
works only on the release days an approved agreement gives, no more reviews a day than their
capacity, and never on a child of their own school."""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from accounts.models import Role, User
from audit.services import event_record
from casework.conflicts import own_school_conflict, own_school_conflict_reason
from casework.models import Plan
from common.dates import weekday_date
from common.notices import notice_send
from reviews.models import Review
from reviews.selectors import review_may_change
from volunteers.models import (
    AgreementStatus,
    Assignment,
    ProgrammeSettings,
    ReleaseAgreement,
    SchoolHoliday,
    VolunteerProfile,
)

logger = logging.getLogger(__name__)

# Assignments closed with this reason were taken back before any work; they free their slot.
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ReleaseDay:
    agreement: ReleaseAgreement
    day: datetime.date


@dataclass(frozen=True)
class AssignmentOutcome:
    review: Review
    assignment: Assignment | None
    refusal: str | None


def agreement_next_release_day(
    agreement: ReleaseAgreement,
    *,
    today: datetime.date,
    holidays: Iterable[SchoolHoliday] = (),
) -> datetime.date | None:
    """The agreement's next release day (today included) that is not in a school holiday,
    or None once its last week has passed. The one place release days are worked out: a
    holiday does not lengthen the agreement, its weekday in the holiday is simply not worked."""
    day = agreement.first_day
    if day < today:
        day += datetime.timedelta(weeks=-(-(today - day).days // 7))
    closed = [holiday for holiday in holidays if holiday.end_on >= day]
    while day <= agreement.last_day:
        if not any(holiday.covers(day) for holiday in closed):
            return day
        day += datetime.timedelta(weeks=1)
    return None


def school_holidays_from(today: datetime.date) -> list[SchoolHoliday]:
    return list(SchoolHoliday.objects.filter(end_on__gte=today))


def volunteer_next_release_day(
    volunteer: User,
    *,
    today: datetime.date | None = None,
    holidays: Iterable[SchoolHoliday] | None = None,
) -> ReleaseDay | None:
    """The next day (today included) an approved agreement releases the volunteer, if any."""
    today = today or timezone.localdate()
    holidays = school_holidays_from(today) if holidays is None else list(holidays)
    return _next_release(
        ReleaseAgreement.objects.filter(volunteer=volunteer, status=AgreementStatus.APPROVED),
        today=today,
        holidays=holidays,
    )


def _next_release(
    agreements: Iterable[ReleaseAgreement],
    *,
    today: datetime.date,
    holidays: Iterable[SchoolHoliday],
) -> ReleaseDay | None:
    best: ReleaseDay | None = None
    for agreement in agreements:
        if agreement.status != AgreementStatus.APPROVED:
            continue
        day = agreement_next_release_day(agreement, today=today, holidays=holidays)
        if day is not None and (best is None or day < best.day):
            best = ReleaseDay(agreement, day)
    return best


@dataclass(frozen=True)
class VolunteerCapacity:
    """Whether a volunteer can be given work now, and if not, why not (in words)."""

    volunteer: User
    release: ReleaseDay | None
    per_day: int
    assigned: int
    unavailable: str | None

    @property
    def free(self) -> int:
        return max(self.per_day - self.assigned, 0) if self.release is not None else 0

    @property
    def can_take_work(self) -> bool:
        return self.unavailable is None


def _unavailable_reason(
    volunteer: User,
    agreements: list[ReleaseAgreement],
    release: ReleaseDay | None,
    *,
    per_day: int,
    assigned: int,
) -> str | None:
    if volunteer.role != Role.VOLUNTEER or not volunteer.is_active:
        return "not an active volunteer reviewer"
    if release is not None:
        if assigned >= per_day:
            return (
                f"no places left on {weekday_date(release.day)}, their next release day: "
                f"{assigned} of {per_day} reviews already assigned"
            )
        return None
    statuses = {agreement.status for agreement in agreements}
    if AgreementStatus.APPROVED in statuses:
        return "no release day left this term"
    if AgreementStatus.PAUSED in statuses:
        return "their release is paused by their school"
    if AgreementStatus.REQUESTED in statuses:
        return "their release is waiting for their headteacher's approval"
    return "no release agreed with their school"


def volunteer_capacity_list(
    volunteers: Iterable[User], *, today: datetime.date | None = None
) -> list[VolunteerCapacity]:
    """Each volunteer's next release day, places per day, reviews already given for that
    day and why they cannot take work, if they cannot: the rule assignments_create refuses
    by. Set-based: a fixed number of queries, whatever the number of volunteers."""
    today = today or timezone.localdate()
    volunteers = list(volunteers)
    ids = [volunteer.pk for volunteer in volunteers]
    holidays = school_holidays_from(today)
    default_per_day = ProgrammeSettings.current().reviews_per_day
    own_per_day = dict(
        VolunteerProfile.objects.filter(user_id__in=ids, reviews_per_day__isnull=False).values_list(
            "user_id", "reviews_per_day"
        )
    )
    agreements_of: dict[int, list[ReleaseAgreement]] = {pk: [] for pk in ids}
    for agreement in ReleaseAgreement.objects.filter(
        volunteer_id__in=ids,
        status__in=[AgreementStatus.APPROVED, AgreementStatus.PAUSED, AgreementStatus.REQUESTED],
    ):
        agreements_of[agreement.volunteer_id].append(agreement)
    releases = {
        pk: _next_release(found, today=today, holidays=holidays)
        for pk, found in agreements_of.items()
    }
    days = {release.day for release in releases.values() if release is not None}
    load = {
        (row["volunteer_id"], row["release_day"]): row["n"]
        for row in Assignment.objects.filter(volunteer_id__in=ids, release_day__in=days)
        .exclude(closed_reason=WITHDRAWN)
        .values("volunteer_id", "release_day")
        .annotate(n=Count("id"))
    }
    found = []
    for volunteer in volunteers:
        release = releases[volunteer.pk]
        per_day = own_per_day.get(volunteer.pk) or default_per_day
        assigned = load.get((volunteer.pk, release.day), 0) if release is not None else 0
        reason = _unavailable_reason(
            volunteer, agreements_of[volunteer.pk], release, per_day=per_day, assigned=assigned
        )
        found.append(VolunteerCapacity(volunteer, release, per_day, assigned, reason))
    return found


def assignments_create(
    *,
    actor: User,
    volunteer: User,
    reviews: Sequence[Review],
    today: datetime.date | None = None,
) -> list[AssignmentOutcome]:
    """Give each review to the volunteer for their next release day, or refuse it with the
    reason. Rows are decided one by one; the refused ones change nothing."""
    outcomes: list[AssignmentOutcome] = []
    with transaction.atomic():
        # One officer at a time decides a volunteer's day, so capacity cannot be overshot;
        # the reviews are locked (in id order, so two officers cannot deadlock) so that one
        # review cannot be given to two volunteers at once.
        volunteer = User.objects.select_for_update().get(pk=volunteer.pk)
        locked = {
            r.pk: r
            for r in Review.objects.select_for_update(of=("self",))
            .select_related("plan", "plan__setting")
            .filter(pk__in=[r.pk for r in reviews])
            .order_by("pk")
        }
        open_ids = set(
            Assignment.objects.open()
            .filter(review_id__in=locked)
            .values_list("review_id", flat=True)
        )
        capacity = volunteer_capacity_list([volunteer], today=today)[0]
        release = capacity.release
        load = capacity.assigned
        for given in reviews:
            review = locked.get(given.pk, given)
            ref = review.plan.plan_ref
            refusal: str | None
            if volunteer.role != Role.VOLUNTEER or not volunteer.is_active:
                refusal = f"{volunteer} cannot take it: {capacity.unavailable}"
            elif not review_may_change(actor, review):
                refusal = "you may not change this review"
            elif not review.is_open:
                refusal = "the review has concluded"
            elif review.pk in open_ids:
                refusal = "it is already assigned to a volunteer"
            elif release is None:
                refusal = f"{volunteer} cannot take it: {capacity.unavailable}"
            elif (
                conflict := own_school_conflict_reason(
                    school_id=volunteer.setting_id, plan=review.plan
                )
            ) is not None:
                refusal = conflict
            elif load >= capacity.per_day:
                refusal = (
                    f"{volunteer} has no places left on {weekday_date(release.day)}: "
                    f"{load} of {capacity.per_day} reviews already assigned"
                )
            else:
                refusal = None
            if refusal is not None:
                outcomes.append(AssignmentOutcome(review, None, f"{ref}: {refusal}."))
                continue
            assert release is not None
            assignment = Assignment.objects.create(
                review=review, volunteer=volunteer, release_day=release.day, assigned_by=actor
            )
            load += 1
            open_ids.add(review.pk)
            event_record(
                actor=actor,
                action="assignment.created",
                target=review,
                details={
                    "volunteer": volunteer.pk,
                    "volunteer_name": str(volunteer),
                    "release_day": release.day.isoformat(),
                },
            )
            outcomes.append(AssignmentOutcome(review, assignment, None))
    return outcomes


def assignments_close_for_review(*, actor: User | None, review: Review, reason: str) -> int:
    """Close the review's open assignment, ending the volunteer's access to it."""
    assignments = list(Assignment.objects.select_for_update().open().filter(review=review))
    for assignment in assignments:
        assignment.closed_at = timezone.now()
        assignment.closed_reason = reason
        assignment.save(update_fields=["closed_at", "closed_reason"])
        event_record(
            actor=actor,
            action="assignment.closed",
            target=review,
            details={"volunteer": assignment.volunteer_id, "reason": reason},
        )
    return len(assignments)


def _conflict_officers(plan: Plan) -> list[str]:
    """Who is told: the plan's case officer, or else the case officers of its area."""
    officer = plan.case_officer
    if officer is not None and officer.is_active:
        return [officer.email]
    return list(
        User.objects.filter(role=Role.CASE_OFFICER, is_active=True, areas=plan.area_id)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _conflict_notice_send(assignment: Assignment, reason: str) -> None:
    # A mail server that fails is the notification layer's to retry; the assignment is closed
    # and its event written either way, and the case page shows both.
    plan = assignment.review.plan
    notice_send(
        f"{plan.plan_ref}: assignment to {assignment.volunteer} closed (conflict of interest)",
        "volunteers/email/assignment_conflict.txt",
        {"assignment": assignment, "plan": plan, "reason": reason},
        _conflict_officers(plan),
    )


def assignments_close_for_conflicts() -> int:
    """Close every open assignment whose review's plan is at, or names, the volunteer's own
    school: the plan's school (by import or on the case page) or the volunteer's changed after
    it was assigned. The access rule already hides such a review from the volunteer; this ends
    the assignment, writes its event and tells the case officer, once.

    Set-based: one query finds the conflicts among open assignments, whatever the number of
    plans. Safe to run twice or at once: rows are claimed with SELECT ... FOR UPDATE SKIP
    LOCKED and only open ones are closed; the notices go once the closing is committed."""
    with transaction.atomic():
        conflicted = list(
            Assignment.objects.select_for_update(of=("self",), skip_locked=True)
            .open()
            .filter(volunteer__setting__isnull=False)
            .filter(own_school_conflict(plan="review__plan", school=F("volunteer__setting")))
            .select_related(
                "volunteer",
                "review__plan__setting",
                "review__plan__case_officer",
            )
            .order_by("pk")
        )
        now = timezone.now()
        for assignment in conflicted:
            plan = assignment.review.plan
            reason = (
                own_school_conflict_reason(school_id=assignment.volunteer.setting_id, plan=plan)
                or "conflict of interest with the volunteer's own school"
            )
            assignment.closed_at = now
            assignment.closed_reason = reason[:200]
            assignment.save(update_fields=["closed_at", "closed_reason"])
            event_record(
                actor=None,
                action="assignment.closed",
                target=assignment.review,
                details={"volunteer": assignment.volunteer_id, "reason": reason},
            )
            transaction.on_commit(partial(_conflict_notice_send, assignment, reason))
    return len(conflicted)


def school_holiday_add(
    *, actor: User, name: str, start_on: datetime.date, end_on: datetime.date
) -> SchoolHoliday:
    """Add a school holiday; release days in it are no longer worked."""
    with transaction.atomic():
        holiday = SchoolHoliday.objects.create(name=name, start_on=start_on, end_on=end_on)
        event_record(
            actor=actor, action="school_holiday.added", target=holiday, details=_days(holiday)
        )
    return holiday


def school_holiday_remove(*, actor: User, holiday_id: int) -> SchoolHoliday | None:
    """Remove a school holiday, if it is still there; its days become release days again."""
    with transaction.atomic():
        holiday = SchoolHoliday.objects.select_for_update().filter(pk=holiday_id).first()
        if holiday is None:
            return None
        event_record(
            actor=actor, action="school_holiday.removed", target=holiday, details=_days(holiday)
        )
        holiday.delete()
    return holiday


def _days(holiday: SchoolHoliday) -> dict[str, str]:
    return {
        "name": holiday.name,
        "start_on": holiday.start_on.isoformat(),
        "end_on": holiday.end_on.isoformat(),
    }
