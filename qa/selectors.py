"""Who may see and change QA checklists: the one access decision for pages, API and exports.

- A volunteer sees their own checklists while the assignment they were made for is open and
  they may see its review (reviews.selectors.review_list_for_user), and changes them while
  they are a draft or returned to them.
- Case officers see the checklists of reviews in their areas, managers all of them
  (through reviews.selectors.review_list_for_user); neither changes a volunteer's answers.
- Headteachers and Local Offer editors see none.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from qa.models import Checklist, ChecklistStatus
from reviews.models import assignment_is_open
from reviews.selectors import review_list_for_user

EDITABLE = frozenset({ChecklistStatus.DRAFT, ChecklistStatus.RETURNED})


def checklist_list_for_user(user: User) -> QuerySet[Checklist]:
    """Checklists the person may see."""
    checklists = Checklist.objects.select_related(
        "template", "review", "review__plan", "volunteer", "assignment"
    )
    if user.role == Role.VOLUNTEER:
        return checklists.filter(
            assignment_is_open("assignment"),
            volunteer=user,
            review__in=review_list_for_user(user).values("pk"),
        )
    if user.role in {Role.CASE_OFFICER, Role.MANAGER}:
        return checklists.filter(review__in=review_list_for_user(user).values("pk"))
    return checklists.none()


def checklist_may_change(user: User, checklist: Checklist) -> bool:
    """Only the volunteer who holds the assignment edits the checklist, and only while it is
    a draft or has been returned to them."""
    return (
        user.role == Role.VOLUNTEER
        and checklist.volunteer_id == user.pk
        and checklist.assignment.is_open
        and checklist.status in EDITABLE
    )


def checklist_get_for_user(user: User, pk: int, *, write: bool = False) -> Checklist:
    """The checklist, or 404 if the person may not see it; 403 if they may see but not change
    it."""
    checklist = checklist_list_for_user(user).filter(pk=pk).first()
    if checklist is None:
        raise Http404("No such checklist.")
    if write and not checklist_may_change(user, checklist):
        raise PermissionDenied("You may see this checklist but not change it.")
    return checklist
