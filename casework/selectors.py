"""Who may see a plan: the one access decision for pages, API and exports."""

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User
from casework.models import Plan


def plan_list_for_user(user: User) -> QuerySet[Plan]:
    """Plans the person may see: a case officer their areas', a manager all; others none."""
    plans = Plan.objects.select_related("child", "area", "setting", "case_officer")
    if user.role == Role.MANAGER:
        return plans
    if user.role == Role.CASE_OFFICER:
        return plans.filter(area__in=user.areas.all())
    return plans.none()


def plan_get_for_user(user: User, plan_ref: str) -> Plan:
    """The plan, or 404 if the person may not see it."""
    plan = plan_list_for_user(user).filter(plan_ref=plan_ref).first()
    if plan is None:
        raise Http404("No such plan.")
    return plan
