"""What the family's progress page shows of the notices that a step will be late."""

from django import template

from casework.models import Plan
from contributions.deadline_notices import FamilyNoticeRow, deadline_notice_rows_for_family

register = template.Library()


@register.simple_tag
def family_deadline_notices(plan: Plan) -> list[FamilyNoticeRow]:
    """The notices the family was sent about the plan, newest first. The page that shows them
    has already decided the person may read the plan (contributions.family_access)."""
    return deadline_notice_rows_for_family(plan)
