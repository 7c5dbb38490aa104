"""What a family member may see and change (DESIGN section 9): the one access decision for
the family's pages.

A family member sees the plans they hold a current place on (contributions.FamilyMember),
never another child's. The place ends when the officer removes them. When the plan ceases
they keep, for FAMILY_READ_AFTER_CEASE_DAYS, only the letters sent to them (`letters_only`);
after that, nothing. A young person may be invited to their own plan from their 16th
birthday, and only they see who else follows it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import Role, User
from casework.models import Plan, PlanStatus
from contributions.family_models import FamilyMember, FamilyMemberQuerySet, FamilyRelationship
from reviews.statutory import age_on

# A young person may follow their own plan, and be invited to it, from this birthday.
YOUNG_PERSON_FROM_AGE = 16


@dataclass(frozen=True)
class FamilyPlace:
    """A plan a family member may open, and how much of it."""

    member: FamilyMember
    plan: Plan
    letters_only: bool  # the plan has ceased: only the letters sent stay readable


def _read_after_cease_from(today: date) -> date:
    """Plans that ceased on or after this day still show their letters."""
    return today - timedelta(days=settings.FAMILY_READ_AFTER_CEASE_DAYS)


def family_places_for(user: User, *, today: date) -> FamilyMemberQuerySet:
    """The person's current places on plans that are active, or that ceased recently enough
    for their letters to stay readable; empty for anyone who is not a family member."""
    if not (user.is_authenticated and user.is_active and user.role == Role.FAMILY):
        return FamilyMember.objects.none()
    return (
        FamilyMember.objects.current()
        .filter(user=user)
        .filter(
            Q(plan__status=PlanStatus.ACTIVE)
            | Q(plan__status=PlanStatus.CEASED, plan__ceased_on__gte=_read_after_cease_from(today))
        )
        .select_related("plan", "plan__child", "plan__case_officer", "plan__setting")
        .order_by("plan__child__forename", "plan__child__surname", "plan__plan_ref")
    )


def family_place_list_for_user(user: User, *, today: date) -> list[FamilyPlace]:
    """The plans the person follows, with how much of each they may see."""
    return [
        FamilyPlace(
            member=member, plan=member.plan, letters_only=member.plan.status == PlanStatus.CEASED
        )
        for member in family_places_for(user, today=today)
    ]


def family_place_get_for_user(
    user: User, plan_id: int, *, today: date, write: bool = False, letters: bool = False
) -> FamilyPlace:
    """The person's place on the plan, or 404 if they do not follow it (or no longer may).

    On a ceased plan only its letters stay readable: anything else is 404; a change (`write`)
    to a ceased plan is 403, since they may still see the plan's letters.
    """
    member = family_places_for(user, today=today).filter(plan_id=plan_id).first()
    if member is None:
        raise Http404("No such plan.")
    place = FamilyPlace(
        member=member, plan=member.plan, letters_only=member.plan.status == PlanStatus.CEASED
    )
    if place.letters_only and write:
        raise PermissionDenied("This plan has ended. You can still read its letters.")
    if place.letters_only and not letters:
        raise Http404("No such plan.")
    return place


def young_person_may_be_invited(plan: Plan, *, today: date) -> bool:
    """Whether the child is old enough to be invited to their own plan."""
    return age_on(date_of_birth=plan.child.date_of_birth, on=today) >= YOUNG_PERSON_FROM_AGE


def family_member_sees_who_follows(place: FamilyPlace) -> bool:
    """Only the young person sees who else follows their plan."""
    return place.member.relationship == FamilyRelationship.YOUNG_PERSON


def family_member_list_for_plan(plan: Plan) -> FamilyMemberQuerySet:
    """Who follows the plan now, in the order they were invited."""
    return (
        FamilyMember.objects.current()
        .filter(plan=plan)
        .select_related("user", "invited_by")
        .order_by("invited_at", "id")
    )
