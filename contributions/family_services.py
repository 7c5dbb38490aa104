"""A case officer invites a child's family to follow the plan, and removes them (DESIGN
section 9). Who may do it is the plan's own rule (casework.selectors.plan_may_change),
checked by the pages through plan_get_for_user(write=True) and again here.

An invitation gives the person a family account if they have none (no password: they sign
in with an emailed code, accounts.sign_in_codes), or reuses theirs: a parent of two children
has one account with a place on each plan. Removing them ends the place at once.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_create
from audit.services import event_record
from casework.models import Plan, PlanStatus
from casework.selectors import plan_may_change
from common.council import council_details
from common.notices import notice_send
from contributions.family_access import YOUNG_PERSON_FROM_AGE, young_person_may_be_invited
from contributions.family_models import FamilyMember, FamilyRelationship


def _may_change(actor: User, plan: Plan) -> None:
    if not plan_may_change(actor, plan):
        raise PermissionDenied("You may see this plan but not change it.")


@transaction.atomic
def family_member_invite(
    *,
    actor: User,
    plan: Plan,
    full_name: str,
    email: str,
    relationship: str,
    today: date,
) -> FamilyMember:
    """Give the person a place on the plan and email them how to sign in.

    Refused, with nothing saved: a plan that has ended, a young person under
    YOUNG_PERSON_FROM_AGE, an address that belongs to a member of staff, or someone who
    already follows the plan.
    """
    _may_change(actor, plan)
    locked = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    full_name = " ".join(str(full_name).split())
    email = str(email).strip().lower()
    validate_email(email)
    if relationship not in FamilyRelationship.values:
        raise ValidationError({"relationship": "Select who they are to the child"})
    if locked.status != PlanStatus.ACTIVE:
        raise ValidationError("This plan has ended. No one can be invited to it now.")
    if relationship == FamilyRelationship.YOUNG_PERSON and not young_person_may_be_invited(
        locked, today=today
    ):
        raise ValidationError(
            {
                "relationship": f"{locked.child.forename} is not {YOUNG_PERSON_FROM_AGE} yet. "
                f"A young person can be invited from their {YOUNG_PERSON_FROM_AGE}th birthday"
            }
        )
    user = User.objects.select_for_update().filter(email=email).first()
    created = user is None
    if user is None:
        # No password: a family member signs in with a code emailed to them.
        user = user_create(email=email, role=Role.FAMILY, full_name=full_name, created_by=actor)
    elif user.role != Role.FAMILY:
        raise ValidationError(
            {"email": "This email address belongs to a member of staff. Use another address"}
        )
    elif not user.is_active:
        raise ValidationError(
            {"email": "The account for this email address is switched off. Ask a manager"}
        )
    if FamilyMember.objects.current().filter(plan=locked, user=user).exists():
        raise ValidationError({"email": f"{user.full_name} already follows this plan"})
    member = FamilyMember.objects.create(
        plan=locked,
        user=user,
        relationship=relationship,
        invited_by=actor,
        invited_at=timezone.now(),
    )
    event_record(
        actor=actor,
        action="family.invited",
        target=locked,
        details={"relationship": relationship, "user": user.pk, "new_account": created},
    )
    officer = locked.case_officer or actor
    notice_send(
        f"You can now follow {locked.child.forename}'s EHCP review online",
        "contributions/email/family_invitation.txt",
        {
            "member": member,
            "user": user,
            "child_name": locked.child.forename,
            "young_person": relationship == FamilyRelationship.YOUNG_PERSON,
            "officer": officer,
            "council": council_details(),
            "by_code": settings.FAMILY_SIGN_IN == "code",
            "sign_in_path": settings.FAMILY_SIGN_IN_URL,
        },
        [user.email],
    )
    return member


@transaction.atomic
def family_member_remove(*, actor: User, plan: Plan, member_id: int) -> FamilyMember:
    """End the person's place on the plan; they can no longer see it from their next page."""
    _may_change(actor, plan)
    member = (
        FamilyMember.objects.current()
        .select_for_update()
        .filter(pk=member_id, plan=plan)
        .select_related("user")
        .first()
    )
    if member is None:
        raise Http404("No such family member on this plan.")
    member.removed_at = timezone.now()
    member.removed_by = actor
    member.save(update_fields=["removed_at", "removed_by"])
    event_record(
        actor=actor,
        action="family.removed",
        target=plan,
        details={"relationship": member.relationship, "user": member.user_id},
    )
    return member
