"""The own-school rule (DESIGN section 4): a volunteer never works on, nor sees, the review of
a child who attends their own school or whose plan names it as the next school.

One rule in two forms, kept side by side: a query condition for the access rule and the sweep
(reviews.selectors, volunteers.services.assignments_close_for_conflicts), and the reason in
words for one plan when an officer assigns work (volunteers.services.assignments_create). It
imports only the casework models, so the reviews' access rule can use it.
"""

from typing import Any

from django.db.models import Q

from casework.models import Plan


def own_school_conflict(*, plan: str, school: Any) -> Q:
    """Rows whose plan (reached by the lookup path `plan`) is at `school`, or names it as the
    next school. `school` is a setting id or an expression such as F("volunteer__setting")."""
    return Q(**{f"{plan}__setting": school}) | Q(**{f"{plan}__named_setting": school})


def own_school_conflict_reason(*, school_id: int | None, plan: Plan) -> str | None:
    """Why a volunteer of `school_id` may not have this plan's review, or None if they may."""
    if school_id is None:
        return None
    if plan.setting_id == school_id:
        name = plan.setting.name if plan.setting else "the school"
        return f"conflict of interest: the child attends {name}, the volunteer's own school"
    if plan.named_setting_id == school_id:
        return "conflict of interest: the plan names the volunteer's own school for the child"
    return None
