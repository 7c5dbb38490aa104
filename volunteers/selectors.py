"""Who may see volunteers and their assignments: the one access decision for pages and API."""

from django.db.models import OuterRef, QuerySet

from accounts.models import Role, User
from volunteers.models import Assignment


def volunteer_list_for_user(user: User) -> QuerySet[User]:
    """Volunteers someone may give work to: case officers and managers see the programme's
    active volunteers; nobody else sees any."""
    if user.role not in {Role.CASE_OFFICER, Role.MANAGER}:
        return User.objects.none()
    return User.objects.filter(role=Role.VOLUNTEER, is_active=True).select_related("setting")


def assignments_open_for_outer_review() -> QuerySet[Assignment]:
    """For a subquery: the open assignment (at most one) of the outer query's review."""
    return Assignment.objects.filter(review=OuterRef("pk"), closed_at__isnull=True)


def assignment_open_for_review(review_id: int) -> Assignment | None:
    """The review's current assignment, if a volunteer holds it."""
    return (
        Assignment.objects.select_related("volunteer", "volunteer__setting")
        .filter(review_id=review_id, closed_at__isnull=True)
        .first()
    )
