"""The demo family: a parent who follows the plans of children at the demo school, so the
family's pages can be tried from `make run` (DESIGN section 9). Safe to run again."""

from django.db import transaction

from accounts.models import User
from casework.models import Plan
from contributions.family_models import FamilyMember, FamilyRelationship
from demo.schools import PLAN_REF

FAMILY_EMAIL = "parent@example.org"
# The demo school's children whose plans the demo parent follows (demo.schools.STAGES).
FAMILY_PLAN_NUMBERS = (3, 5, 7)


@transaction.atomic
def demo_family_seed() -> int:
    """Give the demo parent a place on the demo plans they follow; how many were added."""
    parent = User.objects.get(email=FAMILY_EMAIL)
    officer = None
    added = 0
    for plan in Plan.objects.filter(
        plan_ref__in=[PLAN_REF.format(n) for n in FAMILY_PLAN_NUMBERS]
    ).select_related("case_officer"):
        officer = plan.case_officer
        _, created = FamilyMember.objects.get_or_create(
            plan=plan,
            user=parent,
            removed_at=None,
            defaults={"relationship": FamilyRelationship.PARENT, "invited_by": officer},
        )
        added += created
    return added
