"""Who may see volunteers and their assignments: the one access decision for pages and API."""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet
from django.http import Http404

from accounts.models import Role, User
from reviews.selectors import review_list_for_user
from volunteers.models import Assignment, ReleaseAgreement


def volunteer_list_for_user(user: User) -> QuerySet[User]:
    """Volunteers someone may give work to: case officers and managers see the programme's
    active volunteers; nobody else sees any."""
    if user.role not in {Role.CASE_OFFICER, Role.MANAGER}:
        return User.objects.none()
    return User.objects.filter(role=Role.VOLUNTEER, is_active=True).select_related("setting")


def assignments_open_for_outer_review() -> QuerySet[Assignment]:
    """For a subquery: the open assignment (at most one) of the outer query's review."""
    return Assignment.objects.open().filter(review=OuterRef("pk"))


def assignment_open_for_review(review_id: int) -> Assignment | None:
    """The review's current assignment, if a volunteer holds it."""
    return (
        Assignment.objects.select_related("volunteer", "volunteer__setting")
        .open()
        .filter(review_id=review_id)
        .first()
    )


def agreement_list_for_user(user: User) -> QuerySet[ReleaseAgreement]:
    """Release agreements the person may see: a headteacher those of their own school's
    staff, a volunteer their own, case officers and managers all; nobody else any."""
    agreements = ReleaseAgreement.objects.select_related(
        "volunteer", "volunteer__setting", "decided_by"
    )
    if user.role == Role.HEADTEACHER:
        if user.setting_id is None:
            return agreements.none()
        return agreements.filter(volunteer__setting_id=user.setting_id)
    if user.role == Role.VOLUNTEER:
        return agreements.filter(volunteer=user)
    if user.role in {Role.CASE_OFFICER, Role.MANAGER}:
        return agreements
    return agreements.none()


def agreement_may_decide(user: User, agreement: ReleaseAgreement) -> bool:
    """Only a headteacher of the volunteer's school decides on their release."""
    return (
        user.role == Role.HEADTEACHER
        and user.is_active
        and user.setting_id is not None
        and user.setting_id == agreement.volunteer.setting_id
    )


def agreement_get_for_user(user: User, pk: int, *, write: bool = False) -> ReleaseAgreement:
    """The agreement, or 404 if the person may not see it; 403 if they may see it but not
    decide on it."""
    agreement = agreement_list_for_user(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404("No such release agreement.")
    if write and not agreement_may_decide(user, agreement):
        raise PermissionDenied("Only the school's headteacher decides on a SENCO's release.")
    return agreement


def assignment_list_for_user(user: User) -> QuerySet[Assignment]:
    """Assignments the person may see: a volunteer their own open ones of the reviews they may
    see (access to a review ends when its assignment closes or its plan comes to their own
    school); officers and managers those of the reviews they may see, open and closed;
    nobody else any."""
    assignments = Assignment.objects.select_related("review__plan", "volunteer", "checklist")
    if user.role == Role.VOLUNTEER:
        return assignments.open().filter(
            volunteer=user,
            review__in=review_list_for_user(user).values("pk"),
        )
    if user.role in {Role.CASE_OFFICER, Role.MANAGER}:
        return assignments.filter(review__in=review_list_for_user(user).values("pk"))
    return assignments.none()
