"""What a school's staff may see and change (DESIGN section 9): the one access decision for
the school's pages and its API.

A school sees the open reviews of the children on its roll, that is the plans whose current
setting is the school, for as long as the person holds a current place on its staff list
(accounts.SchoolStaff). The role alone gives nothing: a headteacher who is not on the staff
list sees no case data, and access ends the moment the plan's setting changes or the place
ends.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from accounts.selectors import school_places_for
from reviews.models import Review, ReviewQuerySet


def school_review_list_for_user(user: User) -> ReviewQuerySet:
    """The open reviews of children on the rolls of the schools the person is staff of,
    soonest due first."""
    settings = school_places_for(user).values("setting")
    return (
        Review.objects.open()
        .filter(plan__setting__in=settings)
        .select_related("plan", "plan__child", "plan__setting", "plan__case_officer")
        .order_by("due_on", "plan__plan_ref")
    )


def school_review_may_change(user: User, review: Review) -> bool:
    """Any member of the school's staff records its steps while the review is open; the
    council's own steps stay with the council (reviews.selectors.review_may_change)."""
    return school_review_list_for_user(user).filter(pk=review.pk).exists()


def school_review_get_for_user(user: User, pk: int, *, write: bool = False) -> Review:
    """The review, or 404 if it is not one of the person's schools' open reviews; 403 if they
    may see it but not change it."""
    review = school_review_list_for_user(user).filter(pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    if write and not school_review_may_change(user, review):
        raise PermissionDenied("You may see this review but not change it.")
    return review


def is_school_staff(user: User) -> bool:
    """Whether the person holds a current place on any school's staff list."""
    return school_places_for(user).exists()
