"""Who may see a plan: the one access decision for pages, API and exports."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from casework.models import Plan
from organisation.models import AreaTeam

Rows = TypeVar("Rows", bound=QuerySet[Any])


def in_visible_areas(user: User, queryset: Rows, *, area_field: str) -> Rows:
    """The one rule for casework: a manager sees every area, a case officer their own areas,
    everyone else nothing. Plans, reviews, alerts and exports all pass through here."""
    if user.role == Role.MANAGER:
        return queryset
    if user.role == Role.CASE_OFFICER:
        return queryset.filter(**{f"{area_field}__in": user.areas.all()})
    return queryset.none()


def area_list_for_user(user: User) -> QuerySet[AreaTeam]:
    """The area teams whose caseload the person works: where they may import plans."""
    return in_visible_areas(user, AreaTeam.objects.all(), area_field="pk")


def plan_list_for_user(user: User) -> QuerySet[Plan]:
    """Plans the person may see."""
    plans = Plan.objects.select_related("child", "area", "setting", "case_officer")
    return in_visible_areas(user, plans, area_field="area")


def plan_may_change(user: User, plan: Plan) -> bool:
    """A case officer of the plan's area, or a manager (any area), changes the plan, the
    child's details and the plan's reviews (docs/decisions/0015)."""
    if user.role == Role.MANAGER:
        return True
    return user.role == Role.CASE_OFFICER and user.areas.filter(pk=plan.area_id).exists()


def plan_get_for_user(user: User, plan_ref: str, *, write: bool = False) -> Plan:
    """The plan, or 404 if the person may not see it; 403 if they may see but not change it."""
    plan = plan_list_for_user(user).filter(plan_ref=plan_ref).first()
    if plan is None:
        raise Http404("No such plan.")
    if write and not plan_may_change(user, plan):
        raise PermissionDenied("You may see this plan but not change it.")
    return plan
