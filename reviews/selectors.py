"""Who may see and change a review: the one access decision for pages, API and exports."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404

from accounts.models import Role, User
from casework.conflicts import own_school_conflict
from casework.models import Plan
from casework.selectors import in_visible_areas, plan_may_change
from reviews.models import IS_OPEN, Review, ReviewQuerySet, assignment_is_open
from reviews.statutory import StepState


def review_list_for_user(user: User) -> ReviewQuerySet:
    """Reviews the person may see: by area (casework.selectors.in_visible_areas) for officers
    and managers; for a volunteer, only those assigned to them, only while assigned, and never
    a child of their own school, even if the plan's school changed after it was assigned."""
    reviews = Review.objects.select_related("plan", "plan__child", "plan__area", "plan__setting")
    if user.role == Role.VOLUNTEER:
        assigned = reviews.filter(assignment_is_open("assignments"), assignments__volunteer=user)
        if user.setting_id is None:
            return assigned
        return assigned.exclude(own_school_conflict(plan="plan", school=user.setting_id))
    return in_visible_areas(user, reviews, area_field="plan__area")


def review_current_for_plan(plan: Plan) -> Review | None:
    """The plan's open review, or its last one if none is open (the case page's review)."""
    return plan.reviews.order_by("concluded_on", "-due_on").first()


def review_may_change(user: User, review: Review) -> bool:
    """A case officer of the plan's area, or a manager (any area), works the review: records
    its steps, assigns it, moves it (docs/decisions/0015): whoever may change its plan."""
    return plan_may_change(user, review.plan)


def review_get_for_user(user: User, pk: int, *, write: bool = False) -> Review:
    """The review, or 404 if the person may not see it; 403 if they may see but not change it."""
    review = review_list_for_user(user).filter(pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    if write and not review_may_change(user, review):
        raise PermissionDenied("You may see this review but not change it.")
    return review


# What the table of open reviews per area team counts.
AREA_COUNTS = {
    "open": IS_OPEN,
    "backlog": IS_OPEN & Q(in_backlog=True),
    "due_soon": IS_OPEN & Q(state=StepState.DUE_SOON),
}


def review_counts_by_area(reviews: ReviewQuerySet) -> list[dict[str, Any]]:
    """Open reviews, the backlog and those due soon, per area team with open reviews, in one
    query."""
    return list(
        reviews.open()
        .values(area=F("plan__area__name"))
        .annotate(
            **{name: Count("id", filter=condition) for name, condition in AREA_COUNTS.items()}
        )
        .order_by("area")
    )


NOT_READY_FOR_CHECKING = (
    "This review cannot be checked yet: its meeting has not been recorded and its report is "
    "not in. The case officer will record them; try again after that."
)


# The same rule for a queryset: reviews a volunteer may check.
READY_FOR_CHECKING = Q(meeting_on__isnull=False) | Q(report_received_on__isnull=False)


def review_ready_for_checking(review: Review) -> bool:
    """Whether a volunteer may start or submit a QA checklist for the review: its meeting is
    recorded or its report is in. A plan is checked against the review it had, never graded
    before it."""
    return review.meeting_on is not None or review.report_received_on is not None
